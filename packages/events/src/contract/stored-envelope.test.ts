// The relay's cheap check of envelopes rebuilt from outbox rows: it agrees with the full check on
// good envelopes and still refuses an unknown type, an empty source or a payload off its schema.
import { randomUUID } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import type { Envelope } from './envelope';
import { checkEnvelope, checkStoredEnvelope, createEnvelope } from './envelope';

function stockChanged(): Envelope {
  return createEnvelope(
    'menu.stock_changed.v1',
    {
      restaurantId: randomUUID(),
      items: [{ menuItemId: randomUUID(), stock: 3 }],
      reason: 'admin',
    },
    { correlationId: randomUUID(), source: 'test' },
  );
}

describe('checkStoredEnvelope', () => {
  it('accepts a valid envelope with the same result as the full check', () => {
    const envelope = stockChanged();
    expect(checkStoredEnvelope(envelope)).toEqual(checkEnvelope(envelope));
  });

  it('refuses a payload that fails its schema, with the same error as the full check', () => {
    const envelope = { ...stockChanged(), payload: { restaurantId: 'not-a-uuid' } } as Envelope;
    const checked = checkStoredEnvelope(envelope);
    expect(checked).toEqual(checkEnvelope(envelope));
    expect(checked).toMatchObject({ ok: false, error: expect.stringContaining('payload') });
  });

  it('refuses an unknown type and an empty source', () => {
    const unknown = { ...stockChanged(), type: 'menu.nope.v1' } as unknown as Envelope;
    expect(checkStoredEnvelope(unknown)).toEqual({
      ok: false,
      error: 'Unknown event type "menu.nope.v1"',
    });
    expect(checkStoredEnvelope({ ...stockChanged(), source: '' })).toMatchObject({ ok: false });
  });

  it('drops a malformed traceparent, with the reason, and keeps the event', () => {
    const envelope = { ...stockChanged(), traceparent: 'garbage' };
    const checked = checkStoredEnvelope(envelope);
    expect(checked).toMatchObject({ ok: true, traceDropped: expect.any(String) });
    expect(checked.ok && checked.envelope.traceparent).toBe(undefined);
  });
});
