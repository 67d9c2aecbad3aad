import { describe, expect, it } from 'vitest';
import { openCanvas, personContext, useServerAndBrowser, zoneEditor } from './fixtures';

describe('the connection, in words', () => {
  const world = useServerAndBrowser();

  it('says offline, keeps what is typed meanwhile and sends it once back online', async () => {
    const canvas = await world.server.createCanvas({ template: 'blank' });
    const anna = await personContext(world.browser, 'Anna');
    const bram = await personContext(world.browser, 'Bram');
    const pageA = await openCanvas(anna, world.server, canvas.links.editor);
    const pageB = await openCanvas(bram, world.server, canvas.links.editor);

    await anna.setOffline(true);
    await pageA.locator('[data-testid=connection-status][data-status=offline]').waitFor();
    expect(await pageA.locator('[data-testid=connection-status]').innerText()).toContain('Offline');
    await pageA.locator('[data-testid=offline-banner]').waitFor();
    await zoneEditor(pageA, 'obstacles').click();
    await pageA.keyboard.type('Getypt zonder wifi');
    await pageB.waitForTimeout(300);
    expect(await zoneEditor(pageB, 'obstacles').innerText()).not.toContain('Getypt zonder wifi');

    await anna.setOffline(false);
    await pageA.locator('[data-testid=connection-status][data-status=connected]').waitFor({ timeout: 15_000 });
    expect(await pageA.locator('[data-testid=offline-banner]').count()).toBe(0);
    await expect.poll(() => zoneEditor(pageB, 'obstacles').innerText(), { timeout: 5000 }).toContain('Getypt zonder wifi');
    await anna.close();
    await bram.close();
  });

  it('stops and explains when the link is replaced or the canvas deleted', async () => {
    const canvas = await world.server.createCanvas({ template: 'blank' });
    const context = await personContext(world.browser, 'Carla');
    const editor = await openCanvas(context, world.server, canvas.links.editor);
    const facilitator = await openCanvas(context, world.server, canvas.links.facilitator);
    const call = (method: string, path: string) =>
      fetch(`${world.server.url}/api/canvases/${canvas.id}${path}`, { method, headers: { authorization: `Bearer ${canvas.tokens.facilitator}` } });

    expect((await call('POST', '/links/editor/rotate')).status).toBe(200);
    const banner = editor.locator('[data-testid=closed-banner]');
    await banner.waitFor();
    expect(await banner.getAttribute('data-code')).toBe('4401');
    expect(await banner.innerText()).toContain('niet meer geldig');
    expect(await editor.locator('[data-testid=connection-status]').getAttribute('data-status')).toBe('closed');
    expect(await zoneEditor(editor, 'horizon').getAttribute('contenteditable')).toBe('false');

    expect((await call('DELETE', '')).status).toBe(204);
    await facilitator.locator('[data-testid=closed-banner][data-code="4404"]').waitFor();
    expect(await facilitator.locator('[data-testid=closed-banner]').innerText()).toContain('verwijderd');

    // Opening the old link again gives a friendly page, not an empty editor.
    await editor.reload();
    await editor.getByRole('alert').waitFor();
    expect(await editor.getByRole('alert').innerText()).toMatch(/bestaat niet|niet \(meer\) geldig/);
    await context.close();
  });
});
