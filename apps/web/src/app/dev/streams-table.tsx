// Pending is delivered but unacked (in a handler, or stuck); lag is not yet delivered at all.
import type { RouterOutputs } from '@tiffin/api';

import { ConsoleSection } from '../../components/consoles/console-section';
import { Badge } from '../../components/ui/badge';
import { Code } from '../../components/ui/code';
import { ScrollArea } from '../../components/ui/scroll-area';

type Stream = RouterOutputs['dev']['overview']['streams'][number];

const th = 'px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-stone-600';
const td = 'px-3 py-2 align-top';
const num = `${td} text-right tabular-nums`;

function Count({ value, tone }: { value: number | null; tone: 'warning' | 'info' }) {
  if (value === null) {
    return (
      <span className="text-stone-600" title="Redis can’t tell after entries were deleted">
        unknown
      </span>
    );
  }
  return value === 0 ? <span>0</span> : <Badge tone={tone}>{value.toLocaleString('en-US')}</Badge>;
}

export function StreamsTable({ streams }: { streams: Stream[] }) {
  return (
    <ConsoleSection
      id="dev-streams-title"
      title="Streams & consumer groups"
      description={
        <>
          Pending: delivered, not yet acked. Lag: not yet delivered. The CLI shows the same:{' '}
          <Code>npm run events -- streams:stats</Code>.
        </>
      }
      testId="dev-streams"
    >
      <p className="-mt-2 text-xs text-stone-600 sm:hidden">
        The table scrolls sideways for the group columns.
      </p>
      <ScrollArea label="Streams table">
        <table className="w-full min-w-[40rem] border-collapse text-sm">
          <thead className="bg-stone-50">
            <tr>
              <th scope="col" className={th}>
                Stream
              </th>
              <th scope="col" className={`${th} text-right`}>
                Length
              </th>
              <th scope="col" className={th}>
                Group
              </th>
              <th scope="col" className={`${th} text-right`}>
                Consumers
              </th>
              <th scope="col" className={`${th} text-right`}>
                Pending
              </th>
              <th scope="col" className={`${th} text-right`}>
                Lag
              </th>
              <th scope="col" className={th}>
                Last delivered
              </th>
            </tr>
          </thead>
          {streams.map((stream) => {
            const rows = Math.max(stream.groups.length, 1);
            const head = (
              <>
                <th scope="rowgroup" rowSpan={rows} className={`${td} text-left font-semibold`}>
                  <span className="block">{stream.label}</span>
                  <span className="block font-mono text-xs font-normal text-stone-600">
                    {stream.stream}
                  </span>
                </th>
                <td
                  rowSpan={rows}
                  className={num}
                  data-testid={`dev-stream-length-${stream.label}`}
                >
                  {stream.length.toLocaleString('en-US')}
                </td>
              </>
            );
            return (
              <tbody
                key={stream.stream}
                className="border-t border-stone-200"
                data-testid={`dev-stream-${stream.label}`}
              >
                {stream.groups.length === 0 ? (
                  <tr>
                    {head}
                    <td colSpan={5} className={`${td} text-stone-600`}>
                      No consumer groups yet (a worker creates them when it starts).
                    </td>
                  </tr>
                ) : (
                  stream.groups.map((group, i) => (
                    <tr key={group.name} className={i > 0 ? 'border-t border-stone-100' : ''}>
                      {i === 0 && head}
                      <td className={`${td} font-medium`}>{group.name}</td>
                      <td className={num}>{group.consumers}</td>
                      <td className={num}>
                        <Count value={group.pending} tone="warning" />
                      </td>
                      <td className={num}>
                        <Count value={group.lag} tone="info" />
                      </td>
                      <td className={`${td} font-mono text-xs text-stone-600`}>
                        {group.lastDeliveredId}
                      </td>
                    </tr>
                  ))
                )}
              </tbody>
            );
          })}
        </table>
      </ScrollArea>
    </ConsoleSection>
  );
}
