import { describe, expect, it } from 'vitest';

import { isDatabaseUnavailable } from './availability';
import { createDb } from './client';

describe('isDatabaseUnavailable', () => {
  it('recognises what Prisma throws when nothing listens at the database address', async () => {
    const db = createDb('postgresql://nobody:secret@127.0.0.1:1/none');
    const error = await db.restaurant.findMany().catch((e: unknown) => e);
    await db.$disconnect();
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    [{ code: 'ECONNRESET' }],
    [{ code: '57P01', message: 'terminating connection due to administrator command' }],
    [new Error('wrapped', { cause: { code: 'ECONNREFUSED' } })],
  ])('recognises %j', (error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    [new Error('Unique constraint failed')],
    [{ code: 'P2002' }],
    [{ code: '23505' }],
    [null],
    ['text'],
  ])('leaves %j to the caller', (error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
