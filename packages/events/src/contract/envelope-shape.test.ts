// checkEnvelope's quick shape check (tried before zod on every read) accepts exactly what
// envelopeSchema accepts, strips what it strips, and leaves every refusal to zod's wording.
import { randomUUID } from 'node:crypto';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import type { EnvelopeCheck } from './envelope';
import { eventCatalog } from './catalog';
import { checkEnvelope, createEnvelope, envelopeSchema, isEventType } from './envelope';
import { checkTraceContext } from './trace-context';

/** The full check with zod alone deciding the shape: what checkEnvelope must always agree with. */
function zodOnlyCheck(value: unknown): EnvelopeCheck {
  const shape = envelopeSchema.safeParse(value);
  if (!shape.success)
    return { ok: false, error: `Invalid envelope: ${z.prettifyError(shape.error)}` };
  const { type } = shape.data;
  if (!isEventType(type)) return { ok: false, error: `Unknown event type "${type}"` };
  const payload = eventCatalog[type].schema.safeParse(shape.data.payload);
  if (!payload.success) {
    return { ok: false, error: `Invalid ${type} payload: ${z.prettifyError(payload.error)}` };
  }
  const { traceparent, tracestate, ...rest } = shape.data;
  const { trace, dropped } = checkTraceContext(traceparent, tracestate);
  return {
    ok: true,
    envelope: { ...rest, type, payload: payload.data, ...trace },
    ...(dropped ? { traceDropped: dropped } : {}),
  };
}

function validEnvelope(): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify(
      createEnvelope(
        'menu.stock_changed.v1',
        {
          restaurantId: randomUUID(),
          items: [{ menuItemId: randomUUID(), stock: 2 }],
          reason: 'admin',
        },
        {
          correlationId: randomUUID(),
          causationId: randomUUID(),
          source: 'test',
          trace: { traceparent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`, tracestate: 'k=v' },
        },
      ),
    ),
  ) as Record<string, unknown>;
}

const MISSING = Symbol('missing');

/** Values near every edge the uuid and datetime formats have, and a few of the wrong type. */
const tricky = fc.constantFrom<unknown>(
  MISSING,
  undefined,
  null,
  0,
  '',
  [],
  {},
  'x',
  randomUUID(),
  randomUUID().toUpperCase(),
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '123e4567-e89b-02d3-a456-426614174000',
  '123e4567-e89b-12d3-c456-426614174000',
  `${randomUUID()} `,
  randomUUID().replace(/-/g, ''),
  '2026-12-08T01:02:03.456Z',
  '2026-12-08T01:02:03Z',
  '2026-12-08T01:02Z',
  '2026-12-08T01:02:03.456+01:00',
  '2026-12-08T01:02:03.456',
  '2026-12-08 01:02:03.456Z',
  '2026-13-08T01:02:03.456Z',
  '2026-12-08T25:02:03.456Z',
  'menu.stock_changed.v1',
  'menu.nope.v1',
  { restaurantId: randomUUID(), items: [], reason: 'admin' },
  `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`,
);

const FIELDS = [
  'eventId',
  'type',
  'correlationId',
  'causationId',
  'source',
  'occurredAt',
  'payload',
  'traceparent',
  'tracestate',
  'extra',
] as const;

describe('checkEnvelope with its quick shape check', () => {
  it('agrees with the zod-only check on a valid envelope, unknown keys stripped', () => {
    const envelope = { ...validEnvelope(), extra: 'dropped' };
    const checked = checkEnvelope(envelope);
    expect(checked).toEqual(zodOnlyCheck(envelope));
    expect(checked.ok && 'extra' in checked.envelope).toBe(false);
  });

  it('agrees with the zod-only check, result and wording, whatever any field holds', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...FIELDS), tricky), { minLength: 1, maxLength: 3 }),
        (changes) => {
          const envelope = validEnvelope();
          for (const [field, value] of changes) {
            if (value === MISSING) delete envelope[field];
            else envelope[field] = value;
          }
          expect(checkEnvelope(envelope)).toEqual(zodOnlyCheck(envelope));
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('refuses what is not an object at all, as zod words it', () => {
    for (const value of [null, undefined, 'envelope', 42, [validEnvelope()]]) {
      const checked = checkEnvelope(value);
      expect(checked).toEqual(zodOnlyCheck(value));
      expect(checked).toMatchObject({
        ok: false,
        error: expect.stringMatching(/^Invalid envelope/),
      });
    }
  });
});
