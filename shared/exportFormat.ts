import { z } from 'zod';
import { LANGUAGES, MAX_PILLARS } from './docLayout';

export const EXPORT_FORMAT = 'stip-canvas@1' as const;

/** ProseMirror JSON of one node, as far as its shape goes; the schema checks the rest. */
export interface RichNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: RichNode[];
  text?: string;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
}

const markSchema = z
  .object({
    type: z.string().min(1).max(64),
    attrs: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export const richNodeSchema: z.ZodType<RichNode> = z.lazy(() =>
  z
    .object({
      type: z.string().min(1).max(64),
      attrs: z.record(z.string(), z.unknown()).optional(),
      content: z.array(richNodeSchema).optional(),
      text: z.string().optional(),
      marks: z.array(markSchema).optional(),
    })
    .strict(),
);

/** A zone document: `{ type: 'doc', content: [...] }`; a missing `content` is a blank zone. */
export const zoneDocSchema = z
  .object({
    type: z.literal('doc'),
    content: z.array(richNodeSchema).optional(),
  })
  .strict();

export type ZoneDoc = { type: 'doc'; content: RichNode[] };

export const MAX_TITLE_LENGTH = 200;
export const MAX_SUBTITLE_LENGTH = 300;

export const pillarExportSchema = z
  .object({
    title: z.string().max(MAX_TITLE_LENGTH).default(''),
    body: zoneDocSchema.optional(),
  })
  .strict();

/** The export format (`GET .../export`, `POST .../import`), checked for shape only. */
export const canvasExportSchema = z
  .object({
    format: z.literal(EXPORT_FORMAT),
    title: z.string().max(MAX_TITLE_LENGTH).default(''),
    subtitle: z.string().max(MAX_SUBTITLE_LENGTH).optional(),
    language: z.enum(LANGUAGES).default('nl'),
    horizon: zoneDocSchema.optional(),
    obstacles: zoneDocSchema.optional(),
    pillars: z.array(pillarExportSchema).max(MAX_PILLARS).default([]),
    actions: zoneDocSchema.optional(),
  })
  .strict();

export type CanvasExportInput = z.input<typeof canvasExportSchema>;

/** A canvas in the export format, every zone present (blank zones have `content: []`). */
export interface CanvasExport {
  format: typeof EXPORT_FORMAT;
  title: string;
  subtitle: string;
  language: 'nl' | 'en';
  horizon: ZoneDoc;
  obstacles: ZoneDoc;
  pillars: { title: string; body: ZoneDoc }[];
  actions: ZoneDoc;
}

export function blankZone(): ZoneDoc {
  return { type: 'doc', content: [] };
}

/** One readable sentence out of a zod error: where, and what is wrong. */
export function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The data is not valid.';
  const path = issue.path.length > 0 ? issue.path.join('.') : 'the document';
  if (issue.code === 'unrecognized_keys') {
    return `${path}: unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}.`;
  }
  return `${path}: ${issue.message}`;
}
