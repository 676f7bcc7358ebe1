// The load client of `bench:tracking`, run as a child process. It speaks the tRPC WebSocket
// protocol directly over raw `ws` (one tRPC client per subscription would cost far more than
// the server under test), multiplexing many subscriptions per socket, or the baseline's bare
// protocol. It stamps every message on arrival with the shared clock (see protocol.ts).
//
// tRPC wire format (from @trpc/server/dist/adapters/ws and @trpc/client's wsLink, 11.19):
//   → [{ id, method: 'subscription', params: { path, input: superjson.serialize(input) } }, …]
//   ← { id, result: { type: 'started' } }
//   ← { id, result: { type: 'data', id: trackedId, data: superjson({ id, data: message }) } }
//   ← { id, result: { type: 'stopped' } }  ·  { id, error: superjson(errorShape) }
//   ← { id: null, method: 'reconnect' }     ·  text 'PING' (answered with 'PONG')
import { monitorEventLoopDelay } from 'node:perf_hooks';

import superjson from 'superjson';
import WebSocket from 'ws';

import type { ClientMode, CollectedReply, FromClient, SocketSpec, ToClient } from './protocol';
import { now } from './protocol';

type SubState = 'queued' | 'sent' | 'live' | 'failed' | 'ended';

interface Sub {
  id: number;
  key: string;
  state: SubState;
}

interface Conn {
  ws: WebSocket;
  spec: SocketSpec;
  open: boolean;
  subs: Sub[];
  /** Subscriptions waiting for a window slot, in order. */
  queue: Sub[];
}

/** What the tRPC adapter sends for one subscription (after JSON.parse). */
interface TrpcFrame {
  id?: number | string | null;
  method?: string;
  result?: {
    type?: 'started' | 'data' | 'stopped';
    id?: string;
    data?: { json?: { id?: string; data?: { kind?: string; orderId?: string } } };
  };
  error?: { json?: { message?: string; data?: { code?: string } } };
}

interface BareFrame {
  ok?: number;
  key?: string;
}

function send(message: FromClient) {
  process.send?.(message);
}

let mode: ClientMode = 'trpc';
let conns: Conn[] = [];
/** Open sockets that may still have queued subscriptions. */
const ready = new Set<Conn>();
/** Sockets still to open, and how many are connecting now (at most `window`). */
let toOpen: { spec: SocketSpec; subs: Sub[] }[] = [];
let connecting = 0;
let socketUrl = '';
const subs = new Map<number, Sub>();
let window = 500;
let inFlight = 0;
let opening: { resolve: () => void } | null = null;
let settled = 0;
let total = 0;
const openErrors: Record<string, number> = {};

// Per measurement window (reset by 'mark').
let firstReceived = new Map<string, number>();
/** Tracked ids (or, in bare mode, one per key) already received, per subscription key. */
let seenIds = new Map<string, Set<string>>();
let duplicates = 0;
let laterMessages: Record<string, number> = {};
let withoutId = 0;
let endedByServer = 0;
let liveErrors: Record<string, number> = {};
let socketCloses: Record<string, number> = {};
let reconnectRequests = 0;
let pings = 0;
// The histogram records the time between its timer's runs: the interval plus any lag.
const LOOP_SAMPLE_MS = 10;
const loopDelay = monitorEventLoopDelay({ resolution: LOOP_SAMPLE_MS });
loopDelay.enable();
let cpuAtMark = process.cpuUsage();

function bump(counts: Record<string, number>, key: string) {
  counts[key] = (counts[key] ?? 0) + 1;
}

function settle(sub: Sub, state: 'live' | 'failed') {
  if (sub.state === 'sent') inFlight--;
  sub.state = state;
  settled++;
  pump();
  if (settled === total) opening?.resolve();
}

/** Sends queued subscriptions while fewer than `window` await their first reply. */
function pump() {
  if (mode !== 'trpc') return;
  // Only open sockets with queued subscriptions: with one socket per subscriber, scanning all
  // of them on every settled subscription would cost the load client more than the server.
  for (const conn of ready) {
    if (!conn.open || conn.queue.length === 0) {
      ready.delete(conn);
      continue;
    }
    const batch: Sub[] = [];
    while (inFlight < window && conn.queue.length > 0) {
      const sub = conn.queue.shift()!;
      sub.state = 'sent';
      inFlight++;
      batch.push(sub);
    }
    if (batch.length === 0) return;
    conn.ws.send(
      JSON.stringify(
        batch.map((sub) => ({
          id: sub.id,
          method: 'subscription',
          params: { path: 'order.track', input: superjson.serialize({ orderId: sub.key }) },
        })),
      ),
    );
  }
}

/**
 * The first live message per key is the one timed; a message repeating an id already received is
 * a duplicate a client would see; any other later message (another step) is only counted by kind.
 */
function recordLive(key: string, at: number, id: string, kind: string) {
  let seen = seenIds.get(key);
  if (!seen) seenIds.set(key, (seen = new Set()));
  if (seen.has(id)) duplicates++;
  else if (firstReceived.has(key)) bump(laterMessages, kind);
  seen.add(id);
  if (!firstReceived.has(key)) firstReceived.set(key, at);
}

function onTrpcMessage(text: string, at: number) {
  const frame = JSON.parse(text) as TrpcFrame; // JSON boundary: the adapter's response shape
  if (frame.method === 'reconnect') {
    reconnectRequests++;
    return;
  }
  const sub = typeof frame.id === 'number' ? subs.get(frame.id) : undefined;
  if (!sub) {
    bump(liveErrors, `frame for unknown id ${String(frame.id)}`);
    return;
  }
  if (frame.error) {
    const code = frame.error.json?.data?.code ?? frame.error.json?.message ?? 'unknown';
    if (sub.state === 'live') {
      endedByServer++;
      bump(liveErrors, code);
      sub.state = 'ended';
    } else {
      bump(openErrors, code);
      settle(sub, 'failed');
    }
    return;
  }
  const result = frame.result;
  if (result?.type === 'stopped') {
    if (sub.state === 'live') endedByServer++;
    else settle(sub, 'failed');
    sub.state = 'ended';
    return;
  }
  if (result?.type !== 'data') return;
  if (!result.id) withoutId++;
  const kind = result.data?.json?.data?.kind;
  if (kind === 'snapshot') {
    if (sub.state === 'sent') settle(sub, 'live');
    return;
  }
  // Untracked messages (courier positions) have no id: each is its own.
  recordLive(sub.key, at, result.id ?? `untracked ${at}`, kind ?? 'unknown');
}

function onBareMessage(conn: Conn, text: string, at: number) {
  const frame = JSON.parse(text) as BareFrame; // JSON boundary: bare-server.ts' frames
  if (frame.ok !== undefined) {
    for (const sub of conn.subs) if (sub.state === 'sent') settle(sub, 'live');
    return;
  }
  if (frame.key) recordLive(frame.key, at, frame.key, 'bare');
}

async function openAll(msg: Extract<ToClient, { type: 'open' }>): Promise<void> {
  mode = msg.mode;
  window = msg.window;
  conns = [];
  subs.clear();
  inFlight = 0;
  settled = 0;
  total = msg.sockets.reduce((n, s) => n + s.keys.length, 0);
  for (const key of Object.keys(openErrors)) delete openErrors[key];
  let nextId = 1;
  const cpuAtOpen = process.cpuUsage();
  const allSettled = new Promise<void>((resolve) => (opening = { resolve }));
  socketUrl = msg.url;
  ready.clear();
  connecting = 0;
  // Every subscription is known up front; the sockets open at most `window` at a time, so
  // thousands of connects do not overflow the server's accept backlog at once.
  toOpen = msg.sockets.map((spec) => ({
    spec,
    subs: spec.keys.map((key) => {
      const sub: Sub = { id: nextId++, key, state: 'queued' };
      subs.set(sub.id, sub);
      return sub;
    }),
  }));
  openMore();
  const timedOut = await Promise.race([
    allSettled.then(() => false),
    new Promise<boolean>((r) => setTimeout(() => r(true), msg.timeoutMs).unref()),
  ]);
  opening = null;
  const count = (state: SubState) => [...subs.values()].filter((s) => s.state === state).length;
  send({
    type: 'opened',
    live: count('live'),
    failed: count('failed'),
    pending: timedOut ? count('queued') + count('sent') : 0,
    errors: { ...openErrors },
    cpuMs: cpuMsSince(cpuAtOpen),
  });
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const cpu = process.cpuUsage(start);
  return (cpu.user + cpu.system) / 1000;
}

let closing = false;

async function closeAll(): Promise<void> {
  closing = true;
  await Promise.all(
    conns.map(
      (conn) =>
        new Promise<void>((resolve) => {
          if (conn.ws.readyState === WebSocket.CLOSED) return resolve();
          const timer = setTimeout(() => {
            conn.ws.terminate();
            resolve();
          }, 5_000);
          conn.ws.once('close', () => {
            clearTimeout(timer);
            resolve();
          });
          conn.ws.close(1000, 'bench done');
        }),
    ),
  );
  conns = [];
  subs.clear();
  closing = false;
  send({ type: 'closed' });
}

function mark() {
  firstReceived = new Map();
  seenIds = new Map();
  duplicates = 0;
  laterMessages = {};
  withoutId = 0;
  endedByServer = 0;
  liveErrors = {};
  socketCloses = {};
  reconnectRequests = 0;
  pings = 0;
  loopDelay.reset();
  cpuAtMark = process.cpuUsage();
  send({ type: 'marked' });
}

function collect() {
  const reply: CollectedReply = {
    type: 'collected',
    received: [...firstReceived.entries()],
    duplicates,
    laterMessages: { ...laterMessages },
    withoutId,
    endedByServer,
    errors: { ...liveErrors },
    socketCloses: { ...socketCloses },
    reconnectRequests,
    pings,
    loopLagP99Ms: Math.max(0, loopDelay.percentile(99) / 1e6 - LOOP_SAMPLE_MS),
    loopLagMaxMs: Math.max(0, loopDelay.max / 1e6 - LOOP_SAMPLE_MS),
    cpuMs: cpuMsSince(cpuAtMark),
    rssMiB: process.memoryUsage().rss / 2 ** 20,
  };
  send(reply);
}

process.on('message', (raw: unknown) => {
  const msg = raw as ToClient; // IPC boundary: only tracking.ts sends here
  const fail = (error: unknown) =>
    send({ type: 'fatal', message: error instanceof Error ? error.message : String(error) });
  switch (msg.type) {
    case 'open':
      openAll(msg).catch(fail);
      break;
    case 'mark':
      mark();
      break;
    case 'collect':
      collect();
      break;
    case 'close':
      closeAll().catch(fail);
      break;
  }
});
// The bench went away: so do we.
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });

function openMore() {
  while (connecting < window && toOpen.length > 0) {
    const next = toOpen.shift()!;
    connecting++;
    openSocket(next.spec, next.subs);
  }
}

function openSocket(spec: SocketSpec, specSubs: Sub[]) {
  const ws = new WebSocket(socketUrl, {
    headers: spec.cookie ? { cookie: spec.cookie } : {},
    perMessageDeflate: false,
  });
  const conn: Conn = { ws, spec, open: false, subs: specSubs, queue: [...specSubs] };
  ws.on('open', () => {
    conn.open = true;
    connecting--;
    openMore();
    if (mode === 'trpc') {
      ready.add(conn);
      pump();
      return;
    }
    for (const sub of conn.queue) sub.state = 'sent';
    conn.queue = [];
    ws.send(JSON.stringify({ sub: spec.keys }));
  });
  ws.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
    const at = now();
    // Text frames arrive as one Buffer (binaryType 'nodebuffer').
    const text = isBinary ? '' : (data as Buffer).toString();
    if (text === 'PING') {
      pings++;
      ws.send('PONG');
      return;
    }
    if (text === 'PONG' || text === '') return;
    if (mode === 'trpc') onTrpcMessage(text, at);
    else onBareMessage(conn, text, at);
  });
  ws.on('error', (error) => bump(openErrors, `socket error: ${error.message}`));
  ws.on('close', (code) => {
    const wasOpen = conn.open;
    conn.open = false;
    if (!wasOpen && !closing) {
      connecting--;
      openMore();
    }
    if (closing) return;
    bump(socketCloses, String(code));
    // Anything of this socket not yet answered will never be.
    for (const sub of conn.subs) {
      if (sub.state === 'queued' || sub.state === 'sent') {
        bump(openErrors, wasOpen ? `socket closed (${code})` : 'could not connect');
        settle(sub, 'failed');
      } else if (sub.state === 'live') {
        endedByServer++;
        sub.state = 'ended';
      }
    }
  });
  conns.push(conn);
}
