// The browser's cart outside React: kept in localStorage and in step with other tabs, or in
// memory when storage is blocked. CartProvider reads it with useSyncExternalStore.
import type { Cart, CartLimits } from '../lib/cart';
import { CART_STORAGE_KEY, emptyCart, parseStoredCart, serializeCart } from '../lib/cart';

/** Where the stored cart lives and how other tabs' changes are heard of; may throw if blocked. */
export interface CartPersistence {
  read(): string | null;
  /** `null` removes the stored cart. */
  write(value: string | null): void;
  onExternalChange(listener: () => void): () => void;
}

export const browserCartPersistence: CartPersistence = {
  read: () => window.localStorage.getItem(CART_STORAGE_KEY),
  write: (value) => {
    if (value === null) window.localStorage.removeItem(CART_STORAGE_KEY);
    else window.localStorage.setItem(CART_STORAGE_KEY, value);
  },
  onExternalChange(listener) {
    // Fired in every other tab of this origin; `key` is null when storage was cleared.
    const onStorage = (event: StorageEvent) => {
      if (event.key === CART_STORAGE_KEY || event.key === null) listener();
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  },
};

/** Plain functions, not methods: React and the provider call them detached from the store. */
export interface CartStore {
  subscribe: (listener: () => void) => () => void;
  /** The same object until the cart changes, as useSyncExternalStore requires. */
  getSnapshot: () => Cart;
  update: (change: (cart: Cart) => Cart) => void;
}

export function createCartStore(
  limits: CartLimits,
  persistence: CartPersistence = browserCartPersistence,
): CartStore {
  /** Null until first read: the store may be created where no storage exists (server render). */
  let current: Cart | null = null;
  const listeners = new Set<() => void>();
  let stopListening: (() => void) | null = null;

  function read(): Cart {
    try {
      return parseStoredCart(persistence.read(), limits);
    } catch {
      // Storage can be blocked (private mode, policies); the cart then lives in memory only.
      return emptyCart;
    }
  }

  function write(cart: Cart): void {
    try {
      persistence.write(cart.lines.length === 0 ? null : serializeCart(cart));
    } catch {
      // See read(): losing persistence is better than losing the page.
    }
  }

  function publish(next: Cart): void {
    current = next;
    for (const listener of listeners) listener();
  }

  function getSnapshot(): Cart {
    current ??= read();
    return current;
  }

  return {
    getSnapshot,
    subscribe: (listener) => {
      listeners.add(listener);
      stopListening ??= persistence.onExternalChange(() => publish(read()));
      return () => {
        listeners.delete(listener);
        if (listeners.size > 0) return;
        stopListening?.();
        stopListening = null;
      };
    },
    update: (change) => {
      const next = change(getSnapshot());
      write(next);
      publish(next);
    },
  };
}
