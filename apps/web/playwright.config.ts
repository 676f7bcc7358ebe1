// End-to-end tests against a running Tiffin stack (`npm test` starts one; see e2e/README.md).
// One worker: the stack shares the machine (2 cores in CI), and the flows watch live timing.
import { defineConfig, devices } from '@playwright/test';

import { chromiumLaunchOptions } from './e2e/chromium';

export default defineConfig({
  testDir: './e2e',
  testMatch: '*.spec.ts',
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  // Generous for a loaded 2-core machine; a passing step takes a fraction of it.
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/results.json' }]],
  use: {
    baseURL: process.env.TIFFIN_BASE_URL ?? 'http://localhost:3000',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: chromiumLaunchOptions,
      },
    },
  ],
});
