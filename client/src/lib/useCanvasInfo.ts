import { useEffect, useState } from 'react';
import type { CanvasInfo } from '../../../shared/api';
import { t } from '../i18n/strings';
import { ApiFailure, getCanvas } from './api';

export type CanvasLoad = { state: 'loading' } | { state: 'ready'; info: CanvasInfo } | { state: 'failed'; message: string };

/** `GET /api/canvases/:id` with the link's token, as a state with a readable failure. */
export function useCanvasInfo(id: string, token: string | null): CanvasLoad {
  const [load, setLoad] = useState<CanvasLoad>(() => (token ? { state: 'loading' } : { state: 'failed', message: t.errorNoToken }));
  useEffect(() => {
    if (!token) return undefined;
    let cancelled = false;
    getCanvas(id, token).then(
      (info) => {
        if (!cancelled) setLoad({ state: 'ready', info });
      },
      (error: unknown) => {
        if (cancelled) return;
        const code = error instanceof ApiFailure ? error.code : 'network';
        const message = code === 'unauthorized' ? t.errorUnauthorized : code === 'not_found' ? t.errorNotFound : t.errorGeneric;
        setLoad({ state: 'failed', message });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [id, token]);
  return load;
}
