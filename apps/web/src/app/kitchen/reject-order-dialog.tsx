'use client';

// Rejecting an order needs a reason: the customer reads it on their tracking page. Quick picks
// fill the box for the usual ones; the API's own schema checks it before anything is sent.
import { useState } from 'react';

import { kitchenRejectInputSchema, REJECT_REASON_MAX } from '@tiffin/domain/client-safe';

import type { KitchenOrder } from './kitchen-order-card';
import { InlineError } from '../../components/consoles/console-section';
import { shortOrderId } from '../../components/consoles/elapsed';
import { Button } from '../../components/ui/button';
import { DialogClose, ModalDialog } from '../../components/ui/dialog';
import { FormField } from '../../components/ui/input';
import { firstError } from '../../lib/field-errors';
import { api } from '../../trpc/react';

const QUICK_REASONS = [
  'We have run out of an ingredient',
  'The kitchen is too busy right now',
  'We are closing soon',
];

export function RejectOrderDialog({
  order,
  restaurantId,
  onClose,
}: {
  /** The order being rejected; null when the dialog is closed. */
  order: KitchenOrder | null;
  restaurantId: string;
  onClose: () => void;
}) {
  return (
    <ModalDialog
      open={order !== null}
      onOpenChange={(open) => (open ? undefined : onClose())}
      title={order ? `Reject order #${shortOrderId(order.id)}?` : 'Reject order'}
      description="The customer sees your reason, and the dishes go back on the menu."
      testId="reject-dialog"
    >
      {/* Keyed by order, so each opening starts with an empty reason. */}
      {order && (
        <RejectForm key={order.id} order={order} restaurantId={restaurantId} onDone={onClose} />
      )}
    </ModalDialog>
  );
}

function RejectForm({
  order,
  restaurantId,
  onDone,
}: {
  order: KitchenOrder;
  restaurantId: string;
  onDone: () => void;
}) {
  const utils = api.useUtils();
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const reject = api.kitchen.reject.useMutation({
    onSuccess: async () => {
      await Promise.all([
        utils.kitchen.orders.invalidate({ restaurantId }),
        utils.kitchen.restaurant.invalidate({ restaurantId }),
      ]);
      onDone();
    },
    onError: (error) => {
      const field = firstError(error.data?.fieldErrors, 'reason');
      if (field) setReasonError(field);
      else setFormError(error.message);
      if (error.data?.code === 'CONFLICT') void utils.kitchen.orders.invalidate({ restaurantId });
    },
  });

  function submit() {
    setFormError(null);
    const parsed = kitchenRejectInputSchema.safeParse({ orderId: order.id, reason });
    if (!parsed.success) {
      setReasonError(parsed.error.issues[0]?.message ?? 'Say why, so the customer knows');
      return;
    }
    setReasonError(undefined);
    reject.mutate(parsed.data);
  }

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
      className="space-y-4"
    >
      <FormField
        id="reject-reason"
        label="Reason for the customer"
        multiline
        required
        maxLength={REJECT_REASON_MAX}
        value={reason}
        onChange={(event) => {
          setReason(event.target.value);
          if (reasonError) setReasonError(undefined);
        }}
        error={reasonError}
        hint={`Required, at most ${REJECT_REASON_MAX} characters.`}
      />
      <fieldset>
        <legend className="text-sm font-medium text-stone-800">Quick reasons</legend>
        <div className="mt-2 flex flex-wrap gap-2">
          {QUICK_REASONS.map((quick) => (
            <Button
              key={quick}
              variant="secondary"
              className="min-h-12"
              onClick={() => {
                setReason(quick);
                setReasonError(undefined);
              }}
            >
              {quick}
            </Button>
          ))}
        </div>
      </fieldset>
      {formError && <InlineError testId="reject-dialog-error">{formError}</InlineError>}
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <DialogClose asChild>
          <Button
            variant="secondary"
            size="xl"

            data-testid="reject-dialog-cancel"
          >
            Keep the order
          </Button>
        </DialogClose>
        <Button
          type="submit"
          variant="danger"
          size="xl"

          pending={reject.isPending}
          data-testid="reject-dialog-confirm"
        >
          Reject order
        </Button>
      </div>
    </form>
  );
}
