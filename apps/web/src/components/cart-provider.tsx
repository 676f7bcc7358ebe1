'use client';

// The cart in React: state from lib/cart kept in localStorage and in step across open tabs.
import type { ReactNode } from 'react';

import {
  createContext,
  useCallback,
  useContext,
  useMemo,
  useState,
  useSyncExternalStore,
} from 'react';
import dynamic from 'next/dynamic';

import type {
  AddResult,
  Availability,
  Cart,
  CartItem,
  CartLimits,
  CartLine,
  CartRestaurant,
  LineCheck,
} from '../lib/cart';
import { useHydrated } from '../hooks/use-hydrated';
import {
  acceptPrice,
  addItem,
  applyAvailability,
  belongsToOtherRestaurant,
  cartCount,
  cartRestaurant,
  emptyCart,
  fixCart,
  removeLine,
  setQuantity,
  syncKnownStock,
} from '../lib/cart';
import { browserCartPersistence, createCartStore } from './cart-store';
import { useToast } from './ui/toast';

/** 'confirming': the item is from another restaurant and a dialog now asks to start over. */
export type AddToCartResult = AddResult | 'confirming';

interface CartContextValue {
  cart: Cart;
  /** False until the stored cart has been read; render placeholders rather than "empty" before. */
  ready: boolean;
  count: number;
  restaurant: CartRestaurant | null;
  limits: CartLimits;
  add: (item: CartItem, quantity?: number) => AddToCartResult;
  setQuantity: (menuItemId: string, quantity: number) => void;
  remove: (menuItemId: string) => void;
  clear: () => void;
  applyAvailability: (shortages: readonly Availability[]) => void;
  syncKnownStock: (stock: readonly { menuItemId: string; stock: number }[]) => void;
  acceptPrice: (menuItemId: string, unitPriceCents: number) => void;
  fix: (checks: readonly LineCheck[]) => void;
  /** Starts the cart over with these lines (a reorder); quantities are capped at the limit. */
  replace: (lines: readonly CartLine[]) => void;
}

const CartContext = createContext<CartContextValue | null>(null);

// Loaded the first time it opens: most visits never switch restaurants mid-cart.
const ConfirmDialog = dynamic(() => import('./ui/dialog').then((m) => m.ConfirmDialog), {
  ssr: false,
});

interface PendingSwitch {
  item: CartItem;
  quantity: number;
  from: string;
}

export function CartProvider({
  limits,
  userId,
  children,
}: {
  limits: CartLimits;
  /** Whose cart this is: the signed-in person's id, or null when signed out. */
  userId: string | null;
  children: ReactNode;
}) {
  // A new store when the person changes (sign-in, sign-out): each has a cart of their own.
  const store = useMemo(
    () => createCartStore(limits, browserCartPersistence(userId)),
    [limits, userId],
  );
  // localStorage exists only in the browser, so the server render and hydration show no cart.
  const cart = useSyncExternalStore(store.subscribe, store.getSnapshot, () => emptyCart);
  const ready = useHydrated();
  const updateCart = store.update;
  const [pendingSwitch, setPendingSwitch] = useState<PendingSwitch | null>(null);
  const toast = useToast();

  const add = useCallback(
    (item: CartItem, quantity = 1): AddToCartResult => {
      if (belongsToOtherRestaurant(cart, item.restaurantId)) {
        const from = cartRestaurant(cart)?.name ?? 'another restaurant';
        setPendingSwitch({ item, quantity, from });
        return 'confirming';
      }
      const { result } = addItem(cart, item, quantity, limits);
      updateCart((c) => addItem(c, item, quantity, limits).cart);
      toast({
        key: 'cart',
        tone: result === 'added' ? 'success' : 'info',
        title:
          result === 'added' ? `Added ${item.name}` : `You have the most ${item.name} we can sell`,
        action: { label: 'View cart', href: '/cart' },
      });
      return result;
    },
    [cart, limits, updateCart, toast],
  );

  function confirmSwitch() {
    if (!pendingSwitch) return;
    const { item, quantity } = pendingSwitch;
    updateCart(() => addItem(emptyCart, item, quantity, limits).cart);
    toast({
      key: 'cart',
      tone: 'success',
      title: `New cart from ${item.restaurantName}`,
      description: `Added ${item.name}.`,
      action: { label: 'View cart', href: '/cart' },
    });
  }

  const value = useMemo<CartContextValue>(
    () => ({
      cart,
      ready,
      count: cartCount(cart),
      restaurant: cartRestaurant(cart),
      limits,
      add,
      setQuantity: (id, quantity) => updateCart((c) => setQuantity(c, id, quantity, limits)),
      remove: (id) => updateCart((c) => removeLine(c, id)),
      clear: () => updateCart(() => emptyCart),
      applyAvailability: (shortages) => updateCart((c) => applyAvailability(c, shortages, limits)),
      syncKnownStock: (stock) => updateCart((c) => syncKnownStock(c, stock)),
      acceptPrice: (id, price) => updateCart((c) => acceptPrice(c, id, price)),
      fix: (checks) => updateCart((c) => fixCart(c, checks, limits)),
      replace: (lines) =>
        updateCart(() => ({
          lines: lines.map((line) => ({
            ...line,
            quantity: Math.min(line.quantity, limits.maxLineQuantity),
          })),
        })),
    }),
    [cart, ready, limits, add, updateCart],
  );

  return (
    <CartContext.Provider value={value}>
      {children}
      {pendingSwitch && (
        <ConfirmDialog
          open
          onOpenChange={(open) => (open ? undefined : setPendingSwitch(null))}
          title="Start a new cart?"
          description={`Your cart has items from ${pendingSwitch.from}. A cart holds one restaurant at a time, so adding ${pendingSwitch.item.name} empties it first.`}
          confirmLabel="Start a new cart"
          cancelLabel="Keep my cart"
          onConfirm={confirmSwitch}
          testId="new-cart-dialog"
        />
      )}
    </CartContext.Provider>
  );
}

export function useCart(): CartContextValue {
  const value = useContext(CartContext);
  if (!value) throw new Error('useCart must be used inside <CartProvider>');
  return value;
}
