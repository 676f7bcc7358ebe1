import { describe, expect, it } from 'vitest';

import { orderCreated } from '@tiffin/stack/testing';

import { parseMessage } from './publisher';

const fieldsOf = (type: string, envelope: unknown) => [
  'type',
  type,
  'envelope',
  typeof envelope === 'string' ? envelope : JSON.stringify(envelope),
];

describe('parseMessage', () => {
  it('reads a well-formed message back into its envelope', () => {
    const envelope = orderCreated();
    expect(parseMessage(fieldsOf(envelope.type, envelope))).toEqual({ ok: true, envelope });
  });

  it.each([
    ['garbage fields', ['foo', 'bar'], /Missing "envelope" field/],
    ['an odd field list', ['type'], /Odd number of stream fields/],
    ['an envelope that is not JSON', ['type', 'order.created.v1', 'envelope', '{nope'], /not JSON/],
    [
      'an envelope missing its ids',
      fieldsOf('order.created.v1', { type: 'x' }),
      /Invalid envelope/,
    ],
    [
      'an unknown type',
      fieldsOf('order.exploded.v1', { ...orderCreated(), type: 'order.exploded.v1' }),
      /Unknown event type "order.exploded.v1"/,
    ],
    [
      'a payload failing its schema',
      fieldsOf('order.created.v1', { ...orderCreated(), payload: { orderId: 'nope' } }),
      /Invalid order.created.v1 payload/,
    ],
    [
      'a type field that disagrees with the envelope',
      fieldsOf('menu.stock_changed.v1', orderCreated()),
      /differs from the envelope's type/,
    ],
  ])('rejects %s with a reason, without throwing', (_label, fields, error) => {
    const parsed = parseMessage(fields);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error).toMatch(error);
    expect(parsed.raw).toEqual(Object.fromEntries(chunk(fields)));
  });
});

function chunk(fields: string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) pairs.push([fields[i] ?? '', fields[i + 1] ?? '']);
  return pairs;
}
