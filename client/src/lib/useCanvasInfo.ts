import { useEffect, useState } from 'react';
import type { CanvasInfo } from '../../../shared/api';
import type { MessageKey } from '../i18n/i18n';
import { ApiFailure, getCanvas } from './api';
import { knownInfo } from './recentCanvases';

export type CanvasLoad =
  | { state: 'loading' }
  /** `offline`: the server was out of reach, `info` is what it said when this browser last asked. */
  | { state: 'ready'; info: CanvasInfo; offline?: boolean }
  | { state: 'failed'; message: MessageKey };

/**
 * `GET /api/canvases/:id` with the link's token, as a state; a failure names its message
 * (MessageKey). Out of reach, a canvas this browser opened before opens with what it knew.
 */
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
        const known = code === 'network' ? knownInfo(id, token) : null;
        if (known) {
          setLoad({ state: 'ready', info: known, offline: true });
          return;
        }
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
