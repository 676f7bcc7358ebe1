// How fresh a live order view is, from what the hook has seen of its subscription and of the
// socket. Pure, so every combination can be tested without a browser.
import type { SocketStatus } from './socket-status';

/**
 * connecting: the first snapshot hasn't arrived · live: subscribed and receiving ·
 * reconnecting: the socket dropped (or the stream broke) and the subscription is being resumed ·
 * offline: the browser has no network, or tracking failed for good (see the error) · done: the
 * order is delivered or cancelled and the server ended the stream, so nothing can change.
 */
export type TrackingConnection = 'connecting' | 'live' | 'reconnecting' | 'offline' | 'done';

export interface SubscriptionView {
  /** The server completed the subscription. */
  ended: boolean;
  /** The order is delivered or cancelled. */
  final: boolean;
  online: boolean;
  /** The tRPC code of the subscription's last error; null once data flows again. */
  errorCode: string | null;
  /** The socket's close count when the server last confirmed the subscription; null before. */
  liveAt: number | null;
  socket: SocketStatus;
}

/** Errors a retry can't fix: the viewer isn't allowed, or the order doesn't exist. */
const PERMANENT_CODES = new Set(['UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'BAD_REQUEST']);

export function isPermanentError(code: string | null): boolean {
  return code !== null && PERMANENT_CODES.has(code);
}

/** The stream stopped short of a final order (a server error, or it ended early): start over. */
export function needsRestart(view: SubscriptionView): boolean {
  return (
    (view.ended && !view.final) || (view.errorCode !== null && !isPermanentError(view.errorCode))
  );
}

export function connectionOf(view: SubscriptionView): TrackingConnection {
  if (view.ended && view.final) return 'done';
  if (!view.online || isPermanentError(view.errorCode)) return 'offline';
  // Live means: confirmed by the server on the socket that is open now.
  const confirmedOnThisSocket = view.liveAt === view.socket.closes && view.socket.state === 'open';
  if (confirmedOnThisSocket && !needsRestart(view)) return 'live';
  return view.liveAt === null && view.errorCode === null ? 'connecting' : 'reconnecting';
}
