import {
  apiErrorSchema,
  canvasInfoSchema,
  createdCanvasSchema,
  type CanvasInfo,
  type CreateCanvasRequest,
  type CreatedCanvas,
  type ErrorCode,
} from '../../../shared/api';

/** An API failure with the server's code, or `network` when the server was not reached. */
export class ApiFailure extends Error {
  constructor(
    readonly code: ErrorCode | 'network',
    message: string,
  ) {
    super(message);
  }
}

async function request<T>(path: string, init: RequestInit, parse: (body: unknown) => T): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiFailure('network', 'The server could not be reached.');
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = apiErrorSchema.safeParse(body);
    throw error.success
      ? new ApiFailure(error.data.error.code, error.data.error.message)
      : new ApiFailure('bad_request', `The server answered ${response.status}.`);
  }
  return parse(body);
}

export function createCanvas(body: CreateCanvasRequest): Promise<CreatedCanvas> {
  return request(
    '/api/canvases',
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
    (b) => createdCanvasSchema.parse(b),
  );
}

export function getCanvas(id: string, token: string): Promise<CanvasInfo> {
  return request(
    `/api/canvases/${encodeURIComponent(id)}`,
    { headers: { authorization: `Bearer ${token}` } },
    (b) => canvasInfoSchema.parse(b),
  );
}
