import { z } from 'zod';
import { LANGUAGES } from './docLayout';
import { MAX_TITLE_LENGTH } from './exportFormat';
import { ROLES } from './protocol';

/** `POST /api/canvases` */
export const createCanvasSchema = z
  .object({
    title: z.string().trim().max(MAX_TITLE_LENGTH).optional(),
    template: z.enum(['blank', 'example']).default('blank'),
    language: z.enum(LANGUAGES).default('nl'),
  })
  .strict();
export type CreateCanvasRequest = z.input<typeof createCanvasSchema>;

export const tokensSchema = z.object({ facilitator: z.string(), editor: z.string(), viewer: z.string() });
export const linksSchema = z.object({
  facilitator: z.string(),
  editor: z.string(),
  viewer: z.string(),
  present: z.string(),
});

/** 201 of create, import and duplicate. */
export const createdCanvasSchema = z.object({
  id: z.string(),
  title: z.string(),
  tokens: tokensSchema,
  links: linksSchema,
});
export type CreatedCanvas = z.infer<typeof createdCanvasSchema>;

/** `GET /api/canvases/:id` */
export const canvasInfoSchema = z.object({
  id: z.string(),
  title: z.string(),
  subtitle: z.string(),
  language: z.enum(LANGUAGES),
  role: z.enum(ROLES),
  locked: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CanvasInfo = z.infer<typeof canvasInfoSchema>;

export const ERROR_CODES = [
  'bad_request',
  'invalid_import',
  'unauthorized',
  'forbidden',
  'not_found',
  'too_large',
  'rate_limited',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const ERROR_STATUS: Record<ErrorCode, 400 | 401 | 403 | 404 | 413 | 429> = {
  bad_request: 400,
  invalid_import: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  too_large: 413,
  rate_limited: 429,
};

export const apiErrorSchema = z.object({ error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }) });
export type ApiError = z.infer<typeof apiErrorSchema>;

/** `PATCH /api/canvases/:id` */
export const lockSchema = z.object({ locked: z.boolean() }).strict();

/** `GET .../links`, `POST .../links/:role/rotate` */
export const shareLinksSchema = z.object({ tokens: tokensSchema, links: linksSchema });
export type ShareLinks = z.infer<typeof shareLinksSchema>;

/** Canvas ids are 16 random bytes in base64url: 22 characters. */
export const CANVAS_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;
