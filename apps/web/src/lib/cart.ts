// The cart as plain data and pure functions: one restaurant per cart, quantities capped at the
// per-line maximum and at the stock we last saw. The React side (useCart) only stores and calls.
// No zod here on purpose: this module is in every page's bundle, the schemas only on checkout.

/** Versioned so a future shape change can ignore (or migrate) old carts instead of crashing. */
export const CART_STORAGE_KEY = 'tiffin.cart.v1';

/** Where the cart of a signed-in person (or of whoever is signed out) is kept on this device. */
export function cartStorageKey(userId: string | null): string {
  return `${CART_STORAGE_KEY}:${userId === null ? 'guest' : `user:${userId}`}`;
}

/** Every key a cart has ever been kept under (the unkeyed one is from before carts had owners). */
export function isCartStorageKey(key: string): boolean {
  return key === CART_STORAGE_KEY || key.startsWith(`${CART_STORAGE_KEY}:`);
}

export interface CartLine {
  menuItemId: string;
  name: string;
  unitPriceCents: number;
  quantity: number;
  restaurantId: string;
  restaurantSlug: string;
  restaurantName: string;
  /** Stock when we last looked (menu or cart validation); null when unknown. */
  knownStock: number | null;
}

export interface Cart {
  lines: CartLine[];
}

export type CartItem = Omit<CartLine, 'quantity'>;

export interface CartRestaurant {
  id: string;
  slug: string;
  name: string;
}

/** The API's per-line maximum (MAX_LINE_QUANTITY), handed down from the server. */
export interface CartLimits {
  maxLineQuantity: number;
}

export const emptyCart: Cart = { lines: [] };

function isCount(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min;
}

function isCartLine(value: unknown, limits: CartLimits): value is CartLine {
  if (typeof value !== 'object' || value === null) return false;
  const line = value as Record<keyof CartLine, unknown>;
  return (
    typeof line.menuItemId === 'string' &&
    line.menuItemId !== '' &&
    typeof line.name === 'string' &&
    isCount(line.unitPriceCents, 0) &&
    isCount(line.quantity, 1) &&
    line.quantity <= limits.maxLineQuantity &&
    typeof line.restaurantId === 'string' &&
    line.restaurantId !== '' &&
    typeof line.restaurantSlug === 'string' &&
    typeof line.restaurantName === 'string' &&
    (line.knownStock === null || isCount(line.knownStock, 0))
  );
}

/** A stored cart, or an empty one when there is none or it is unreadable. */
export function parseStoredCart(stored: string | null, limits: CartLimits): Cart {
  if (!stored) return emptyCart;
  try {
    const parsed: unknown = JSON.parse(stored);
    const lines = (parsed as { lines?: unknown } | null)?.lines;
    return Array.isArray(lines) && lines.every((line) => isCartLine(line, limits))
      ? { lines }
      : emptyCart;
  } catch {
    return emptyCart;
  }
}

export function serializeCart(cart: Cart): string {
  return JSON.stringify(cart);
}

export function cartRestaurant(cart: Cart): CartRestaurant | null {
  const first = cart.lines[0];
  return first
    ? { id: first.restaurantId, slug: first.restaurantSlug, name: first.restaurantName }
    : null;
}

/** True when adding from this restaurant would replace a cart from another one. */
export function belongsToOtherRestaurant(cart: Cart, restaurantId: string): boolean {
  const current = cartRestaurant(cart);
  return current !== null && current.id !== restaurantId;
}

export function maxQuantity(line: Pick<CartLine, 'knownStock'>, limits: CartLimits): number {
  return Math.min(limits.maxLineQuantity, line.knownStock ?? limits.maxLineQuantity);
}

export function lineQuantity(cart: Cart, menuItemId: string): number {
  return cart.lines.find((l) => l.menuItemId === menuItemId)?.quantity ?? 0;
}

export function cartCount(cart: Cart): number {
  return cart.lines.reduce((sum, l) => sum + l.quantity, 0);
}

export function cartSubtotalCents(cart: Cart): number {
  return cart.lines.reduce((sum, l) => sum + l.quantity * l.unitPriceCents, 0);
}

/** Changes whenever the order we would place changes (items or quantities), not on stock syncs. */
export function cartSignature(cart: Cart): string {
  return cart.lines.map((l) => `${l.menuItemId}:${l.quantity}`).join(',');
}

export type AddResult = 'added' | 'capped';

/**
 * Adds `quantity` of an item. An item from another restaurant starts a new cart (the caller
 * asks the customer first). Returns 'capped' when the limit stopped part or all of it.
 */
export function addItem(
  cart: Cart,
  item: CartItem,
  quantity: number,
  limits: CartLimits,
): { cart: Cart; result: AddResult } {
  const base = belongsToOtherRestaurant(cart, item.restaurantId) ? emptyCart : cart;
  const existing = base.lines.find((l) => l.menuItemId === item.menuItemId);
  const limit = maxQuantity(item, limits);
  const wanted = (existing?.quantity ?? 0) + quantity;
  const next = Math.min(wanted, limit);
  if (next <= (existing?.quantity ?? 0)) return { cart, result: 'capped' };
  const line: CartLine = { ...existing, ...item, quantity: next };
  const lines = existing
    ? base.lines.map((l) => (l.menuItemId === item.menuItemId ? line : l))
    : [...base.lines, line];
  return { cart: { lines }, result: next < wanted ? 'capped' : 'added' };
}

/** Sets a line's quantity within its limits; zero or less removes the line. */
export function setQuantity(
  cart: Cart,
  menuItemId: string,
  quantity: number,
  limits: CartLimits,
): Cart {
  if (quantity <= 0) return removeLine(cart, menuItemId);
  return {
    lines: cart.lines.map((l) =>
      l.menuItemId === menuItemId
        ? { ...l, quantity: Math.max(1, Math.min(Math.floor(quantity), maxQuantity(l, limits))) }
        : l,
    ),
  };
}

export function removeLine(cart: Cart, menuItemId: string): Cart {
  return { lines: cart.lines.filter((l) => l.menuItemId !== menuItemId) };
}

export interface Availability {
  menuItemId: string;
  available: number;
}

/** "Adjust cart" after a stock conflict: each short line drops to what is left, sold-out lines go. */
export function applyAvailability(
  cart: Cart,
  shortages: readonly Availability[],
  limits: CartLimits,
): Cart {
  const available = new Map(shortages.map((s) => [s.menuItemId, Math.max(0, s.available)]));
  const lines = cart.lines.flatMap((line) => {
    const left = available.get(line.menuItemId);
    if (left === undefined) return [line];
    if (left === 0) return [];
    return [
      {
        ...line,
        knownStock: left,
        quantity: Math.min(line.quantity, left, limits.maxLineQuantity),
      },
    ];
  });
  return { lines };
}

/** Records fresh stock numbers; returns the same object when nothing changed (no re-render loop). */
export function syncKnownStock(
  cart: Cart,
  stock: readonly { menuItemId: string; stock: number }[],
): Cart {
  const byId = new Map(stock.map((s) => [s.menuItemId, s.stock]));
  let changed = false;
  const lines = cart.lines.map((line) => {
    const fresh = byId.get(line.menuItemId);
    if (fresh === undefined || fresh === line.knownStock) return line;
    changed = true;
    return { ...line, knownStock: fresh };
  });
  return changed ? { lines } : cart;
}

/** The customer accepted the menu's current price for a line. */
export function acceptPrice(cart: Cart, menuItemId: string, unitPriceCents: number): Cart {
  return {
    lines: cart.lines.map((l) => (l.menuItemId === menuItemId ? { ...l, unitPriceCents } : l)),
  };
}

/** What cart.validate said about one line (the fields fixCart needs). */
export interface LineCheck {
  menuItemId: string;
  priceCents: number | null;
  stock: number;
  problems: readonly string[];
}

const UNORDERABLE = new Set(['not_found', 'unavailable', 'sold_out', 'other_restaurant']);

/**
 * The one-click fix after a check: lines that can't be ordered go, short lines drop to what is
 * left, and changed prices are accepted. A closed restaurant can't be fixed from the cart.
 */
export function fixCart(cart: Cart, checks: readonly LineCheck[], limits: CartLimits): Cart {
  const byId = new Map(checks.map((c) => [c.menuItemId, c]));
  const lines = cart.lines.flatMap((line) => {
    const check = byId.get(line.menuItemId);
    if (!check) return [line];
    if (check.problems.some((p) => UNORDERABLE.has(p))) return [];
    const fixed: CartLine = { ...line, knownStock: check.stock };
    if (check.problems.includes('insufficient_stock')) {
      if (check.stock <= 0) return [];
      fixed.quantity = Math.min(line.quantity, check.stock, limits.maxLineQuantity);
    }
    if (check.problems.includes('price_changed') && check.priceCents !== null) {
      fixed.unitPriceCents = check.priceCents;
    }
    return [fixed];
  });
  return { lines };
}

/** True when fixCart would change something the customer can act on. */
export function isFixable(checks: readonly LineCheck[]): boolean {
  return checks.some((c) => c.problems.some((p) => p !== 'restaurant_closed'));
}
