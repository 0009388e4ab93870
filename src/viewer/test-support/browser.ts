import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/**
 * Browser tests run when Debian's chromium is installed, and always in CI (where a missing
 * browser must fail the run, not skip it silently).
 */
export const browserAvailable = existsSync(CHROMIUM) || Boolean(process.env.CI);
export const browserSkipReason = `browser tests skipped: ${CHROMIUM} is missing (apt-get install chromium) and CI is unset`;

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
