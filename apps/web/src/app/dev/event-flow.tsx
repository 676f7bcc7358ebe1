// Fixed-height scrolling boxes, so events arriving every 2 s never push the page around.
import Link from 'next/link';

import type { RouterOutputs } from '@tiffin/api';

import { ConsoleSection } from '../../components/consoles/console-section';
import { Badge } from '../../components/ui/badge';
import { ScrollArea } from '../../components/ui/scroll-area';
import { ClockTime } from './clock-time';

type Stream = RouterOutputs['dev']['overview']['streams'][number];
type RecentEvent = Stream['recent'][number];

/** Stream ids start with Redis' append time in ms: the time of an entry without a valid envelope. */
function appendedAt(streamId: string): string {
  return new Date(Number(streamId.split('-')[0])).toISOString();
}

const short = (id: string) => id.slice(0, 8);

function EventRow({ event }: { event: RecentEvent }) {
  return (
    <li className="px-3 py-2" data-testid="dev-event" data-event-type={event.type}>
      <div className="flex items-baseline justify-between gap-3">
        <span className="min-w-0 truncate font-mono text-sm font-medium" title={event.type}>
          {event.type || '(no type)'}
        </span>
        <ClockTime
          value={event.occurredAt ?? appendedAt(event.id)}
          className="shrink-0 text-xs text-stone-600"
        />
      </div>
      {event.error ? (
        <p className="mt-0.5 flex items-start gap-2 text-xs text-red-800">
          <Badge tone="danger">Invalid</Badge>
          <span className="line-clamp-2 break-words" title={event.error}>
            {event.error}
          </span>
        </p>
      ) : (
        <p className="mt-0.5 flex flex-wrap gap-x-3 text-xs text-stone-600">
          {event.orderId && (
            <span>
              order{' '}
              <Link
                href={`/orders/${event.orderId}`}
                className="rounded font-mono text-brand-700 hover:underline focus-visible:outline-2 focus-visible:outline-brand-700"
                title={event.orderId}
                aria-label={`Order ${event.orderId}`}
              >
                {short(event.orderId)}
              </Link>
            </span>
          )}
          {event.correlationId && (
            <span>
              correlation{' '}
              <span className="font-mono text-stone-800" title={event.correlationId}>
                {short(event.correlationId)}
              </span>
            </span>
          )}
        </p>
      )}
    </li>
  );
}

export function EventFlow({ streams }: { streams: Stream[] }) {
  return (
    <section aria-labelledby="dev-flow-title" className="space-y-3">
      <div>
        <h2 id="dev-flow-title" className="text-lg font-semibold tracking-tight">
          Live event flow
        </h2>
        <p className="text-sm text-stone-600">The newest events on each stream, newest first.</p>
      </div>
      <div className="grid gap-4 lg:grid-cols-3">
        {streams.map((stream) => (
          <ConsoleSection
            key={stream.stream}
            id={`dev-flow-${stream.label}-title`}
            title={stream.label}
            testId={`dev-events-${stream.label}`}
            aside={
              <Badge tone="neutral">
                {stream.recent.length < stream.length
                  ? `${stream.recent.length} of ${stream.length.toLocaleString('en-US')}`
                  : stream.length.toLocaleString('en-US')}
              </Badge>
            }
          >
            <ScrollArea label={`Newest events on ${stream.label}`} className="h-96">
              {stream.recent.length === 0 ? (
                <div className="grid h-full place-items-center p-6 text-center">
                  <div>
                    <p className="font-semibold">No events yet</p>
                    <p className="mt-1 text-sm text-stone-600">
                      They appear here within two seconds of being published.
                    </p>
                  </div>
                </div>
              ) : (
                <ol className="divide-y divide-stone-100">
                  {stream.recent.map((event) => (
                    <EventRow key={event.id} event={event} />
                  ))}
                </ol>
              )}
            </ScrollArea>
          </ConsoleSection>
        ))}
      </div>
    </section>
  );
}
