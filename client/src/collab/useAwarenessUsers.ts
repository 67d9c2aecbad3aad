import { useEffect, useState } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import type { AwarenessUser } from '../../../shared/protocol';
import { readUser } from '../lib/identity';

export interface PresentUser extends AwarenessUser {
  clientId: number;
  self: boolean;
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
        if (user) list.push({ ...user, clientId, self: clientId === awareness.clientID });
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
