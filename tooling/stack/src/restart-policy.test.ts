// The restart policy of `npm start`, decision by decision.
import { describe, expect, it } from 'vitest';

import { decideRestart, DEFAULT_RESTART_POLICY } from './restart-policy';

const MINUTE = 60_000;

describe('decideRestart', () => {
  it('backs off 1 s, 2 s, 4 s, 8 s over fast crashes, and gives up at the fifth within a minute', () => {
    const crashes: number[] = [];
    const decisions = [0, 3_000, 8_000, 15_000, 25_000].map((at) => {
      crashes.push(at);
      return decideRestart(crashes, at);
    });
    expect(decisions).toEqual([
      { action: 'restart', delayMs: 1_000, recentCrashes: 1 },
      { action: 'restart', delayMs: 2_000, recentCrashes: 2 },
      { action: 'restart', delayMs: 4_000, recentCrashes: 3 },
      { action: 'restart', delayMs: 8_000, recentCrashes: 4 },
      { action: 'give_up', recentCrashes: 5 },
    ]);
  });

  it('crashes far apart never add up: each is restarted after the first delay', () => {
    const crashes = [0, 2 * MINUTE, 4 * MINUTE, 6 * MINUTE, 8 * MINUTE, 10 * MINUTE];
    expect(decideRestart(crashes, 10 * MINUTE)).toEqual({
      action: 'restart',
      delayMs: 1_000,
      recentCrashes: 1,
    });
  });

  it('the delay is capped', () => {
    const policy = { ...DEFAULT_RESTART_POLICY, maxCrashes: 100 };
    const crashes = Array.from({ length: 20 }, (_, i) => i * 100);
    expect(decideRestart(crashes, 2_000, policy)).toEqual({
      action: 'restart',
      delayMs: policy.maxDelayMs,
      recentCrashes: 20,
    });
  });
});
