import fs from 'node:fs';
import path from 'node:path';
import * as z from 'zod/mini';
import { DEFAULT_STYLE, describeTokenNote, importDesignTokens, styleExportSchema, type CanvasStyle } from '../../shared/houseStyle';
import { describeZodError } from '../../shared/exportFormat';
import { toBase64 } from '../../shared/styleValues';
import type { Logger } from '../logger';
import { LogoRefused, normaliseLogo } from './logoImage';

/** STYLE_DIR cannot be used: start-up stops with this one sentence. */
export class StyleDirError extends Error {}

/** theme.json: Stip's own names; every field optional (what is missing comes from tokens.json, then Stip's style). */
const themeSchema = z.strictObject({
  primaryColor: z.optional(styleExportSchema.shape.primaryColor),
  accentColor: z.optional(styleExportSchema.shape.accentColor),
  typeface: z.optional(styleExportSchema.shape.typeface),
});

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    throw new StyleDirError(`STYLE_DIR: ${path.basename(file)} is not readable JSON (${(error as Error).message}).`);
  }
}

/**
 * The installation's house style, which every new canvas gets unless it brings its own (an
 * import of @3, a duplicate). From STYLE_DIR, in this order, each optional:
 * - `tokens.json`: NL Design System design tokens, mapped as the dialog maps them (a primary
 *   colour short of AA is darkened, and the log says so, as it says what was not used);
 * - `theme.json`: `{ "primaryColor": "#rrggbb", "accentColor": "#rrggbb", "typeface": "firaSans" }`,
 *   which wins over the tokens; a primary colour short of AA stops start-up;
 * - `logo.svg` or `logo.png`: drawn to a PNG like an upload (normaliseLogo).
 * Without STYLE_DIR: Stip's own style.
 */
export async function loadInstallationStyle(dir: string | undefined, logger: Logger): Promise<CanvasStyle> {
  if (dir === undefined) return DEFAULT_STYLE;
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new StyleDirError(`STYLE_DIR ${dir} is not a directory.`);
  const style: CanvasStyle = { ...DEFAULT_STYLE };
  const tokensFile = path.join(dir, 'tokens.json');
  if (fs.existsSync(tokensFile)) {
    const result = importDesignTokens(readJson(tokensFile));
    Object.assign(style, result.style);
    for (const note of result.notes) logger.info(`STYLE_DIR tokens.json: ${describeTokenNote(note)}`);
  }
  const themeFile = path.join(dir, 'theme.json');
  if (fs.existsSync(themeFile)) {
    const parsed = themeSchema.safeParse(readJson(themeFile));
    if (!parsed.success) throw new StyleDirError(`STYLE_DIR theme.json: ${describeZodError(parsed.error)}`);
    Object.assign(style, Object.fromEntries(Object.entries(parsed.data).filter(([, value]) => value !== undefined)));
  }
  const logoFile = ['logo.svg', 'logo.png'].map((name) => path.join(dir, name)).find((file) => fs.existsSync(file));
  if (logoFile) {
    try {
      style.logo = toBase64((await normaliseLogo(fs.readFileSync(logoFile))).png);
    } catch (error) {
      if (error instanceof LogoRefused) throw new StyleDirError(`STYLE_DIR ${path.basename(logoFile)}: ${error.message}`);
      throw error;
    }
  }
  return style;
}
