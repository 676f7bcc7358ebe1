// The dead-letter stream: how many events nobody could process, and the newest few.
import type { RouterOutputs } from '@tiffin/api';

import { ConsoleSection } from '../../components/consoles/console-section';
import { Badge } from '../../components/ui/badge';
import { Code } from '../../components/ui/code';
import { ClockTime } from './clock-time';
import { streamLabel } from './stream-label';

type DeadLetters = RouterOutputs['dev']['overview']['deadLetters'];

export function DeadLettersCard({ deadLetters }: { deadLetters: DeadLetters }) {
  const { size, recent } = deadLetters;
  return (
    <ConsoleSection
      id="dev-dlq-title"
      title="Dead letters"
      description={
        <>
          Events that failed every attempt. List them with <Code>npm run events -- dlq:list</Code>,
          replay one with <Code>npm run events -- dlq:replay &lt;id&gt;</Code>.
        </>
      }
      testId="dev-dlq"
    >
      <div className="flex items-center gap-3">
        <span
          className="text-4xl font-bold tabular-nums tracking-tight"
          data-testid="dev-dlq-size"
          aria-describedby="dev-dlq-title"
        >
          {size.toLocaleString('en-US')}
        </span>
        {size === 0 ? (
          <Badge tone="success" dot>
            Empty
          </Badge>
        ) : (
          <Badge tone="danger" dot>
            Needs a look
          </Badge>
        )}
      </div>
      {recent.length > 0 && (
        <ol aria-label="Newest dead letters" className="divide-y divide-stone-100 text-sm">
          {recent.map((letter) => (
            <li key={letter.id} className="py-2">
              <div className="flex flex-wrap items-baseline justify-between gap-x-3">
                <span className="font-mono font-medium break-all">
                  {letter.type || '(no type)'}
                </span>
                {letter.failedAt && (
                  <ClockTime value={letter.failedAt} className="text-stone-600" />
                )}
              </div>
              <p className="text-stone-600">
                {streamLabel(letter.originalStream)} · {letter.group} · {letter.attempts}{' '}
                {letter.attempts === 1 ? 'attempt' : 'attempts'} · <Code>{letter.id}</Code>
              </p>
              <p className="line-clamp-2 break-words text-red-800" title={letter.error}>
                {letter.error}
              </p>
            </li>
          ))}
        </ol>
      )}
    </ConsoleSection>
  );
}
