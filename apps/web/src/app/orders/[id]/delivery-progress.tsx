// The delivery's four stages (waiting for a courier → assigned → on the way → delivered) as a stepper.
import type { TrackedDelivery } from '@tiffin/api';
import type { DeliveryStatus } from '@tiffin/domain/client-safe';

import { TimeOfDay } from '../../../components/time-of-day';
import { DELIVERY_STATUS_LABELS } from '../../../lib/order-status';
import { deliveryStepsOf } from '../../../lib/order-tracking-state';

const SHORT_LABELS: Record<DeliveryStatus, string> = {
  waiting: 'Waiting',
  assigned: 'Courier assigned',
  on_the_way: 'On the way',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
};

export function DeliveryProgress({ delivery }: { delivery: TrackedDelivery | null }) {
  const steps = deliveryStepsOf(delivery);
  const reached = steps.filter((step) => step.reached).length;
  return (
    <div
      data-testid="delivery-progress"
      data-status={delivery?.status ?? 'none'}
      className="space-y-3"
    >
      <p className="text-sm font-medium text-violet-800" data-testid="delivery-status">
        {delivery
          ? DELIVERY_STATUS_LABELS[delivery.status]
          : 'Couriers are offered your order once the kitchen accepts it.'}
      </p>
      <div
        role="progressbar"
        aria-label="Delivery progress"
        aria-valuemin={0}
        aria-valuemax={steps.length}
        aria-valuenow={reached}
        aria-valuetext={delivery ? DELIVERY_STATUS_LABELS[delivery.status] : 'Not started'}
        className="h-2 overflow-hidden rounded-full bg-stone-200"
      >
        <div
          className="h-full rounded-full bg-violet-500 transition-[width] duration-500"
          style={{ width: `${(reached / steps.length) * 100}%` }}
        />
      </div>
      <ol className="grid grid-cols-4 gap-2 text-xs">
        {steps.map((step) => (
          <li
            key={step.status}
            data-testid={`delivery-step-${step.status}`}
            data-reached={step.reached}
            className={step.reached ? 'font-semibold text-stone-900' : 'text-stone-500'}
          >
            {SHORT_LABELS[step.status]}
            {step.at && (
              <>
                <br />
                <TimeOfDay value={step.at} className="font-normal text-stone-500" />
              </>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
