/**
 * Issue 9: the app built with BASE_PATH=/sub/ and served under /sub/ only (404 at /), by a static server that applies
 * the shipped _headers file as Netlify or Cloudflare Pages would. First visit, a deep-link reload, a review, then the
 * server stopped and the app reloaded offline, reviewed again and reloaded: all under /sub/. No request of the page
 * or of its service worker leaves /sub/, and the Content-Security-Policy from _headers is sent and in force with no
 * violation.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { CONTENT_SECURITY_POLICY } from '../../src/app/pwa/csp.ts';
import { headersFor, parseHeadersFile, rebaseHostFile } from '../../scripts/static-host.ts';
import {
  navigate,
  openToday,
  reviewByKeyboard,
  reviewLog,
  todayDeckRows,
  todayStat,
} from './harness/app.ts';
import {
  contextDefaults,
  guardContext,
  launchBrowser,
  waitForPrecache,
  waitForServiceWorkerControl,
  type Problems,
} from './harness/browser.ts';
import { buildVersion, type VersionBuild } from './harness/build-version.ts';
import { REPO_ROOT } from './harness/session.ts';
import { startStaticServer, type StaticServer } from './harness/server.ts';

const BASE = '/sub/';

let work: string;
let build: VersionBuild;
let server: StaticServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const problems: Problems = [];
/** Every request the browser made: the page's, and the service worker's (seen by the context only). */
const pageRequests: string[] = [];
const contextRequests: Array<{ url: string; fromWorker: boolean }> = [];

before(async () => {
  // A build of its own (dist/ belongs to the other scenarios), from the shipped course, under /sub/.
  work = mkdtempSync(join(tmpdir(), 'coursedeck-base-path-'));
  const previous = process.env.BASE_PATH;
  process.env.BASE_PATH = BASE;
  try {
    build = await buildVersion({
      vault: join(REPO_ROOT, 'decks'),
      workDir: join(work, 'build'),
      version: '0.0.0-base-path',
    });
  } finally {
    if (previous === undefined) delete process.env.BASE_PATH;
    else process.env.BASE_PATH = previous;
  }
  const shipped = readFileSync(join(build.dist, '_headers'), 'utf8');
  server = await startStaticServer({
    root: build.dist,
    base: BASE,
    headerRules: parseHeadersFile(shipped),
  });
  browser = await launchBrowser();
  context = await browser.newContext(contextDefaults());
  await guardContext(context, problems);
  context.on('request', (request: Request) => {
    contextRequests.push({ url: request.url(), fromWorker: request.serviceWorker() !== null });
  });
  // The Badging API, recorded: what the app would show on its home-screen icon.
  // As a string: tsx would wrap a function's inner functions in a `__name` helper the page does not have.
  await context.addInitScript(`
    const shown = [];
    window.__badges = shown;
    Object.defineProperty(navigator, 'setAppBadge', {
      value: (count) => { shown.push(count ?? 0); return Promise.resolve(); },
    });
    Object.defineProperty(navigator, 'clearAppBadge', {
      value: () => { shown.push('cleared'); return Promise.resolve(); },
    });
  `);
  page = await context.newPage();
  page.on('request', (request) => pageRequests.push(request.url()));
});

after(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await server?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('the build ships public/_headers with /sub/ in front of its paths', () => {
  const shipped = readFileSync(join(build.dist, '_headers'), 'utf8');
  const source = readFileSync(join(REPO_ROOT, 'public', '_headers'), 'utf8');
  assert.equal(shipped, rebaseHostFile(source, BASE));
  const rules = parseHeadersFile(shipped);
  assert.equal(headersFor(rules, '/sub/')['Content-Security-Policy'], CONTENT_SECURITY_POLICY);
});

test('first visit under /sub/: the headers from _headers, the service worker scoped to /sub/, the manifest in /sub/', async () => {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url() === server.url && r.request().isNavigationRequest()),
    openToday(page, server.url),
  ]);
  const headers = await response.allHeaders();
  assert.equal(
    headers['content-security-policy'],
    CONTENT_SECURITY_POLICY,
    'the CSP arrives as an HTTP header, identical to the meta',
  );
  assert.equal(headers['cache-control'], 'no-cache');
  assert.notEqual(await todayStat(page, 'Due now'), '0', 'the shipped deck is due');

  await waitForServiceWorkerControl(page);
  await waitForPrecache(page);
  const worker = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return { scope: registration.scope, script: registration.active?.scriptURL ?? '' };
  });
  assert.equal(worker.scope, server.url);
  assert.equal(worker.script, `${server.url}sw.js`);

  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  assert.ok(href);
  const manifestUrl = new URL(href, server.url);
  assert.equal(manifestUrl.href, `${server.url}manifest.webmanifest`);
  const manifest = (await (await page.request.get(manifestUrl.href)).json()) as {
    start_url: string;
    scope: string;
    id?: string;
    icons: { src: string }[];
  };
  assert.equal(new URL(manifest.start_url, manifestUrl).href, server.url, 'start_url is /sub/');
  assert.equal(new URL(manifest.scope, manifestUrl).href, server.url, 'scope is /sub/');
  for (const icon of manifest.icons) {
    assert.ok(new URL(icon.src, manifestUrl).href.startsWith(server.url), `icon ${icon.src}`);
  }

  // The cache rules of _headers, as a host sends them.
  const sw = await page.request.get(`${server.url}sw.js`);
  assert.equal(sw.headers()['cache-control'], 'no-cache');
  // A worker's CSP comes from its own response (a page's meta does not reach it): the header covers it.
  assert.equal(sw.headers()['content-security-policy'], CONTENT_SECURITY_POLICY);
  const manifestHeaders = (await page.request.get(manifestUrl.href)).headers();
  assert.equal(manifestHeaders['cache-control'], 'no-cache');
  const script = await page.locator('script[type="module"][src]').first().getAttribute('src');
  assert.ok(
    script && script.startsWith(`${BASE}assets/`),
    `the entry script is under /sub/assets/: ${script}`,
  );
  const asset = await page.request.get(new URL(script, server.url).href);
  assert.equal(asset.headers()['cache-control'], 'public, max-age=31536000, immutable');
});

test('a deep link under /sub/ reloads to its screen', async () => {
  await navigate(page, 'Settings');
  assert.equal(page.url(), `${server.url}settings`);
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
  await page.goto(`${server.url}browse`);
  await page.getByRole('heading', { level: 1, name: 'Browse' }).waitFor();
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Browse' }).waitFor();
  assert.equal(page.url(), `${server.url}browse`);
});

/** The badge calls recorded on this page so far. */
function badges(): Promise<Array<number | 'cleared'>> {
  return page.evaluate(
    () => (window as unknown as { __badges: Array<number | 'cleared'> }).__badges,
  );
}

/** Today's due cards: the sum of the table's new, learning and review columns. */
async function dueOnToday(): Promise<number> {
  const rows = await todayDeckRows(page);
  return rows.reduce((sum, row) => sum + row.new + row.learning + row.review, 0);
}

test('a review under /sub/ is saved, and the home-screen badge shows the cards due, on start and after the review', async () => {
  await openToday(page, server.url);
  const due = await dueOnToday();
  assert.ok(due > 0);
  await page.waitForFunction(
    (n) => (window as unknown as { __badges: unknown[] }).__badges.includes(n),
    due,
  );

  await page.goto(`${server.url}review`);
  await page.waitForFunction(
    () => (window as unknown as { __badges: unknown[] }).__badges.length > 0,
  );
  const before = (await badges()).length;
  // Easy sends a new card to review days ahead: it leaves today's count.
  await reviewByKeyboard(page, 2, 4);
  assert.equal((await reviewLog(page)).length, 2);
  await page.waitForFunction(
    (n) => (window as unknown as { __badges: unknown[] }).__badges.length > n,
    before,
  );
  await openToday(page, server.url);
  assert.equal(await todayStat(page, 'Reviews done today'), '2');
  const after = await dueOnToday();
  await page.waitForFunction(
    (n) => (window as unknown as { __badges: unknown[] }).__badges.at(-1) === n,
    after,
  );
});

test('with the server stopped the app reloads under /sub/, opens a deep link, reviews and keeps the answers', async () => {
  await server.stop();
  try {
    await offlineSteps();
  } finally {
    await server.start();
  }
});

async function offlineSteps(): Promise<void> {
  const probe = await page.evaluate(async (url) => {
    try {
      await fetch(`${url}not-precached-${Date.now()}.txt`, { cache: 'no-store' });
      return 'reached';
    } catch {
      return 'unreachable';
    }
  }, server.url);
  assert.equal(probe, 'unreachable', 'the server is down');
  // Chromium logs the failed probe as a console error: the test's own doing.
  problems.length = 0;

  await page.reload();
  await page.getByRole('table', { name: /Cards due today per deck/ }).waitFor();
  await page.goto(`${server.url}settings`);
  await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
  await page.goto(`${server.url}review`);
  await reviewByKeyboard(page, 1, 3);
  await page.reload();
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await openToday(page, server.url);
  assert.equal(await todayStat(page, 'Reviews done today'), '3');
  assert.equal((await reviewLog(page)).length, 3);
}

test('a deep link opened cold (no service worker yet, as a shared link is) starts the app on its screen', async () => {
  const fresh = await browser.newContext(contextDefaults());
  await guardContext(fresh, problems);
  fresh.on('request', (request: Request) => {
    contextRequests.push({ url: request.url(), fromWorker: request.serviceWorker() !== null });
  });
  try {
    const cold = await fresh.newPage();
    const response = await cold.goto(`${server.url}decks`);
    assert.equal(response?.status(), 200);
    assert.equal(
      (await response?.allHeaders())?.['content-security-policy'],
      CONTENT_SECURITY_POLICY,
    );
    await cold.getByRole('heading', { level: 1, name: 'Decks' }).waitFor();
    await waitForServiceWorkerControl(cold);
  } finally {
    await fresh.close();
  }
});

test('no request of the page or of its service worker left /sub/', () => {
  const inside = (url: string) => url.startsWith(server.url);
  // data: and blob: URLs are the page's own bytes, not requests to a host.
  const network = (url: string) => !url.startsWith('data:') && !url.startsWith('blob:');
  const outsidePage = pageRequests.filter(network).filter((url) => !inside(url));
  assert.deepEqual(outsidePage, [], 'page requests outside /sub/');
  const outsideContext = contextRequests.filter((r) => network(r.url) && !inside(r.url));
  assert.deepEqual(outsideContext, [], 'page or service worker requests outside /sub/');
  assert.ok(
    contextRequests.some((r) => r.fromWorker && r.url.startsWith(`${server.url}assets/`)),
    "the service worker's own requests (precaching) were seen",
  );
  assert.deepEqual(
    server.requests.filter((path) => !path.startsWith(BASE)),
    [],
    'requests that reached the server outside /sub/',
  );
  assert.ok(server.requests.length > 10, 'the server saw the app load');
});

test('no console errors and no CSP violations under /sub/', () => {
  assert.deepEqual(problems, []);
});

// Last: these requests from Node to / would otherwise count as leaving the base path.
test('nothing is served at /, and the app is at /sub/', async () => {
  const root = await fetch(`${server.origin}/`);
  assert.equal(root.status, 404);
  const rootIndex = await fetch(`${server.origin}/index.html`);
  assert.equal(rootIndex.status, 404);
  const app = await fetch(server.url);
  assert.equal(app.status, 200);
  // The host's files are not for visitors.
  assert.equal((await fetch(`${server.url}_headers`)).status, 404);
});
