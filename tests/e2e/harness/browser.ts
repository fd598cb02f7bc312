/**
 * Debian's Chromium driven by playwright-core, with the flags from DEVELOPERS.md, and a guard that turns every console
 * error, uncaught exception and Content-Security-Policy violation on a page into a test failure.
 */
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core';

export const CHROME_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export function chromePath(): string {
  return process.env.CHROME_PATH ?? '/usr/bin/chromium';
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromePath(), args: CHROME_FLAGS, headless: true });
}

/**
 * An IANA time zone in which it is about noon at `now`. The app's day starts at 4 a.m. local time, so a scenario run
 * near 4 a.m. saw a Good answer's ten-minute learning step fall due "tomorrow" and counted no learning card (CI failed
 * this way at 03:45 UTC). Every context runs at midday instead, hours away from any day boundary. `E2E_TIMEZONE`
 * overrides it, to test a particular hour on purpose.
 */
export function midDayTimezone(now: Date = new Date()): string {
  if (process.env.E2E_TIMEZONE) return process.env.E2E_TIMEZONE;
  const offset = 12 - now.getUTCHours(); // -11 … +12 hours east of UTC
  // The Etc/GMT zones are named with POSIX's inverted sign: Etc/GMT-5 is five hours east of UTC.
  return offset === 0 ? 'Etc/UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

/** Context options every scenario shares: see midDayTimezone. */
export function contextDefaults(options: BrowserContextOptions = {}): BrowserContextOptions {
  return { timezoneId: midDayTimezone(), ...options };
}

/** A browser with an on-disk profile (real IndexedDB files), for benchmarks and restarts. */
export function launchPersistent(
  userDataDir: string,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: chromePath(),
    args: CHROME_FLAGS,
    headless: true,
    ...options,
  });
}

/** What went wrong on the pages of a context; a scenario fails unless it stays empty. */
export type Problems = string[];

/**
 * Records console errors, uncaught exceptions and CSP violations of every page in `context` into `problems`.
 * CSP violations are caught twice over: Chromium logs them as console errors, and a `securitypolicyviolation`
 * listener (installed by CDP, which the page's CSP does not govern) reports them through a binding.
 */
export async function guardContext(context: BrowserContext, problems: Problems): Promise<void> {
  await context.exposeBinding('__reportCspViolation', (_source, text: string) => {
    problems.push(`CSP violation: ${text}`);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __reportCspViolation: (text: string) => void })
        .__reportCspViolation;
      report(
        `${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} at ${event.sourceFile}:${event.lineNumber}`,
      );
    });
  });
  const watch = (page: Page) => {
    page.on('console', (message) => {
      if (message.type() === 'error')
        problems.push(`console error on ${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`uncaught on ${page.url()}: ${error.message}`));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
}

/** Resolves once a service worker controls the page (the app then works offline). */
export async function waitForServiceWorkerControl(page: Page, timeout = 30_000): Promise<void> {
  await page.waitForFunction(
    async () => {
      await navigator.serviceWorker.ready;
      return navigator.serviceWorker.controller !== null;
    },
    undefined,
    { timeout, polling: 100 },
  );
}

/** Resolves once the active service worker has finished precaching (installed, then activated). */
export async function waitForPrecache(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    const worker = registration.active;
    if (worker && worker.state !== 'activated') {
      await new Promise<void>((resolve) =>
        worker.addEventListener('statechange', () => worker.state === 'activated' && resolve()),
      );
    }
  });
}
