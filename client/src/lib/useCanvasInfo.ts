import { useEffect, useState } from 'react';
import type { CanvasInfo } from '../../../shared/api';
import type { MessageKey } from '../i18n/i18n';
import { ApiFailure, getCanvas } from './api';

export type CanvasLoad = { state: 'loading' } | { state: 'ready'; info: CanvasInfo } | { state: 'failed'; message: MessageKey };

/** `GET /api/canvases/:id` with the link's token, as a state; a failure names its message (MessageKey). */
export function useCanvasInfo(id: string, token: string | null): CanvasLoad {
  const [load, setLoad] = useState<CanvasLoad>(() => (token ? { state: 'loading' } : { state: 'failed', message: 'errorNoToken' }));
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
        const message: MessageKey = code === 'unauthorized' ? 'errorUnauthorized' : code === 'not_found' ? 'errorNotFound' : 'errorGeneric';
        setLoad({ state: 'failed', message });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [id, token]);
  return load;
}
