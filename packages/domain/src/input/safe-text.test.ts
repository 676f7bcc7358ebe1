import { describe, expect, it } from 'vitest';

import { escapeLikePattern } from './like-pattern';
import { CONTROL_CHARACTER_MESSAGE, safeText } from './safe-text';

describe('safeText', () => {
  const schema = safeText({ error: 'Enter a name' }).trim().min(1).max(20);

  it.each(['a\u0000b', '\u0000', 'x\u0007', 'del\u007f', 'esc\u001b[31m'])(
    'refuses %j with a message a person understands',
    (value) => {
      const result = schema.safeParse(value);
      expect(result.success).toBe(false);
      expect(result.error?.issues.map((i) => i.message)).toEqual([CONTROL_CHARACTER_MESSAGE]);
    },
  );

  it('keeps ordinary text, including line breaks, tabs and any script', () => {
    expect(schema.parse('  Ramen\tbar  ')).toBe('Ramen\tbar');
    expect(schema.parse('line one\nline two')).toBe('line one\nline two');
    expect(schema.parse('Crème brûlée 🍮')).toBe('Crème brûlée 🍮');
    expect(schema.parse('100% _real_ \\o/')).toBe('100% _real_ \\o/');
  });

  it('still applies the chained rules and its own "not a string" message', () => {
    expect(schema.safeParse(undefined).error?.issues[0]?.message).toBe('Enter a name');
    expect(schema.safeParse('x'.repeat(21)).success).toBe(false);
    expect(schema.safeParse('   ').success).toBe(false);
  });
});

describe('escapeLikePattern', () => {
  it.each([
    ['plain', 'plain'],
    ['100%', '100\\%'],
    ['a_b', 'a\\_b'],
    ['%\\', '\\%\\\\'],
    ['\\_%', '\\\\\\_\\%'],
  ])('%j → %j', (input, escaped) => {
    expect(escapeLikePattern(input)).toBe(escaped);
  });
});
