// The tRPC WebSocket's status (lib/socket-status) as React state, the same on server and client
// until hydration is done.
import { useSyncExternalStore } from 'react';

import type { SocketStatus } from '../lib/socket-status';
import { getSocketStatus, IDLE_SOCKET, subscribeSocketStatus } from '../lib/socket-status';

export function useSocketStatus(): SocketStatus {
  return useSyncExternalStore(subscribeSocketStatus, getSocketStatus, () => IDLE_SOCKET);
}
