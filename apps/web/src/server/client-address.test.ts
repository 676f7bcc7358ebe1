// Which address the limits count: over a real local HTTP connection, with and without trusted
// proxies in front, and whatever X-Forwarded-For a client writes itself.
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { clientAddressOf, settleForwardedFor } from './client-address';

let url: string;
const server = createServer((req, res) => {
  const hops = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('hops'));
  const seen = clientAddressOf(req, hops);
  settleForwardedFor(req, hops);
  res.end(JSON.stringify({ seen, settled: req.headers['x-forwarded-for'] ?? null }));
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function ask(hops: number, forwardedFor?: string) {
  const response = await fetch(`${url}?hops=${hops}`, {
    headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
  });
  return (await response.json()) as { seen: string; settled: string | null };
}

describe('the client address', () => {
  it('is the socket address when no proxy is trusted, whatever X-Forwarded-For says', async () => {
    expect(await ask(0)).toEqual({ seen: '127.0.0.1', settled: '127.0.0.1' });
    expect(await ask(0, '6.6.6.6')).toEqual({ seen: '127.0.0.1', settled: '127.0.0.1' });
  });

  it('behind one trusted proxy, is the address that proxy appended (not what the client wrote)', async () => {
    expect(await ask(1, '6.6.6.6, 198.51.100.7')).toEqual({
      seen: '198.51.100.7',
      settled: '198.51.100.7',
    });
  });

  it('behind two, is the entry before the two proxies’ own; too short a header falls back to the socket', async () => {
    expect((await ask(2, '6.6.6.6, 198.51.100.7, 10.0.0.2')).seen).toBe('198.51.100.7');
    expect((await ask(2, '10.0.0.2')).seen).toBe('127.0.0.1');
  });
});
