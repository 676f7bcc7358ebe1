// How the suite and the screenshot script launch Chromium: found the way `npm test` finds it
// (PLAYWRIGHT_CHROMIUM_EXECUTABLE, else Debian's /usr/bin/chromium), else Playwright's own, so
// the guide's `npx playwright test` works as written on an offline machine with Debian's chromium.
import type { LaunchOptions } from '@playwright/test';

import { findChromium } from '@tiffin/stack';

export const chromiumLaunchOptions: LaunchOptions = {
  executablePath: findChromium(),
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
