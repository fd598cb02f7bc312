/**
 * One scenario's world: the built app on a static server, a Chromium, a context guarded against console errors and
 * CSP violations, and a page. `close()` stops everything it started.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { contextDefaults, guardContext, launchBrowser, type Problems } from './browser.ts';
import { startStaticServer, type StaticServer } from './server.ts';

export const REPO_ROOT = join(import.meta.dirname, '..', '..', '..');
/** The production build under test (run.ts builds it into dist/ unless told otherwise). */
export const DIST = process.env.E2E_DIST ?? join(REPO_ROOT, 'dist');
/** Screenshots and other artifacts (git-ignored; CI keeps them). */
export const ARTIFACTS = join(REPO_ROOT, 'test-results');

export type Session = {
  server: StaticServer;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  problems: Problems;
  /** Fails when any console error, uncaught exception or CSP violation happened so far. */
  assertNoProblems(): void;
  close(): Promise<void>;
};

export async function openSession(
  options: { root?: string; base?: string; context?: BrowserContextOptions } = {},
): Promise<Session> {
  const server = await startStaticServer({ root: options.root ?? DIST, base: options.base ?? '/' });
  const browser = await launchBrowser();
  const context = await browser.newContext(contextDefaults(options.context));
  const problems: Problems = [];
  await guardContext(context, problems);
  const page = await context.newPage();
  return {
    server,
    browser,
    context,
    page,
    problems,
    assertNoProblems: () =>
      assert.deepEqual(problems, [], 'no console errors, exceptions or CSP violations'),
    close: async () => {
      await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await server.stop();
    },
  };
}

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}
