import { describe, expect, it, vi } from 'vitest';
import { en } from './en';
import { createI18n, detectLanguage, translator, type I18nOptions, type Messages } from './i18n';
import { nl } from './nl';

const anI18n = (overrides: Partial<I18nOptions> = {}) =>
  createI18n({ language: 'nl', loadEnglish: () => Promise.resolve(en), remember: () => {}, ...overrides });

/** A promise settled from outside, to hold the English messages on their way. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

describe('a message', () => {
  it('fills in its placeholders as they are, without escaping (React escapes)', () => {
    const t = translator('en', en);
    expect(t('nameAway', { name: 'Anna & <b>Bram</b>' })).toBe(en.nameAway.replace('{{name}}', 'Anna & <b>Bram</b>'));
    expect(t('pillarTitle', { n: 3 })).toBe(en.pillarTitle.replace('{{n}}', '3'));
    expect(t('restored', { name: 'v2', saved: 'v3' })).toBe(en.restored.replace('{{name}}', 'v2').replace('{{saved}}', 'v3'));
  });

  it('leaves placeholders inside a filled-in value alone', () => {
    expect(translator('nl', nl)('nameAway', { name: '{{name}} $t(appName)' })).toBe(nl.nameAway.replace('{{name}}', '{{name}} $t(appName)'));
  });

  it('keeps a placeholder that has no value, and a message without values as it is', () => {
    const t = translator('nl', nl);
    expect(t('nameAway', {})).toBe(nl.nameAway);
    expect(t('peopleJoined')).toBe('{{names, list}} is erbij gekomen.');
  });

  it('writes a list the way of the language, down to the region', () => {
    const names = ['Anna', 'Bram', 'Cor'];
    expect(translator('nl-NL', nl)('peopleJoined', { names })).toBe('Anna, Bram en Cor is erbij gekomen.');
    expect(translator('en-GB', en)('peopleJoined', { names })).toBe('Anna, Bram and Cor joined.');
    expect(translator('en-US', en)('peopleJoined', { names })).toBe('Anna, Bram, and Cor joined.');
    expect(translator('en', en)('zoneMarkers', { names: ['Anna', 'Bram'] })).toBe('Working here: Anna and Bram');
    expect(translator('en', en)('peopleLeft', { names: ['Anna'] })).toBe('Anna left.');
  });

  it('missing in English is the Dutch one', () => {
    const t = translator('en', { close: 'Close' } satisfies Partial<Messages>);
    expect(t('close')).toBe('Close');
    expect(t('keysTitle')).toBe(nl.keysTitle);
    expect(t('nameAway', { name: 'Anna' })).toBe(nl.nameAway.replace('{{name}}', 'Anna'));
  });

  it('is asked for by a key of nl.ts only', () => {
    const t = translator('nl', nl);
    // @ts-expect-error: not a message key (npm run lint fails should keys stop being checked)
    expect(t('noSuchKey')).toBeUndefined();
  });
});

describe('the language detected', () => {
  it('is the one chosen by hand in this browser before the browser’s own', () => {
    expect(detectLanguage('en', ['nl-NL', 'nl'])).toBe('en');
    expect(detectLanguage('nl', ['en-GB', 'en'])).toBe('nl');
  });

  it('is otherwise the first of the browser’s languages that is Dutch or English, any region', () => {
    expect(detectLanguage(null, ['fr-FR', 'en-US', 'nl'])).toBe('en-US');
    expect(detectLanguage(null, ['de-CH', 'nl-BE'])).toBe('nl-BE');
    expect(detectLanguage('fr', ['en-AU'])).toBe('en-AU');
    expect(detectLanguage(null, ['EN-gb'])).toBe('en-GB');
  });

  it('is Dutch when nothing asks for Dutch or English', () => {
    expect(detectLanguage(null, [])).toBe('nl');
    expect(detectLanguage('<b>', ['fr-FR', 'de'])).toBe('nl');
  });
});

describe('the UI language', () => {
  it('starts in Dutch at once', () => {
    const i18n = anI18n({ language: 'nl-BE' });
    expect(i18n.current().i18n).toEqual({ language: 'nl-BE', resolvedLanguage: 'nl' });
    expect(i18n.current().t('close')).toBe(nl.close);
  });

  it('starts in English once its messages are in, Dutch until then', async () => {
    const english = deferred<Messages>();
    const i18n = anI18n({ language: 'en-GB', loadEnglish: () => english.promise });
    expect(i18n.current().i18n.resolvedLanguage).toBe('nl');
    english.resolve(en);
    await i18n.ready;
    expect(i18n.current().i18n).toEqual({ language: 'en-GB', resolvedLanguage: 'en' });
    expect(i18n.current().t('close')).toBe(en.close);
  });

  it('stays Dutch when the English messages do not arrive, and fetches them again on the next switch', async () => {
    const loadEnglish = vi.fn<() => Promise<Messages>>().mockRejectedValueOnce(new Error('offline')).mockResolvedValue(en);
    const i18n = anI18n({ language: 'en', loadEnglish });
    await i18n.ready;
    expect(i18n.current().i18n.resolvedLanguage).toBe('nl');
    expect(i18n.current().t('close')).toBe(nl.close);
    await i18n.setLanguage('en');
    expect(loadEnglish).toHaveBeenCalledTimes(2);
    expect(i18n.current().t('close')).toBe(en.close);
  });

  it('tells its subscribers when it switches, with a new t, and remembers the choice', async () => {
    const remember = vi.fn();
    const i18n = anI18n({ remember });
    const listener = vi.fn();
    const unsubscribe = i18n.subscribe(listener);
    const before = i18n.current();
    await i18n.setLanguage('en');
    expect(listener).toHaveBeenCalledTimes(1);
    expect(remember).toHaveBeenCalledWith('en');
    expect(i18n.current().t).not.toBe(before.t);
    expect(i18n.current().t('close')).toBe(en.close);
    expect(i18n.current().i18n).toEqual({ language: 'en', resolvedLanguage: 'en' });
    unsubscribe();
    await i18n.setLanguage('nl');
    expect(listener).toHaveBeenCalledTimes(1);
    expect(i18n.current().t('close')).toBe(nl.close);
  });

  it('keeps the last choice when an earlier one arrives after it', async () => {
    const english = deferred<Messages>();
    const i18n = anI18n({ loadEnglish: () => english.promise });
    const toEnglish = i18n.setLanguage('en');
    await i18n.setLanguage('nl');
    english.resolve(en);
    await toEnglish;
    expect(i18n.current().i18n.resolvedLanguage).toBe('nl');
  });
});
