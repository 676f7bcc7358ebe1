// The order's steps, each with the time it was reached. `data-history-length` exposes how many
// history entries the page holds, so tests can see that a resume added no duplicates.
import type { OrderTrackingState } from '../../../lib/order-tracking-state';
import { TimeOfDay } from '../../../components/time-of-day';
import { ORDER_STATUS_LABELS } from '../../../lib/order-status';
import { timelineOf } from '../../../lib/order-tracking-state';

export function OrderTimeline({ state }: { state: OrderTrackingState }) {
  const steps = timelineOf(state);
  return (
    <ol
      aria-label="Order progress"
      className="space-y-0"
      data-testid="order-timeline"
      data-history-length={state.history.length}
    >
      {steps.map((step, i) => {
        const current = step.status === state.status;
        const last = i === steps.length - 1;
        const marker = !step.reached
          ? 'border-2 border-stone-300 bg-white'
          : step.status === 'cancelled'
            ? 'bg-stone-500'
            : current && step.status !== 'delivered'
              ? 'bg-brand-500 ring-4 ring-brand-100'
              : 'bg-emerald-500';
        return (
          <li
            key={step.status}
            data-testid={`step-${step.status}`}
            data-reached={step.reached}
            aria-current={current ? 'step' : undefined}
            className="relative flex gap-3 pb-5 last:pb-0"
          >
            {!last && (
              <span
                aria-hidden="true"
                className={`absolute left-[7px] top-5 h-[calc(100%-1.25rem)] w-0.5 ${steps[i + 1]?.reached ? 'bg-emerald-300' : 'bg-stone-200'}`}
              />
            )}
            <span aria-hidden="true" className={`mt-1 h-4 w-4 shrink-0 rounded-full ${marker}`} />
            <div className="min-w-0">
              <p className={step.reached ? 'font-medium' : 'text-stone-500'}>
                {ORDER_STATUS_LABELS[step.status]}
                {!step.reached && <span className="sr-only"> (not yet)</span>}
              </p>
              {step.at && <TimeOfDay value={step.at} className="text-sm text-stone-500" />}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
