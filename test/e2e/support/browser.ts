import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/**
 * The browser tests drive Debian's Chromium package; nothing is ever downloaded. Outside CI a machine
 * without it skips them with a warning; in CI its absence is a failure.
 */
export const chromiumPath = process.env.PERX_CHROMIUM ?? '/usr/bin/chromium';
export const chromiumAvailable = existsSync(chromiumPath);

if (!chromiumAvailable) {
  if (process.env.CI === 'true') {
    throw new Error(
      `Chromium is not installed at ${chromiumPath}; CI requires it (apt-get install chromium)`,
    );
  }
  console.warn(`Chromium is not installed at ${chromiumPath}: the browser tests are skipped outside CI`);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
