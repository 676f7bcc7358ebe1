// A heap census of the web process through its inspector: a full heap snapshot, summed by what
// each object is (its constructor, a closure's function name, or V8's node type for strings,
// arrays and code). Two censuses diffed and divided by the connections between them say where
// each connection's memory goes.
import type { InspectorSession } from './inspector';

/** Self size and count of the live objects of one kind. */
export interface CensusRow {
  count: number;
  bytes: number;
}

export type Census = Map<string, CensusRow>;

interface HeapSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

/** Takes a snapshot (after a full GC, which V8 does first) and sums it by kind. */
export async function takeCensus(session: InspectorSession): Promise<Census> {
  const chunks: string[] = [];
  const onChunk = (params: Record<string, unknown>) => chunks.push(String(params.chunk));
  session.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  try {
    await session.call('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    session.off('HeapProfiler.addHeapSnapshotChunk');
  }
  // JSON boundary: V8's heap snapshot format (nodes as a flat array of node_fields).
  const heap = JSON.parse(chunks.join('')) as HeapSnapshot;
  chunks.length = 0;
  const fields = heap.snapshot.meta.node_fields;
  const types = heap.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const census: Census = new Map();
  for (let i = 0; i < heap.nodes.length; i += width) {
    const type = types[heap.nodes[i + typeAt]!] ?? 'unknown';
    const name = heap.strings[heap.nodes[i + nameAt]!] ?? '';
    // Strings and numbers are named by their content: only their type says what they are.
    const key =
      type === 'object' || type === 'native' || type === 'closure' || type === 'hidden'
        ? `${type === 'closure' ? 'closure ' : ''}${name}`
        : `(${type})`;
    const row = census.get(key) ?? { count: 0, bytes: 0 };
    row.count++;
    row.bytes += heap.nodes[i + sizeAt]!;
    census.set(key, row);
  }
  return census;
}

/** What `per` connections added between two censuses, per connection, largest first. */
export function censusGrowth(
  before: Census,
  after: Census,
  per: number,
): { kind: string; countPer: number; bytesPer: number }[] {
  const rows: { kind: string; countPer: number; bytesPer: number }[] = [];
  for (const [kind, row] of after) {
    const base = before.get(kind) ?? { count: 0, bytes: 0 };
    rows.push({
      kind,
      countPer: (row.count - base.count) / per,
      bytesPer: (row.bytes - base.bytes) / per,
    });
  }
  return rows.sort((a, b) => b.bytesPer - a.bytesPer);
}
