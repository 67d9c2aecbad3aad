import { useEffect, useState } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import type { ZoneKey } from '../../../shared/docLayout';
import { isZoneKey } from '../../../shared/zones';
import type { AwarenessUser } from '../../../shared/protocol';
import { readUser } from '../lib/identity';

export interface PresentUser extends AwarenessUser {
  clientId: number;
  self: boolean;
  /** The zone this person is editing now (their focus), if any. */
  zone: ZoneKey | null;
  /** No keyboard or pointer activity for a few minutes. */
  away: boolean;
}

/** Awareness fields Stip adds beside `user` (read defensively: they come from the network). */
export const AWARENESS_ZONE = 'zone';
export const AWARENESS_AWAY = 'away';

function readZone(state: unknown): ZoneKey | null {
  const zone = (state as Record<string, unknown> | null)?.[AWARENESS_ZONE];
  return isZoneKey(zone) ? zone : null;
}

/** Everyone connected to the canvas with a valid `user` in awareness, this browser first. */
export function useAwarenessUsers(provider: WebsocketProvider): PresentUser[] {
  const [users, setUsers] = useState<PresentUser[]>([]);
  useEffect(() => {
    const awareness = provider.awareness;
    const read = () => {
      const list: PresentUser[] = [];
      awareness.getStates().forEach((state, clientId) => {
        const user = readUser(state);
        if (!user) return;
        const away = (state as Record<string, unknown>)[AWARENESS_AWAY] === true;
        list.push({ ...user, clientId, self: clientId === awareness.clientID, zone: readZone(state), away });
      });
      list.sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name));
      setUsers(list);
    };
    read();
    awareness.on('change', read);
    return () => awareness.off('change', read);
  }, [provider]);
  return users;
}
