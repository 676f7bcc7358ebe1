'use client';

// What a customer can do with an order from their history: cancel it while the kitchen has not
// answered yet (after a confirmation; the kitchen may win the race, and then says so), or order
// the same dishes again, checked against today's stock and prices before the cart opens.
import { useState } from 'react';
import { useRouter } from 'next/navigation';

import type { OrderStatus } from '@tiffin/domain/client-safe';

import { useCart } from '../../components/cart-provider';
import { Button } from '../../components/ui/button';
import { ConfirmDialog } from '../../components/ui/dialog';
import { api } from '../../trpc/react';

export function OrderActions({
  orderId,
  status,
  restaurantName,
}: {
  orderId: string;
  status: OrderStatus;
  restaurantName: string;
}) {
  const router = useRouter();
  const utils = api.useUtils();
  const cart = useCart();
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [reordering, setReordering] = useState(false);
  const cancel = api.order.cancel.useMutation({
    onSuccess: () => {
      setMessage(null);
      router.refresh();
    },
    onError: (error) => {
      setMessage(error.message);
      router.refresh();
    },
  });

  async function reorder() {
    setReordering(true);
    setMessage(null);
    try {
      const order = await utils.order.byId.fetch({ orderId });
      const items = order.items.map((item) => ({
        menuItemId: item.menuItemId,
        quantity: item.quantity,
        expectedPriceCents: item.unitPriceCents,
      }));
      // Today's stock, so quantity limits are right; the cart itself then shows what changed.
      const check = await utils.cart.validate.fetch({ items });
      const stock = new Map(check.lines.map((line) => [line.menuItemId, line.stock]));
      cart.replace(
        order.items.map((item) => ({
          menuItemId: item.menuItemId,
          name: item.name,
          unitPriceCents: item.unitPriceCents,
          quantity: item.quantity,
          restaurantId: order.restaurant.id,
          restaurantSlug: order.restaurant.slug,
          restaurantName: order.restaurant.name,
          knownStock: stock.get(item.menuItemId) ?? null,
        })),
      );
      router.push('/cart');
    } catch {
      setMessage('We couldn’t load that order just now. Please try again.');
      setReordering(false);
    }
  }

  const past = status === 'delivered' || status === 'cancelled';
  // A refused cancel refreshes the row (the kitchen accepted meanwhile): the message stays.
  if (status !== 'created' && !past && !message) return null;

  return (
    <div className="flex flex-wrap items-center justify-end gap-2">
      {status === 'created' && (
        <>
          <Button
            variant="secondary"
            size="sm"
            data-testid={`cancel-order-${orderId}`}
            pending={cancel.isPending}
            onClick={() => setConfirming(true)}
          >
            Cancel order
          </Button>
          {confirming && (
            <ConfirmDialog
              open
              onOpenChange={setConfirming}
              title="Cancel this order?"
              description={`${restaurantName} hasn’t accepted it yet, so nothing has been cooked. Your items go back on the menu.`}
              confirmLabel="Cancel order"
              cancelLabel="Keep it"
              onConfirm={() => cancel.mutate({ orderId })}
              testId="cancel-dialog"
            />
          )}
        </>
      )}
      {past && (
        <Button
          variant="secondary"
          size="sm"
          data-testid={`reorder-${orderId}`}
          pending={reordering}
          onClick={() => void reorder()}
        >
          Reorder
        </Button>
      )}
      {message && (
        <p
          role="alert"
          data-testid={`order-action-error-${orderId}`}
          className="w-full text-right text-sm text-red-800"
        >
          {message}
        </p>
      )}
    </div>
  );
}
