// Per-process singletons. Next's route bundle and server.ts load our modules as separate
// instances in one process, so a module variable would exist twice; globalThis is shared by both.

/** Registered by Symbol.for, so every module instance of this file finds the same map. */
const REGISTRY = Symbol.for('tiffin.processSingletons');

type Registry = Map<string, unknown>;

function registry(): Registry {
  const scope = globalThis as typeof globalThis & { [REGISTRY]?: Registry };
  scope[REGISTRY] ??= new Map();
  return scope[REGISTRY];
}

export interface ProcessSingleton<T> {
  /** The process's instance, created on first use. */
  get(): T;
  /** The instance if one exists, without creating it. */
  peek(): T | undefined;
  /** Forgets the instance and hands it back for closing; the next get() creates a fresh one. */
  clear(): T | undefined;
}

/** One `T` per process under `key`; `create` runs at most once until the next clear(). */
export function processSingleton<T>(key: string, create: () => T): ProcessSingleton<T> {
  // Each key is owned by the one module that declares it, so the stored value is always a T.
  const peek = () => registry().get(key) as T | undefined;
  return {
    get() {
      const existing = peek();
      if (existing !== undefined) return existing;
      const created = create();
      registry().set(key, created);
      return created;
    },
    peek,
    clear() {
      const existing = peek();
      registry().delete(key);
      return existing;
    },
  };
}
