import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { sessionMap, type ZoneKey } from '../../../shared/docLayout';
import { readSpotlight, readTimer, type TimerState } from '../../../shared/session';

export interface SessionState {
  spotlight: ZoneKey | null;
  timer: TimerState | null;
}

/** The spotlight and the timer, live from the shared document (null doc: nothing yet). */
export function useSessionState(doc: Y.Doc | null): SessionState {
  const [state, setState] = useState<SessionState>({ spotlight: null, timer: null });
  useEffect(() => {
    if (!doc) return undefined;
    const map = sessionMap(doc);
    const read = () => setState({ spotlight: readSpotlight(doc), timer: readTimer(doc) });
    read();
    map.observe(read);
    return () => map.unobserve(read);
  }, [doc]);
  return state;
}
