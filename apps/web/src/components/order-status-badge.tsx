// An order's status as a coloured pill; the raw status is kept in data-status for tests.
import type { OrderStatus } from '@tiffin/domain/client-safe';

import { ORDER_STATUS_LABELS, ORDER_STATUS_TONES } from '../lib/order-status';
import { Badge } from './ui/badge';

export function OrderStatusBadge({ status, testId }: { status: OrderStatus; testId?: string }) {
  return (
    <Badge tone={ORDER_STATUS_TONES[status]} data-testid={testId} data-status={status}>
      {ORDER_STATUS_LABELS[status]}
    </Badge>
  );
}
