import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findPageFonts } from './pageFonts';

describe('the published page’s fonts', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stip-fonts-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('finds the built client’s TTF assets of every typeface that has all four faces', () => {
    fs.mkdirSync(path.join(dir, 'assets'));
    for (const name of ['FiraSans_400Regular-BN6hITtY.ttf', 'FiraSans_700Bold-N1IGzrdY.ttf', 'FiraSans_400Regular_Italic-BbMCyKbY.ttf', 'FiraSans_700Bold_Italic-C9ECbI-n.ttf', 'Inter_400Regular-C_F0_eS_.ttf', 'app-x1.js']) {
      fs.writeFileSync(path.join(dir, 'assets', name), '');
    }
    expect(findPageFonts(dir)).toEqual({
      firaSans: {
        normal: '/assets/FiraSans_400Regular-BN6hITtY.ttf',
        bold: '/assets/FiraSans_700Bold-N1IGzrdY.ttf',
        italics: '/assets/FiraSans_400Regular_Italic-BbMCyKbY.ttf',
        bolditalics: '/assets/FiraSans_700Bold_Italic-C9ECbI-n.ttf',
      },
    });
  });

  it('finds none without a built client', () => {
    expect(findPageFonts(path.join(dir, 'missing'))).toEqual({});
  });
});
