// Whether the tRPC WebSocket is open, fed by the wsClient's onOpen/onClose callbacks. Kept as a
// tiny store outside React, so hooks can tell "live" from "reconnecting" without reaching into
// the tRPC client.

export interface SocketStatus {
  /** idle: never opened in this tab (or no socket on the server). */
  state: 'idle' | 'open' | 'closed';
  /** How many times the socket has closed; a subscriber that saw it open knows it missed one. */
  closes: number;
}

/** What the server render and hydration assume: no socket yet. */
export const IDLE_SOCKET: SocketStatus = { state: 'idle', closes: 0 };

let current: SocketStatus = IDLE_SOCKET;
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

/** Calls `listener` after every change; returns the unsubscribe. */
export function subscribeSocketStatus(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
