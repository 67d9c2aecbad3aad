import * as z from 'zod/mini';
import { CANVAS_SETTINGS, settingField } from './canvasSettings';
import { MAX_TITLE_LENGTH } from './exportFormat';
import { ROLES } from './protocol';

/** `POST /api/canvases` */
export const createCanvasSchema = z.strictObject({
  title: z.optional(z.string().check(z.trim(), z.maxLength(MAX_TITLE_LENGTH))),
  template: z._default(z.enum(['blank', 'example']), 'blank'),
  language: settingField('language'),
});
export type CreateCanvasRequest = z.input<typeof createCanvasSchema>;

export const tokensSchema = z.object({ facilitator: z.string(), editor: z.string(), viewer: z.string() });
export const linksSchema = z.object({
  facilitator: z.string(),
  editor: z.string(),
  viewer: z.string(),
  present: z.string(),
  /** The published page (`/p/<id>/<token>`), null while the canvas is not published. */
  published: z.nullable(z.string()),
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
  language: CANVAS_SETTINGS.language.schema,
  role: z.enum(ROLES),
  locked: CANVAS_SETTINGS.locked.schema,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CanvasInfo = z.infer<typeof canvasInfoSchema>;

export const ERROR_CODES = [
  'bad_request',
  'invalid_import',
  'invalid_logo',
  'unauthorized',
  'forbidden',
  'not_found',
  'too_large',
  'rate_limited',
  'too_many_canvases',
  'too_many_duplicates',
  'too_many_versions',
  'storage_full',
  'timeout',
  'internal_error',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const ERROR_STATUS: Record<ErrorCode, 400 | 401 | 403 | 404 | 409 | 413 | 429 | 500 | 503 | 507> = {
  bad_request: 400,
  invalid_import: 400,
  /** An uploaded logo Stip will not take (server/style/logoImage.ts says why). */
  invalid_logo: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  too_large: 413,
  rate_limited: 429,
  /** MAX_CANVASES_PER_IP_PER_HOUR; with Retry-After. */
  too_many_canvases: 429,
  /** MAX_DUPLICATES_PER_CANVAS_PER_HOUR; with Retry-After. */
  too_many_duplicates: 429,
  /** MAX_VERSIONS_PER_CANVAS named versions: no more can be saved. */
  too_many_versions: 409,
  /** MAX_DATA_BYTES reached, or the store is failing (a full disk): nothing new is stored. */
  storage_full: 507,
  timeout: 503,
  internal_error: 500,
};

export const apiErrorSchema = z.object({ error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }) });
export type ApiError = z.infer<typeof apiErrorSchema>;

/** `PATCH /api/canvases/:id`: the settings whose home is SQL (canvasSettings.ts), the facilitator's. */
export const lockSchema = z.strictObject({ locked: CANVAS_SETTINGS.locked.schema });

/** `GET .../links`, `POST .../links/:role/rotate` */
export const shareLinksSchema = z.object({ tokens: tokensSchema, links: linksSchema });
export type ShareLinks = z.infer<typeof shareLinksSchema>;

/** Canvas ids are 16 random bytes in base64url: 22 characters. */
export const CANVAS_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** `POST /api/canvases/:id/duplicate` */
export const duplicateSchema = z.strictObject({ title: z.optional(z.string().check(z.trim(), z.maxLength(MAX_TITLE_LENGTH))) });
export type DuplicateRequest = z.infer<typeof duplicateSchema>;

export const MAX_VERSION_NAME_LENGTH = 120;
/** Display names are at most this long (as in awareness). */
export const MAX_SAVED_BY_LENGTH = 60;

/** Who saved a version: the display name the client sends; the role when it sends none. */
const savedBySchema = z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(MAX_SAVED_BY_LENGTH)));

/** `POST /api/canvases/:id/versions` */
export const saveVersionSchema = z.strictObject({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(MAX_VERSION_NAME_LENGTH)),
  by: savedBySchema,
});
export type SaveVersionRequest = z.input<typeof saveVersionSchema>;

/** `POST /api/canvases/:id/versions/:v/restore` (the body is optional) */
export const restoreVersionSchema = z.strictObject({ by: savedBySchema });
export type RestoreVersionRequest = z.input<typeof restoreVersionSchema>;

/** One named version: a full snapshot of the canvas (its export) at `createdAt` (ISO time). */
export const versionSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type VersionInfo = z.infer<typeof versionSchema>;

/** `GET /api/canvases/:id/versions`, newest first. */
export const versionListSchema = z.object({ versions: z.array(versionSchema) });

/** 200 of a restore: the version restored, and the automatic version of the state before it. */
export const restoreResultSchema = z.object({ restored: versionSchema, saved: versionSchema });
export type RestoreResult = z.infer<typeof restoreResultSchema>;

/** Version ids: 12 random bytes in base64url (16 characters). */
export const VERSION_ID_PATTERN = /^[A-Za-z0-9_-]{16}$/;

/** `POST /api/canvases/:id/logo`: the uploaded logo as the PNG Stip drew from it (base64). */
export const logoResultSchema = z.object({ logo: z.string(), width: z.number(), height: z.number() });
export type LogoResult = z.infer<typeof logoResultSchema>;
