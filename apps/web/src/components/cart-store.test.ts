// The browser cart store: read once, written on every change, in step with other tabs, and
// still working in memory when storage is blocked.
import { describe, expect, it, vi } from 'vitest';

import type { CartItem } from '../lib/cart';
import type { CartPersistence } from './cart-store';
import { addItem, cartStorageKey, emptyCart, serializeCart } from '../lib/cart';
import { createCartStore, forgetStoredCarts } from './cart-store';

const LIMITS = { maxLineQuantity: 20 };

const naan: CartItem = {
  menuItemId: 'naan',
  name: 'Garlic Naan',
  unitPriceCents: 450,
  restaurantId: 'r1',
  restaurantSlug: 'saffron',
  restaurantName: 'Saffron',
  knownStock: null,
};

/** An in-memory localStorage with a hook to play another tab's write. */
function fakePersistence(initial: string | null = null) {
  let stored = initial;
  let reads = 0;
  const external = new Set<() => void>();
  const persistence: CartPersistence = {
    read: () => {
      reads += 1;
      return stored;
    },
    write: (value) => {
      stored = value;
    },
    onExternalChange: (listener) => {
      external.add(listener);
      return () => external.delete(listener);
    },
  };
  return {
    persistence,
    stored: () => stored,
    reads: () => reads,
    listening: () => external.size,
    otherTabWrites(value: string | null) {
      stored = value;
      for (const listener of external) listener();
    },
  };
}

describe('createCartStore', () => {
  it('reads the stored cart once and keeps returning the same snapshot', () => {
    const saved = addItem(emptyCart, naan, 2, LIMITS).cart;
    const fake = fakePersistence(serializeCart(saved));
    const store = createCartStore(LIMITS, fake.persistence);

    const first = store.getSnapshot();
    expect(first).toEqual(saved);
    expect(store.getSnapshot()).toBe(first);
    expect(fake.reads()).toBe(1);
  });

  it('an update is stored, and an emptied cart removes the stored one', () => {
    const fake = fakePersistence();
    const store = createCartStore(LIMITS, fake.persistence);
    const listener = vi.fn();
    store.subscribe(listener);

    store.update((cart) => addItem(cart, naan, 1, LIMITS).cart);
    expect(store.getSnapshot().lines).toEqual([{ ...naan, quantity: 1 }]);
    expect(fake.stored()).toBe(serializeCart(store.getSnapshot()));

    store.update(() => emptyCart);
    expect(store.getSnapshot()).toBe(emptyCart);
    expect(fake.stored()).toBeNull();
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it("another tab's change reaches subscribers, and only while someone listens", () => {
    const fake = fakePersistence();
    const store = createCartStore(LIMITS, fake.persistence);
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    expect(fake.listening()).toBe(1);

    const elsewhere = addItem(emptyCart, naan, 3, LIMITS).cart;
    fake.otherTabWrites(serializeCart(elsewhere));
    expect(listener).toHaveBeenCalledTimes(1);
    expect(store.getSnapshot()).toEqual(elsewhere);

    unsubscribe();
    expect(fake.listening()).toBe(0);
  });

  it('a stored cart that breaks the rules reads as empty', () => {
    const tooMany = JSON.stringify({ lines: [{ ...naan, quantity: 99 }] });
    const store = createCartStore(LIMITS, fakePersistence(tooMany).persistence);
    expect(store.getSnapshot()).toBe(emptyCart);
  });

  it('with storage blocked the cart still works, in memory', () => {
    const blocked: CartPersistence = {
      read: () => {
        throw new Error('SecurityError');
      },
      write: () => {
        throw new Error('SecurityError');
      },
      onExternalChange: () => () => undefined,
    };
    const store = createCartStore(LIMITS, blocked);

    expect(store.getSnapshot()).toBe(emptyCart);
    store.update((cart) => addItem(cart, naan, 2, LIMITS).cart);
    expect(store.getSnapshot().lines).toEqual([{ ...naan, quantity: 2 }]);
  });
});

describe('carts on a shared device', () => {
  it('each person’s cart has its own key; signing out forgets every cart and nothing else', () => {
    expect(cartStorageKey(null)).toBe('tiffin.cart.v1:guest');
    expect(cartStorageKey('u1')).toBe('tiffin.cart.v1:user:u1');
    const stored = new Map<string, string>([
      ['tiffin.cart.v1', '{"lines":[]}'],
      [cartStorageKey(null), '{"lines":[]}'],
      [cartStorageKey('u1'), '{"lines":[]}'],
      [cartStorageKey('u2'), '{"lines":[]}'],
      ['tiffin.other-setting', 'kept'],
    ]);
    const storage = {
      get length() {
        return stored.size;
      },
      key: (i: number) => [...stored.keys()][i] ?? null,
      removeItem: (key: string) => void stored.delete(key),
    };
    forgetStoredCarts(storage);
    expect([...stored.keys()]).toEqual(['tiffin.other-setting']);
  });
});
