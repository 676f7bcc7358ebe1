'use client';

// Dead letters: events no consumer could process after every retry. Replay puts one back on its
// stream, unchanged (consumers absorb a repeat), and says where it went. Refreshes every 10 s.
import { useState } from 'react';

import type { DeadLetters } from './admin-data';
import { ConsoleSection, InlineError } from '../../components/consoles/console-section';
import { LocalTime } from '../../components/local-time';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { api } from '../../trpc/react';

const REFRESH_MS = 10_000;

type Letter = DeadLetters['newest'][number];

type Outcome =
  | { kind: 'replayed'; id: string; replayedAs: string; stream: string }
  | { kind: 'failed'; id: string; message: string };

export function DeadLettersSection() {
  const query = api.admin.deadLetters.useQuery(undefined, { refetchInterval: REFRESH_MS });
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const data = query.data;
  return (
    <ConsoleSection
      id="dead-letters"
      title="Dead letters"
      description="Events no consumer could process after every retry. Fix the cause first, then replay."
      aside={
        data && (
          <Badge tone={data.total === 0 ? 'success' : 'danger'} dot data-testid="dead-letter-total">
            {data.total} {data.total === 1 ? 'letter' : 'letters'}
          </Badge>
        )
      }
      testId="admin-dead-letters"
    >
      <div aria-live="polite" data-testid="dead-letter-result" data-outcome={outcome?.kind}>
        {outcome?.kind === 'replayed' && (
          <p className="rounded-lg bg-emerald-50 px-3 py-2 text-sm font-medium text-emerald-900 ring-1 ring-inset ring-emerald-200">
            Replayed <code className="font-mono">{outcome.id}</code> onto {outcome.stream} as{' '}
            <code className="font-mono">{outcome.replayedAs}</code>.
          </p>
        )}
        {outcome?.kind === 'failed' && (
          <InlineError>
            Could not replay <code className="font-mono">{outcome.id}</code>: {outcome.message}
          </InlineError>
        )}
      </div>
      {query.error && <InlineError>{query.error.message}</InlineError>}
      {data &&
        (data.newest.length === 0 ? (
          <p className="text-stone-700" data-testid="dead-letters-empty">
            None. Every event was processed.
          </p>
        ) : (
          <>
            {data.total > data.newest.length && (
              <p className="text-sm text-stone-700">
                The newest {data.newest.length} of {data.total}.
              </p>
            )}
            <ul className="divide-y divide-stone-200 rounded-xl border border-stone-200">
              {data.newest.map((letter) => (
                <LetterRow key={letter.id} letter={letter} onOutcome={setOutcome} />
              ))}
            </ul>
          </>
        ))}
    </ConsoleSection>
  );
}

function LetterRow({
  letter,
  onOutcome,
}: {
  letter: Letter;
  onOutcome: (outcome: Outcome) => void;
}) {
  const utils = api.useUtils();
  const replay = api.admin.replayDeadLetter.useMutation({
    onSuccess: async (result) => {
      onOutcome({
        kind: 'replayed',
        id: result.id,
        replayedAs: result.replayedAs,
        stream: letter.originalStream,
      });
      await utils.admin.deadLetters.invalidate();
    },
    onError: async (error) => {
      onOutcome({ kind: 'failed', id: letter.id, message: error.message });
      await utils.admin.deadLetters.invalidate();
    },
  });
  const labelId = `dead-letter-${letter.id}-type`;
  return (
    <li
      className="grid gap-2 px-3 py-3 md:grid-cols-[minmax(0,1fr)_auto] md:items-center"
      data-testid={`dead-letter-${letter.id}`}
    >
      <div className="min-w-0 space-y-0.5 text-sm">
        <p className="font-mono text-base font-semibold break-all" id={labelId}>
          {letter.type || '(no type)'}
        </p>
        <p className="text-stone-700">
          <code className="font-mono">{letter.id}</code> · from {letter.originalStream} · group{' '}
          {letter.group} · {letter.attempts} {letter.attempts === 1 ? 'attempt' : 'attempts'}
          {letter.failedAt && (
            <>
              {' '}
              · failed <LocalTime value={letter.failedAt} />
            </>
          )}
        </p>
        <p className="line-clamp-3 break-words text-red-900" title={letter.error}>
          {letter.error}
        </p>
      </div>
      <Button
        variant="secondary"
        className="min-h-11"
        pending={replay.isPending}
        disabled={!letter.envelope}
        onClick={() => replay.mutate({ id: letter.id })}
        aria-describedby={labelId}
        data-testid={`dead-letter-replay-${letter.id}`}
        title={letter.envelope ? undefined : 'This letter has no event to replay; inspect it only.'}
      >
        Replay
      </Button>
    </li>
  );
}
