// Whether the tRPC WebSocket is open, fed by the wsClient's onOpen/onClose callbacks. Hooks read
// it to tell "live" from "reconnecting" without reaching into the tRPC client.
import { useSyncExternalStore } from 'react';

export interface SocketStatus {
  /** idle: never opened in this tab (or no socket on the server). */
  state: 'idle' | 'open' | 'closed';
  /** How many times the socket has closed; a subscriber that saw it open knows it missed one. */
  closes: number;
}

const IDLE: SocketStatus = { state: 'idle', closes: 0 };

let current: SocketStatus = IDLE;
const listeners = new Set<() => void>();

function publish(next: SocketStatus): void {
  current = next;
  for (const listener of listeners) listener();
}

/** For the wsClient's callbacks only. */
export const socketStatusFeed = {
  opened(): void {
    if (current.state !== 'open') publish({ state: 'open', closes: current.closes });
  },
  closed(): void {
    publish({ state: 'closed', closes: current.closes + 1 });
  },
};

/** The status right now, for callbacks that run outside a render. */
export function getSocketStatus(): SocketStatus {
  return current;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSocketStatus(): SocketStatus {
  return useSyncExternalStore(
    subscribe,
    () => current,
    () => IDLE,
  );
}
