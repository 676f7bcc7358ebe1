// axe and layout checks shared by the accessibility specs: no serious or critical violation (the
// minor ones are attached to the test as annotations), and no sideways scrolling.
import AxeBuilder from '@axe-core/playwright';

import type { Page } from './fixtures';
import { expect, test } from './fixtures';

/** Runs axe (all rules) on the page as it is now; fails listing every serious or critical one. */
export async function expectNoSeriousViolations(page: Page, name: string): Promise<void> {
  // Colours are judged as they settle, not halfway through a button's 150 ms hover or feedback
  // transition (axe would read the in-between colour and call it low contrast).
  await page.addStyleTag({
    content: '*, *::before, *::after { transition: none !important; animation: none !important; }',
  });
  const { violations } = await new AxeBuilder({ page }).analyze();
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const describe = (v: (typeof violations)[number]) =>
    `${v.id} (${v.impact ?? 'n/a'}): ${v.help}; at ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`;
  const minor = violations.filter((v) => !blocking.includes(v));
  if (minor.length > 0) {
    test
      .info()
      .annotations.push({ type: `axe, ${name}`, description: minor.map(describe).join('\n') });
  }
  expect(blocking.map(describe), `serious or critical axe violations on ${name}`).toEqual([]);
}

/** How far the page is wider than the window (it would scroll sideways when above 0). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
}
