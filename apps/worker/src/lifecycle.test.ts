// How the worker's parts start and stop: in order, in reverse, past a failing stop, and once.
import { describe, expect, it } from 'vitest';

import type { Lifecycle, NamedPart } from './lifecycle';
import { inOrder, together } from './lifecycle';

/** Parts that record what happens to them in one shared journal. */
function journal() {
  const events: string[] = [];
  const errors: { msg: string; fields: Record<string, unknown> | undefined }[] = [];
  const log = {
    error: (msg: string, fields?: Record<string, unknown>) => errors.push({ msg, fields }),
  };
  const part = (
    name: string,
    behaviour: { startFails?: boolean; stopFails?: boolean; startGate?: Promise<void> } = {},
  ): NamedPart => [
    name,
    {
      async start() {
        events.push(`start ${name}`);
        await behaviour.startGate;
        if (behaviour.startFails) throw new Error(`${name} cannot start`);
      },
      async stop() {
        events.push(`stop ${name}`);
        if (behaviour.stopFails) throw new Error(`${name} cannot stop`);
      },
    },
  ];
  return { events, errors, log, part };
}

describe('inOrder', () => {
  it('starts the parts in order and stops them in reverse', async () => {
    const { events, errors, log, part } = journal();
    const worker = inOrder([part('connections'), part('relay'), part('consumers')], log);

    await worker.start();
    await worker.stop();

    expect(events).toEqual([
      'start connections',
      'start relay',
      'start consumers',
      'stop consumers',
      'stop relay',
      'stop connections',
    ]);
    expect(errors).toEqual([]);
  });

  it('a stop that fails is logged with its part, and every other part is still stopped', async () => {
    const { events, errors, log, part } = journal();
    const worker = inOrder([part('a'), part('b', { stopFails: true }), part('c')], log);
    await worker.start();

    await expect(worker.stop()).resolves.toBeUndefined();

    expect(events.filter((e) => e.startsWith('stop'))).toEqual(['stop c', 'stop b', 'stop a']);
    expect(errors).toEqual([
      {
        msg: 'a part failed to stop; stopping the rest',
        fields: { part: 'b', error: 'b cannot stop' },
      },
    ]);
  });

  it('stopping twice, even at once, stops each part once', async () => {
    const { events, log, part } = journal();
    const worker = inOrder([part('a'), part('b')], log);
    await worker.start();

    const first = worker.stop();
    const second = worker.stop();
    await Promise.all([first, second]);
    await worker.stop();

    expect(second).toBe(first);
    expect(events.filter((e) => e.startsWith('stop'))).toEqual(['stop b', 'stop a']);
  });

  it('a start that fails rejects; stop then stops that part and the ones before it only', async () => {
    const { events, log, part } = journal();
    const worker = inOrder([part('a'), part('b', { startFails: true }), part('c')], log);

    await expect(worker.start()).rejects.toThrow('b cannot start');
    await worker.stop();

    expect(events).toEqual(['start a', 'start b', 'stop b', 'stop a']);
  });

  it('a stop during start lets the part starting finish, starts no more, and stops what began', async () => {
    const { events, log, part } = journal();
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const worker = inOrder([part('a'), part('b', { startGate: gate }), part('c')], log);

    const starting = worker.start();
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual(['start a', 'start b']);
    const stopping = worker.stop();
    open();
    await Promise.all([starting, stopping]);

    expect(events).not.toContain('start c');
    expect(events.filter((e) => e.startsWith('stop'))).toEqual(['stop b', 'stop a']);
  });
});

describe('together', () => {
  it('starts every part at once and stops every part at once', async () => {
    const order: string[] = [];
    const gates: Record<string, () => void> = {};
    const part = (name: string): Lifecycle => ({
      start: () =>
        new Promise<void>((resolve) => {
          order.push(`start ${name}`);
          gates[name] = resolve;
        }),
      stop: async () => {
        order.push(`stop ${name}`);
      },
    });
    const group = together([part('a'), part('b')]);

    const started = group.start();
    // Both began before either finished.
    expect(order).toEqual(['start a', 'start b']);
    gates.a!();
    gates.b!();
    await started;
    await group.stop();

    expect(order).toEqual(['start a', 'start b', 'stop a', 'stop b']);
  });

  it('runs every stop when some fail, then rejects naming each failure', async () => {
    const stopped: string[] = [];
    const part = (name: string, fails: boolean): Lifecycle => ({
      start: async () => undefined,
      stop: async () => {
        stopped.push(name);
        if (fails) throw new Error(`${name} is stuck`);
      },
    });
    const group = together([part('a', true), part('b', false), part('c', true)]);
    await group.start();

    await expect(group.stop()).rejects.toThrow('2 failed: a is stuck; c is stuck');
    expect(stopped).toEqual(['a', 'b', 'c']);
  });
});
