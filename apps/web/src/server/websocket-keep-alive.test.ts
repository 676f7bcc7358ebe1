// keepSocketsAlive on a real WebSocketServer over loopback: one timer pings every silent socket,
// drops the ones that stay silent, and keeps the ones that answer (or talk) connected.
import type { AddressInfo } from 'node:net';

import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';

import { keepSocketsAlive } from './websocket-keep-alive';

const PING_MS = 150;
const PONG_WAIT_MS = 150;

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function serve() {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const stop = keepSocketsAlive(wss, { pingMs: PING_MS, pongWaitMs: PONG_WAIT_MS });
  cleanup = async () => {
    stop();
    for (const client of wss.clients) client.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  };
  const { port } = wss.address() as AddressInfo;
  return { wss, url: `ws://127.0.0.1:${port}` };
}

/** A client that records what it receives, answering PING with PONG when `answers`. */
async function connect(url: string, answers: boolean) {
  const socket = new WebSocket(url);
  const received: string[] = [];
  let closedAt: number | null = null;
  socket.on('message', (data: Buffer) => {
    const text = data.toString('utf8');
    received.push(text);
    if (answers && text === 'PING') socket.send('PONG');
  });
  socket.on('close', () => (closedAt = Date.now()));
  const openedAt = await new Promise<number>((resolve) =>
    socket.once('open', () => resolve(Date.now())),
  );
  return { socket, received, openedAt, closedAfter: () => (closedAt ? closedAt - openedAt : null) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('keepSocketsAlive', () => {
  it('drops a socket that never answers after pingMs + pongWaitMs, keeps one that answers', async () => {
    const { wss, url } = await serve();
    const silent = await connect(url, false);
    const answering = await connect(url, true);
    await sleep((PING_MS + PONG_WAIT_MS) * 4);
    expect(silent.received).toContain('PING');
    const closedAfter = silent.closedAfter();
    expect(closedAfter).not.toBeNull();
    // A tick is a quarter of the shorter wait: never early, at most a tick (and a busy loop) late.
    expect(closedAfter!).toBeGreaterThanOrEqual(PING_MS + PONG_WAIT_MS - 10);
    expect(answering.received.filter((m) => m === 'PING').length).toBeGreaterThanOrEqual(2);
    expect(answering.closedAfter()).toBeNull();
    expect(wss.clients.size).toBe(1);
    answering.socket.close();
  });

  it('a socket that keeps talking is never pinged', async () => {
    const { url } = await serve();
    const talker = await connect(url, false);
    const chatter = setInterval(() => talker.socket.send('hello'), PING_MS / 3);
    await sleep((PING_MS + PONG_WAIT_MS) * 3);
    clearInterval(chatter);
    expect(talker.received).not.toContain('PING');
    expect(talker.closedAfter()).toBeNull();
    talker.socket.close();
  });
});
