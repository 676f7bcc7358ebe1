// A read-only look inside the web process through its inspector (it runs with --inspect on a
// loopback port): the TrackingHub's subscriber count and channels, and V8's heap, optionally
// after a full GC. This is how the bench tells a leak from memory V8 simply has not returned.
// With BENCH_HEAP_PROFILE it also samples which code allocated the memory still held.
import WebSocket from 'ws';

export interface HubProbe {
  /** TrackingHub.subscriberCount: live order.track / menu.stockChanged subscriptions. */
  subscribers: number | null;
  /** Channels (order or restaurant ids) that still have a listener. */
  channels: number | null;
  heapUsedMiB: number;
  rssMiB: number;
}

// Runs inside the web process. The hub is the web's process singleton (process-singleton.ts keeps
// them in a Map under Symbol.for('tiffin.processSingletons')); `emitter` is its private
// EventEmitter (read, never changed).
const PROBE = `JSON.stringify((() => {
  const hub = globalThis[Symbol.for('tiffin.processSingletons')]?.get('trackingHub');
  const memory = process.memoryUsage();
  return {
    subscribers: hub ? hub.subscriberCount : null,
    channels: hub && hub.emitter ? hub.emitter.eventNames().length : null,
    heapUsedMiB: memory.heapUsed / 1048576,
    rssMiB: memory.rss / 1048576,
  };
})())`;

interface CdpReply {
  id?: number;
  result?: Record<string, unknown>;
  error?: { message: string };
  /** Set on events (no id): e.g. HeapProfiler.addHeapSnapshotChunk. */
  method?: string;
  params?: Record<string, unknown>;
}

export interface InspectorSession {
  call(method: string, params?: object): Promise<Record<string, unknown>>;
  /** Handles the inspector's `method` events (one handler per method). */
  on(method: string, handler: (params: Record<string, unknown>) => void): void;
  off(method: string): void;
  close(): void;
}

export async function connectInspector(inspectPort: number): Promise<InspectorSession> {
  const targets = (await (await fetch(`http://127.0.0.1:${inspectPort}/json/list`)).json()) as {
    webSocketDebuggerUrl?: string;
  }[]; // JSON boundary: the inspector's target list
  const url = targets[0]?.webSocketDebuggerUrl;
  if (!url) throw new Error('the web process has no inspector target');
  const ws = new WebSocket(url, { maxPayload: 1 << 30 });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<number, (reply: CdpReply) => void>();
  const handlers = new Map<string, (params: Record<string, unknown>) => void>();
  ws.on('message', (data: WebSocket.RawData) => {
    const reply = JSON.parse((data as Buffer).toString()) as CdpReply; // JSON boundary: CDP reply
    if (reply.id === undefined) {
      if (reply.method) handlers.get(reply.method)?.(reply.params ?? {});
      return;
    }
    pending.get(reply.id)?.(reply);
    pending.delete(reply.id);
  });
  return {
    call: (method, params = {}) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, (reply) =>
          reply.error
            ? reject(new Error(`${method}: ${reply.error.message}`))
            : resolve(reply.result ?? {}),
        );
        ws.send(JSON.stringify({ id, method, params }));
      }),
    on: (method, handler) => void handlers.set(method, handler),
    off: (method) => void handlers.delete(method),
    close: () => ws.close(),
  };
}

export async function probeHub(
  inspectPort: number,
  opts: { gc?: boolean } = {},
): Promise<HubProbe> {
  const session = await connectInspector(inspectPort);
  try {
    if (opts.gc) await session.call('HeapProfiler.collectGarbage');
    const reply = await session.call('Runtime.evaluate', {
      expression: PROBE,
      returnByValue: true,
    });
    const value = (reply.result as { value?: unknown } | undefined)?.value;
    if (typeof value !== 'string') throw new Error('inspector probe returned no value');
    return JSON.parse(value) as HubProbe; // JSON boundary: PROBE's own output
  } finally {
    session.close();
  }
}

interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: ProfileNode[];
}

export interface HeapSampler {
  /** Live bytes by allocating function (after a full GC), largest first; and the raw profile. */
  stop(): Promise<{ top: { site: string; mib: number }[]; profile: unknown }>;
}

/** Samples allocations that are still alive when stopped (V8's sampling heap profiler). */
export async function startHeapSampling(inspectPort: number): Promise<HeapSampler> {
  const session = await connectInspector(inspectPort);
  await session.call('HeapProfiler.enable');
  await session.call('HeapProfiler.startSampling', { samplingInterval: 16_384 });
  return {
    async stop() {
      try {
        await session.call('HeapProfiler.collectGarbage');
        const reply = await session.call('HeapProfiler.stopSampling');
        const profile = reply.profile as { head: ProfileNode }; // CDP's SamplingHeapProfile
        const bySite = new Map<string, number>();
        const walk = (node: ProfileNode) => {
          const { functionName, url, lineNumber } = node.callFrame;
          const file = url.replace(/^.*\/(node_modules|work\/main)\//, '');
          const site = `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
          if (node.selfSize > 0) bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
          for (const child of node.children) walk(child);
        };
        walk(profile.head);
        const top = [...bySite]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 15)
          .map(([site, bytes]) => ({ site, mib: bytes / 2 ** 20 }));
        return { top, profile };
      } finally {
        session.close();
      }
    },
  };
}

interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

export interface CpuSampler {
  /** Self time by function while it ran, largest first, as a share of all samples; and the profile. */
  stop(): Promise<{ top: { site: string; share: number }[]; profile: unknown }>;
}

/** Samples where the web process spends its CPU (V8's sampling profiler) until stopped. */
export async function startCpuProfile(inspectPort: number): Promise<CpuSampler> {
  const session = await connectInspector(inspectPort);
  await session.call('Profiler.enable');
  await session.call('Profiler.setSamplingInterval', { interval: 500 });
  await session.call('Profiler.start');
  return {
    async stop() {
      try {
        const reply = await session.call('Profiler.stop');
        // CDP's Profiler.Profile: nodes, and the node id of each sample.
        const profile = reply.profile as { nodes: CpuProfileNode[]; samples: number[] };
        const siteOf = new Map<number, string>();
        for (const { id, callFrame } of profile.nodes) {
          const file = callFrame.url.replace(/^.*\/(node_modules|wt-[^/]+|main)\//, '');
          siteOf.set(
            id,
            `${callFrame.functionName || '(anonymous)'} ${file}:${callFrame.lineNumber + 1}`,
          );
        }
        const bySite = new Map<string, number>();
        for (const id of profile.samples) {
          const site = siteOf.get(id) ?? '?';
          bySite.set(site, (bySite.get(site) ?? 0) + 1);
        }
        const total = Math.max(1, profile.samples.length);
        const top = [...bySite]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 25)
          .map(([site, count]) => ({ site, share: count / total }));
        return { top, profile };
      } finally {
        session.close();
      }
    },
  };
}
