'use client';

// Polls dev.overview every 2 s while visible, keeping the last good data on screen if one fails.
import { useState } from 'react';

import type { RouterOutputs } from '@tiffin/api';

import { Button } from '../../components/ui/button';
import { Card } from '../../components/ui/card';
import { api } from '../../trpc/react';
import { AccessNotice } from './access-notice';
import { ClockTime } from './clock-time';
import { DashboardSkeleton } from './dashboard-skeleton';
import { DeadLettersCard } from './dead-letters-card';
import { DevHeading } from './dev-heading';
import { EventFlow } from './event-flow';
import { HealthLinks } from './health-links';
import { StreamsTable } from './streams-table';
import { WorkersCard } from './workers-card';

type Overview = RouterOutputs['dev']['overview'];

const REFRESH_MS = 2_000;

type Status = 'loading' | 'live' | 'paused' | 'failing';

const STATUS_LOOK: Record<Status, { label: string; dot: string; text: string }> = {
  loading: { label: 'Loading…', dot: 'bg-stone-400 animate-pulse', text: 'text-stone-700' },
  live: { label: 'Live', dot: 'bg-emerald-500', text: 'text-emerald-800' },
  paused: { label: 'Paused', dot: 'bg-stone-400', text: 'text-stone-700' },
  failing: { label: 'Not updating', dot: 'bg-red-500', text: 'text-red-800' },
};

/** What a screen reader hears: only on a change of state, not on every refresh. */
const STATUS_ANNOUNCEMENT: Record<Status, string> = {
  // The skeleton announces loading itself.
  loading: '',
  live: 'Live updates on.',
  paused: 'Live updates paused.',
  failing: 'Live updates are failing; showing the last data received.',
};

export function DevDashboard({
  initial,
  initialError,
}: {
  initial: Overview | null;
  /** Why the server could not load the first data (the client keeps trying). */
  initialError: string | null;
}) {
  const [paused, setPaused] = useState(false);
  const query = api.dev.overview.useQuery(undefined, {
    ...(initial ? { initialData: initial } : {}),
    refetchInterval: (q) => {
      const code = q.state.error?.data?.code;
      // A session that lost access won't get it back by asking again.
      if (paused || code === 'FORBIDDEN' || code === 'UNAUTHORIZED') return false;
      return REFRESH_MS;
    },
    // The interval is the retry: a failed refresh is simply tried again two seconds later.
    retry: false,
  });

  const accessCode = query.error?.data?.code;
  if (accessCode === 'UNAUTHORIZED') return <AccessNotice reason="sign_in" />;
  if (accessCode === 'FORBIDDEN') return <AccessNotice reason="forbidden" />;

  const data = query.data;
  const errorMessage = query.error?.message ?? (data ? null : initialError);
  const status: Status = errorMessage ? 'failing' : paused ? 'paused' : data ? 'live' : 'loading';
  const look = STATUS_LOOK[status];

  return (
    <div className="space-y-6">
      <DevHeading
        controls={
          <>
            <Button
              variant="secondary"
              size="sm"
              className="min-w-36"
              aria-pressed={paused}
              onClick={() => setPaused((p) => !p)}
              data-testid="dev-pause"
            >
              {paused ? 'Resume updates' : 'Pause updates'}
            </Button>
            <Button
              variant="secondary"
              size="sm"
              className="min-w-28"
              onClick={() => void query.refetch()}
              data-testid="dev-refresh"
            >
              Refresh
            </Button>
          </>
        }
      />

      <div
        className="flex min-h-12 flex-col gap-0.5 text-sm"
        data-testid="dev-status"
        data-state={status}
      >
        <p className="flex flex-wrap items-center gap-x-2">
          <span className={`inline-flex items-center gap-1.5 font-semibold ${look.text}`}>
            <span aria-hidden="true" className={`h-2 w-2 rounded-full ${look.dot}`} />
            {look.label}
          </span>
          {data && (
            <span className="text-stone-600">
              · data from <ClockTime value={data.generatedAt} />
            </span>
          )}
        </p>
        <p
          className={`line-clamp-1 ${errorMessage ? 'text-red-800' : 'text-stone-600'}`}
          title={errorMessage ?? undefined}
        >
          {errorMessage
            ? `Couldn’t refresh (${errorMessage}).${paused ? '' : ' Retrying every 2 s.'}`
            : paused
              ? 'Updates are paused: press Resume updates or Refresh.'
              : 'Refreshes every 2 s while this tab is visible.'}
        </p>
        <p className="sr-only" aria-live="polite">
          {STATUS_ANNOUNCEMENT[status]}
        </p>
      </div>

      {data ? (
        <>
          <div className="grid gap-4 md:grid-cols-2">
            <HealthLinks links={data.links} environment={data.environment} />
            <DeadLettersCard deadLetters={data.deadLetters} />
          </div>
          <WorkersCard workers={data.workers} />
          <StreamsTable streams={data.streams} />
          <EventFlow streams={data.streams} />
        </>
      ) : errorMessage ? (
        <Card role="alert" className="text-center" data-testid="dev-error">
          <p className="text-lg font-semibold">The event backbone can’t be read right now</p>
          <p className="mt-1 text-stone-600">
            Is Redis running? This page keeps trying every two seconds.
          </p>
          <Button className="mt-4" onClick={() => void query.refetch()}>
            Try again
          </Button>
        </Card>
      ) : (
        <DashboardSkeleton />
      )}
    </div>
  );
}
