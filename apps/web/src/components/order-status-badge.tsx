// An order's status as a coloured pill; the raw status is kept in data-status for tests.
import type { OrderStatus } from '@tiffin/db';

import { ORDER_STATUS_LABELS, ORDER_STATUS_TONES } from '../lib/order-status';

export function OrderStatusBadge({ status, testId }: { status: OrderStatus; testId?: string }) {
  return (
    <span
      data-testid={testId}
      data-status={status}
      className={`inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-semibold ring-1 ring-inset ${ORDER_STATUS_TONES[status]}`}
    >
      {ORDER_STATUS_LABELS[status]}
    </span>
  );
}
