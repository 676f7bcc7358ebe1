// The browser's cart outside React: kept in localStorage under its owner's key (each account on
// a shared device has its own; signing out forgets them all) and in step with other tabs, or in
// memory when storage is blocked. CartProvider reads it with useSyncExternalStore.
import type { Cart, CartLimits } from '../lib/cart';
import {
  cartStorageKey,
  emptyCart,
  isCartStorageKey,
  parseStoredCart,
  serializeCart,
} from '../lib/cart';

/** Where the stored cart lives and how other tabs' changes are heard of; may throw if blocked. */
export interface CartPersistence {
  read(): string | null;
  /** `null` removes the stored cart. */
  write(value: string | null): void;
  onExternalChange(listener: () => void): () => void;
}

/**
 * The cart of `userId` (null: signed out) in localStorage. A person who signs in with an empty cart
 * of their own takes over the cart they filled while signed out, as shops do before checkout.
 */
export function browserCartPersistence(userId: string | null): CartPersistence {
  const key = cartStorageKey(userId);
  const guestKey = cartStorageKey(null);
  return {
    read: () => {
      const own = window.localStorage.getItem(key);
      if (own !== null || userId === null) return own;
      const guest = window.localStorage.getItem(guestKey);
      if (guest !== null) {
        window.localStorage.setItem(key, guest);
        window.localStorage.removeItem(guestKey);
      }
      return guest;
    },
    write: (value) => {
      if (value === null) window.localStorage.removeItem(key);
      else window.localStorage.setItem(key, value);
    },
    onExternalChange(listener) {
      // Fired in every other tab of this origin; `key` is null when storage was cleared.
      const onStorage = (event: StorageEvent) => {
        if (event.key === key || event.key === null) listener();
      };
      window.addEventListener('storage', onStorage);
      return () => window.removeEventListener('storage', onStorage);
    },
  };
}

/** On sign-out: no cart stays on the device for the next person, whoever's it was. */
export function forgetStoredCarts(storage: Pick<Storage, 'key' | 'length' | 'removeItem'>): void {
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key !== null && isCartStorageKey(key)) keys.push(key);
  }
  for (const key of keys) storage.removeItem(key);
}

/** Plain functions, not methods: React and the provider call them detached from the store. */
export interface CartStore {
  subscribe: (listener: () => void) => () => void;
  /** The same object until the cart changes, as useSyncExternalStore requires. */
  getSnapshot: () => Cart;
  update: (change: (cart: Cart) => Cart) => void;
}

export function createCartStore(limits: CartLimits, persistence: CartPersistence): CartStore {
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
