// `npm run events -- <command>`: the dead-letter and stream tools for operators (see README.md).
import { parseArgs } from 'node:util';

import { redisClusterNodesSchema } from '@tiffin/config/redis-topology';

import type { DeadLetter } from '../runner/dead-letters';
import { EVENT_STREAMS } from '../contract/keys';
import { errorMessage } from '../logger';
import { createRedisClient } from '../redis-client';
import {
  countDeadLetters,
  getDeadLetter,
  listDeadLetters,
  replayAllDeadLetters,
  replayDeadLetter,
} from '../runner/dead-letters';
import { streamStats } from './stream-stats';

const USAGE = `Usage: npm run events -- <command> [options]

Commands:
  dlq:list [--count <n>]        list dead letters, oldest first (default 100)
  dlq:show <id>                 show one dead letter with its envelope
  dlq:replay <id> | --all       re-publish to the original stream and remove from the DLQ
  streams:stats                 length, per-group consumers/pending/lag, DLQ size

Options:
  --dlq <stream>                one dead-letter stream (default: every partition's)
  --streams <a,b,…>             streams for streams:stats (default: all event streams)

Environment:
  REDIS_URL                     e.g. redis://127.0.0.1:6379 (this or the next is required)
  REDIS_CLUSTER_NODES           Redis Cluster seeds, e.g. 127.0.0.1:7000,127.0.0.1:7001`;

class UsageError extends Error {}

/** Left-aligned columns, two spaces apart, with a header rule. */
function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable REDIS_URL)';
  }
}

function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function showDeadLetter(letter: DeadLetter): string {
  let envelope = letter.envelope;
  try {
    envelope = JSON.stringify(JSON.parse(letter.envelope), null, 2);
  } catch {
    // Malformed messages keep their envelope verbatim.
  }
  const rows: [string, string][] = [
    ['id', letter.id],
    ['failedAt', letter.failedAt],
    ['originalStream', letter.originalStream],
    ['originalId', letter.originalId],
    ['group', letter.group],
    ['type', letter.type],
    ['attempts', String(letter.attempts)],
    ['error', letter.error],
  ];
  if (letter.rawFields !== undefined) rows.push(['rawFields', letter.rawFields]);
  const width = Math.max(...rows.map(([k]) => k.length));
  return [
    ...rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`),
    'envelope:',
    envelope || '(none)',
  ].join('\n');
}

function parse(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      count: { type: 'string' },
      dlq: { type: 'string' },
      streams: { type: 'string' },
      all: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...rest] = positionals;
  return { command, rest, values };
}

async function main(
  argv: string[],
  redisUrl: string | undefined,
  clusterNodes: string[] | undefined,
): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (err) {
    throw new UsageError(errorMessage(err));
  }
  const { command, rest, values } = args;
  if (values.help || command === 'help') {
    console.log(USAGE);
    return 0;
  }
  const known = ['dlq:list', 'dlq:show', 'dlq:replay', 'streams:stats'];
  if (!command || !known.includes(command)) {
    throw new UsageError(command ? `Unknown command "${command}"` : 'No command given');
  }
  const id = rest[0];
  if (command === 'dlq:show' && (rest.length !== 1 || !id))
    throw new UsageError('dlq:show takes one id');
  if (command === 'dlq:replay' && (values.all ? rest.length !== 0 : rest.length !== 1)) {
    throw new UsageError('dlq:replay takes one id, or --all');
  }
  if ((command === 'dlq:list' || command === 'streams:stats') && rest.length > 0) {
    throw new UsageError(`${command} takes no arguments`);
  }
  const count = values.count === undefined ? 100 : Number(values.count);
  if (!Number.isInteger(count) || count < 1)
    throw new UsageError('--count must be a positive integer');

  if (!redisUrl && !clusterNodes) {
    console.error(
      'REDIS_URL is not set. Point it at the Redis that carries the event streams, e.g.\n  REDIS_URL=redis://127.0.0.1:6379 npm run events -- streams:stats',
    );
    return 1;
  }
  // Fail fast instead of reconnecting forever: this is a one-shot tool.
  const redis = createRedisClient(
    { url: redisUrl, clusterNodes },
    {
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      retryStrategy: (times) => (times > 3 ? null : 200),
    },
  );
  const target = clusterNodes ? clusterNodes.join(',') : redacted(redisUrl ?? '');
  let lastError: Error | undefined;
  redis.on('error', (err: Error) => (lastError = err));
  const dlq = { stream: values.dlq };
  try {
    await redis.connect().catch(() => {
      throw new Error(`Cannot reach Redis at ${target}: ${lastError?.message ?? 'no answer'}`);
    });
    switch (command) {
      case 'dlq:list': {
        const [letters, total] = await Promise.all([
          listDeadLetters(redis, { ...dlq, count }),
          countDeadLetters(redis, dlq),
        ]);
        if (total === 0) {
          console.log('No dead letters.');
          return 0;
        }
        console.log(
          table(
            ['ID', 'FAILED AT', 'TYPE', 'STREAM', 'GROUP', 'ATTEMPTS', 'ERROR'],
            letters.map((l) => [
              l.id,
              l.failedAt,
              l.type || '-',
              l.originalStream,
              l.group,
              String(l.attempts),
              truncate(l.error, 60),
            ]),
          ),
        );
        console.log(`\n${letters.length} of ${total} dead letters shown.`);
        return 0;
      }
      case 'dlq:show': {
        const letter = await getDeadLetter(redis, id ?? '', dlq);
        if (!letter) {
          console.error(`No dead letter with id "${id}".`);
          return 1;
        }
        console.log(showDeadLetter(letter));
        return 0;
      }
      case 'dlq:replay': {
        if (values.all) {
          const { replayed, skipped } = await replayAllDeadLetters(redis, dlq);
          for (const r of replayed) console.log(`${r.id} → ${r.originalStream} ${r.newId}`);
          for (const s of skipped) console.error(`skipped ${s.id}: ${s.reason}`);
          console.log(`Replayed ${replayed.length}, skipped ${skipped.length}.`);
          return skipped.length > 0 ? 1 : 0;
        }
        const newId = await replayDeadLetter(redis, id ?? '', dlq);
        console.log(`Replayed ${id} as ${newId}.`);
        return 0;
      }
      default: {
        const streams = values.streams?.split(',').filter(Boolean) ?? EVENT_STREAMS;
        const report = await streamStats(redis, streams, { deadLetterStream: values.dlq });
        const rows = report.streams.flatMap((s) =>
          s.groups.length === 0
            ? [[s.stream, String(s.length), '-', '', '', '']]
            : s.groups.map((g) => [
                s.stream,
                String(s.length),
                g.name,
                String(g.consumers),
                String(g.pending),
                g.lag === null ? '?' : String(g.lag),
              ]),
        );
        console.log(table(['STREAM', 'LENGTH', 'GROUP', 'CONSUMERS', 'PENDING', 'LAG'], rows));
        console.log(`\nDead letters (${report.deadLetterStream}): ${report.deadLetters}`);
        return 0;
      }
    }
  } finally {
    redis.disconnect();
  }
}

main(
  process.argv.slice(2),
  process.env.REDIS_URL,
  redisClusterNodesSchema.parse(process.env.REDIS_CLUSTER_NODES),
).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      console.error(`${err.message}\n\n${USAGE}`);
    } else {
      console.error(`events: ${errorMessage(err)}`);
    }
    process.exitCode = 1;
  },
);
