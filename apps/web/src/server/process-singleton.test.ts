// Specifies the per-process singletons: two module instances of the same file (as Next's route
// bundle and server.ts load them) see one instance, and clear() hands it back for closing.
import { afterEach, describe, expect, it, vi } from 'vitest';

import type * as SingletonModule from './process-singleton';

/** A fresh module instance each call, like a second bundle loading the same source. */
async function freshInstance(): Promise<typeof SingletonModule> {
  vi.resetModules();
  return import('./process-singleton');
}

describe('processSingleton', () => {
  const keys: string[] = [];
  function uniqueKey(): string {
    const key = `test-${keys.length}-${Math.random().toString(36).slice(2)}`;
    keys.push(key);
    return key;
  }

  afterEach(async () => {
    const { processSingleton } = await freshInstance();
    for (const key of keys.splice(0)) processSingleton(key, () => null).clear();
  });

  it('two module instances share one value, created once', async () => {
    const key = uniqueKey();
    const first = await freshInstance();
    const second = await freshInstance();
    expect(first).not.toBe(second);

    const create = vi.fn(() => ({ created: Date.now() }));
    const a = first.processSingleton(key, create).get();
    const b = second.processSingleton(key, create).get();

    expect(b).toBe(a);
    expect(create).toHaveBeenCalledTimes(1);
  });

  it('peek does not create', async () => {
    const { processSingleton } = await freshInstance();
    const create = vi.fn(() => 'value');
    const singleton = processSingleton(uniqueKey(), create);

    expect(singleton.peek()).toBeUndefined();
    expect(create).not.toHaveBeenCalled();
    expect(singleton.get()).toBe('value');
    expect(singleton.peek()).toBe('value');
  });

  it('clear hands the value back once, and the next get creates a fresh one', async () => {
    const key = uniqueKey();
    const first = await freshInstance();
    const second = await freshInstance();
    let made = 0;
    const create = () => ({ id: ++made });
    const original = first.processSingleton(key, create).get();

    expect(second.processSingleton(key, create).clear()).toBe(original);
    expect(first.processSingleton(key, create).clear()).toBeUndefined();
    expect(first.processSingleton(key, create).get()).toEqual({ id: 2 });
  });

  it('keys are independent', async () => {
    const { processSingleton } = await freshInstance();
    const one = processSingleton(uniqueKey(), () => 'one');
    const two = processSingleton(uniqueKey(), () => 'two');

    expect([one.get(), two.get()]).toEqual(['one', 'two']);
    one.clear();
    expect([one.peek(), two.peek()]).toEqual([undefined, 'two']);
  });
});
