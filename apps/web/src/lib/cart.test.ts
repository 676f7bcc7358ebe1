// The cart's rules: one restaurant per cart, quantities within the line maximum and known stock.
import { describe, expect, it } from 'vitest';

import { MAX_LINE_QUANTITY } from '@tiffin/domain/client-safe';

import type { CartItem } from './cart';
import {
  addItem,
  applyAvailability,
  belongsToOtherRestaurant,
  CART_STORAGE_KEY,
  cartCount,
  cartSignature,
  cartSubtotalCents,
  emptyCart,
  fixCart,
  isFixable,
  parseStoredCart,
  serializeCart,
  setQuantity,
  syncKnownStock,
} from './cart';

const LIMITS = { maxLineQuantity: MAX_LINE_QUANTITY };

const ramen: CartItem = {
  menuItemId: 'ramen',
  name: 'Tonkotsu Ramen',
  unitPriceCents: 1695,
  restaurantId: 'kaze',
  restaurantSlug: 'kaze-ramen',
  restaurantName: 'Kaze Ramen',
  knownStock: 40,
};
const gyoza: CartItem = {
  ...ramen,
  menuItemId: 'gyoza',
  name: 'Pork Gyoza',
  unitPriceCents: 795,
  knownStock: 3,
};
const samosa: CartItem = {
  ...ramen,
  menuItemId: 'samosa',
  name: 'Vegetable Samosas',
  unitPriceCents: 550,
  restaurantId: 'saffron',
  restaurantSlug: 'saffron-tandoor',
  restaurantName: 'Saffron Tandoor',
};

describe('cart', () => {
  it('adds items, merging repeats into one line', () => {
    let cart = addItem(emptyCart, ramen, 1, LIMITS).cart;
    cart = addItem(cart, ramen, 2, LIMITS).cart;
    cart = addItem(cart, gyoza, 1, LIMITS).cart;
    expect(cart.lines.map((l) => [l.menuItemId, l.quantity])).toEqual([
      ['ramen', 3],
      ['gyoza', 1],
    ]);
    expect(cartCount(cart)).toBe(4);
    expect(cartSubtotalCents(cart)).toBe(3 * 1695 + 795);
  });

  it('caps a line at the stock it last saw, and says so', () => {
    const { cart, result } = addItem(emptyCart, gyoza, 5, LIMITS);
    expect(result).toBe('capped');
    expect(cart.lines[0]?.quantity).toBe(3);
    expect(addItem(cart, gyoza, 1, LIMITS)).toEqual({ cart, result: 'capped' });
  });

  it('caps a line at the per-line maximum', () => {
    const { cart } = addItem(emptyCart, { ...ramen, knownStock: 500 }, 500, LIMITS);
    expect(cart.lines[0]?.quantity).toBe(LIMITS.maxLineQuantity);
    expect(setQuantity(cart, 'ramen', 999, LIMITS).lines[0]?.quantity).toBe(LIMITS.maxLineQuantity);
  });

  it('starts a new cart for an item from another restaurant', () => {
    const kazeCart = addItem(emptyCart, ramen, 1, LIMITS).cart;
    expect(belongsToOtherRestaurant(kazeCart, 'saffron')).toBe(true);
    expect(addItem(kazeCart, samosa, 1, LIMITS).cart.lines.map((l) => l.menuItemId)).toEqual([
      'samosa',
    ]);
  });

  it('removes a line when its quantity drops to zero', () => {
    const cart = addItem(emptyCart, ramen, 1, LIMITS).cart;
    expect(setQuantity(cart, 'ramen', 0, LIMITS).lines).toEqual([]);
  });

  it('"Adjust cart" lowers short lines to what is left and drops sold-out ones', () => {
    let cart = addItem(emptyCart, ramen, 5, LIMITS).cart;
    cart = addItem(cart, gyoza, 2, LIMITS).cart;
    const adjusted = applyAvailability(
      cart,
      [
        { menuItemId: 'ramen', available: 1 },
        { menuItemId: 'gyoza', available: 0 },
      ],
      LIMITS,
    );
    expect(adjusted.lines.map((l) => [l.menuItemId, l.quantity, l.knownStock])).toEqual([
      ['ramen', 1, 1],
    ]);
  });

  it('syncing unchanged stock returns the same cart object', () => {
    const cart = addItem(emptyCart, ramen, 1, LIMITS).cart;
    expect(syncKnownStock(cart, [{ menuItemId: 'ramen', stock: 40 }])).toBe(cart);
    expect(syncKnownStock(cart, [{ menuItemId: 'ramen', stock: 2 }]).lines[0]?.knownStock).toBe(2);
  });

  it('changes its signature with items and quantities, not with stock', () => {
    const cart = addItem(emptyCart, ramen, 1, LIMITS).cart;
    expect(cartSignature(syncKnownStock(cart, [{ menuItemId: 'ramen', stock: 7 }]))).toBe(
      cartSignature(cart),
    );
    expect(cartSignature(setQuantity(cart, 'ramen', 2, LIMITS))).not.toBe(cartSignature(cart));
  });

  it('round-trips through storage and ignores anything unreadable', () => {
    const cart = addItem(emptyCart, ramen, 1, LIMITS).cart;
    expect(CART_STORAGE_KEY).toBe('tiffin.cart.v1');
    expect(parseStoredCart(serializeCart(cart), LIMITS)).toEqual(cart);
    expect(parseStoredCart('{not json', LIMITS)).toEqual(emptyCart);
    expect(
      parseStoredCart(JSON.stringify({ lines: [{ menuItemId: 'x', quantity: -1 }] }), LIMITS),
    ).toEqual(emptyCart);
    expect(parseStoredCart(null, LIMITS)).toEqual(emptyCart);
    const tooMany = { lines: [{ ...ramen, quantity: MAX_LINE_QUANTITY + 1 }] };
    expect(parseStoredCart(JSON.stringify(tooMany), LIMITS)).toEqual(emptyCart);
  });
});

describe('fixCart', () => {
  const gyoza: CartItem = { ...ramen, menuItemId: 'gyoza', name: 'Gyoza', unitPriceCents: 650 };
  const tea: CartItem = { ...ramen, menuItemId: 'tea', name: 'Green Tea', unitPriceCents: 300 };
  const cart = [ramen, gyoza, tea].reduce((c, item) => addItem(c, item, 3, LIMITS).cart, emptyCart);
  const check = (menuItemId: string, problems: string[], stock = 10, priceCents = 100) => ({
    menuItemId,
    priceCents,
    stock,
    problems,
  });

  it('drops lines that cannot be ordered, trims short ones, accepts new prices', () => {
    const fixed = fixCart(
      cart,
      [
        check('ramen', ['insufficient_stock'], 2, ramen.unitPriceCents),
        check('gyoza', ['sold_out'], 0),
        check('tea', ['price_changed'], 10, 350),
      ],
      LIMITS,
    );
    expect(fixed.lines.map((l) => [l.menuItemId, l.quantity, l.unitPriceCents])).toEqual([
      ['ramen', 2, ramen.unitPriceCents],
      ['tea', 3, 350],
    ]);
    expect(fixed.lines[0]?.knownStock).toBe(2);
  });

  it('removes items that are gone or unavailable, and leaves healthy lines alone', () => {
    const fixed = fixCart(
      cart,
      [check('ramen', []), check('gyoza', ['not_found']), check('tea', ['unavailable'])],
      LIMITS,
    );
    expect(fixed.lines.map((l) => [l.menuItemId, l.quantity])).toEqual([['ramen', 3]]);
  });

  it('knows a closed restaurant is not fixable from the cart', () => {
    expect(isFixable([check('ramen', ['restaurant_closed'])])).toBe(false);
    expect(isFixable([check('ramen', ['restaurant_closed', 'price_changed'])])).toBe(true);
    expect(isFixable([check('ramen', [])])).toBe(false);
  });
});
