// How the suite and the screenshot script launch Chromium: the one PLAYWRIGHT_CHROMIUM_EXECUTABLE
// names when set (CI and offline machines use Debian's `chromium`), else Playwright's own.
import type { LaunchOptions } from '@playwright/test';

export const chromiumLaunchOptions: LaunchOptions = {
  executablePath: process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE || undefined,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-dev-shm-usage',
  ],
};
