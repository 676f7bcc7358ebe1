import { describe, expect, it } from 'vitest';

import { parseAmount } from './amount-input';

describe('parseAmount: typed amounts to cents', () => {
  const cases: [string, number | null][] = [
    ['3', 300],
    ['2.5', 250],
    ['2.50', 250],
    ['2,50', 250],
    [' 0.05 ', 5],
    ['0', 0],
    ['100.00', 10_000],
    ['', null],
    ['-1', null],
    ['1.234', null],
    ['abc', null],
    ['1e3', null],
    ['1234567', null],
  ];
  for (const [text, cents] of cases) {
    it(`${JSON.stringify(text)} → ${cents}`, () => expect(parseAmount(text)).toBe(cents));
  }
});
