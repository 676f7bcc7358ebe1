// Messages between `bench:tracking` and its child processes (the load client and the bare
// baseline server), over Node's IPC channel.

/** One WebSocket of the load client: whose session it carries and which keys it subscribes. */
export interface SocketSpec {
  /** The next-auth session cookie (tRPC mode only). */
  cookie?: string;
  /** Order ids, one subscription each. */
  keys: string[];
}

export type ClientMode = 'trpc' | 'bare';

export type ToClient =
  | {
      type: 'open';
      mode: ClientMode;
      url: string;
      sockets: SocketSpec[];
      /** Most subscriptions awaiting their first reply at once (per client process). */
      window: number;
      timeoutMs: number;
    }
  /** Forget what was received so far and restart the event-loop delay histogram. */
  | { type: 'mark' }
  | { type: 'collect' }
  | { type: 'close' };

export interface OpenedReply {
  type: 'opened';
  /** Subscriptions that got their snapshot (tRPC) or acknowledgement (bare). */
  live: number;
  failed: number;
  /** Still waiting when the timeout struck. */
  pending: number;
  errors: Record<string, number>;
  /** CPU time this client process spent opening (user + system). */
  cpuMs: number;
}

export interface CollectedReply {
  type: 'collected';
  /** [key, received at (ms since the epoch, sub-millisecond)] for each first live message. */
  received: [string, number][];
  /** Live messages repeating a tracked id the subscription already received. */
  duplicates: number;
  /** Later live messages with ids of their own (other steps of the order), by kind. */
  laterMessages: Record<string, number>;
  /** tRPC data messages without a tracked id (a broken `tracked()`: resume cannot work). */
  withoutId: number;
  /** Subscriptions the server ended ("stopped") or failed after they were live. */
  endedByServer: number;
  errors: Record<string, number>;
  /** Sockets closed by the other side, by close code. */
  socketCloses: Record<string, number>;
  reconnectRequests: number;
  pings: number;
  /** Event-loop lag (timer lateness beyond the sampling interval) since 'mark'. */
  loopLagP99Ms: number;
  loopLagMaxMs: number;
  cpuMs: number;
  rssMiB: number;
}

export type FromClient =
  | { type: 'ready' }
  | OpenedReply
  | CollectedReply
  | { type: 'marked' }
  | { type: 'closed' }
  | { type: 'fatal'; message: string };

export type FromBareServer =
  { type: 'listening'; port: number } | { type: 'fatal'; message: string };

export type ToBareServer = { type: 'stop' };

/** The same clock in every process: wall-clock origin plus the monotonic offset, sub-ms. */
export function now(): number {
  return performance.timeOrigin + performance.now();
}
