// The baseline of `bench:tracking`, run as a child process: the same fan-out with nothing but a
// bare `ws` server and one blocking Redis reader. No tRPC, no Next, no auth, no snapshot.
//   → { sub: [key, …] }      ← { ok: count }      ← { key, id, data } for each entry of its keys
import type WebSocket from 'ws';

import { Redis } from 'ioredis';
import { WebSocketServer } from 'ws';

import type { FromBareServer, ToBareServer } from './protocol';

const redisUrl = process.argv[2];
const stream = process.argv[3];
if (!redisUrl || !stream) throw new Error('usage: bare-server <redis-url> <stream>');

function send(message: FromBareServer) {
  process.send?.(message);
}

const subscribers = new Map<string, Set<WebSocket>>();
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });

wss.on('connection', (socket) => {
  const keys: string[] = [];
  socket.on('message', (data: WebSocket.RawData) => {
    // ws delivers text frames as one Buffer (binaryType 'nodebuffer'); JSON boundary below.
    const message = JSON.parse((data as Buffer).toString()) as { sub?: string[] };
    for (const key of message.sub ?? []) {
      let set = subscribers.get(key);
      if (!set) subscribers.set(key, (set = new Set()));
      set.add(socket);
      keys.push(key);
    }
    socket.send(JSON.stringify({ ok: message.sub?.length ?? 0 }));
  });
  socket.on('close', () => {
    for (const key of keys) {
      const set = subscribers.get(key);
      set?.delete(socket);
      if (set?.size === 0) subscribers.delete(key);
    }
  });
});

const reader = new Redis(redisUrl);
let running = true;

async function readLoop(): Promise<void> {
  const [last] = await reader.xrevrange(stream!, '+', '-', 'COUNT', 1);
  let lastId = last?.[0] ?? '0-0';
  while (running) {
    const reply = await reader.xread('COUNT', 1000, 'BLOCK', 5_000, 'STREAMS', stream!, lastId);
    for (const [, entries] of reply ?? []) {
      for (const [id, fields] of entries) {
        lastId = id;
        const key = fields[1];
        const data = fields[3];
        if (!key || data === undefined) continue;
        const frame = `{"key":${JSON.stringify(key)},"id":"${id}","data":${data}}`;
        for (const socket of subscribers.get(key) ?? []) socket.send(frame);
      }
    }
  }
}

wss.on('listening', () => {
  const address = wss.address();
  if (address && typeof address === 'object') send({ type: 'listening', port: address.port });
});

readLoop().catch((error: unknown) => {
  if (!running) return;
  send({ type: 'fatal', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});

function stop() {
  running = false;
  reader.disconnect();
  wss.close();
  process.exit(0);
}
process.on('message', (raw: unknown) => {
  if ((raw as ToBareServer).type === 'stop') stop(); // IPC boundary: only tracking.ts sends here
});
process.on('disconnect', stop);
