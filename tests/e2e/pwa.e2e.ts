/**
 * Installability, checked by hand because Lighthouse 12 has no PWA category: the manifest's fields and icons, a
 * service worker controlling the page, the CSP in force with no inline script, and the caching headers.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { waitForServiceWorkerControl } from './harness/browser.ts';
import { DIST, openSession, type Session } from './harness/session.ts';

type Manifest = {
  name?: string;
  short_name?: string;
  start_url?: string;
  scope?: string;
  display?: string;
  theme_color?: string;
  background_color?: string;
  icons?: { src: string; sizes: string; type: string; purpose?: string }[];
};

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  assert.equal(bytes.subarray(1, 4).toString('ascii'), 'PNG', 'a PNG file');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

let session: Session;
before(async () => {
  session = await openSession();
});
after(async () => {
  await session?.close();
});

test('the built index.html has the CSP meta and no inline script', () => {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
  assert.ok(csp, 'a CSP meta');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'(;|$)/);
  assert.doesNotMatch(csp, /unsafe-inline|'unsafe-eval'/);
  assert.equal(/<script\b(?![^>]*\bsrc=)[^>]*>/i.exec(html), null, 'no inline <script>');
});

test('the manifest makes the app installable: names, standalone, start URL in scope, icons 192, 512 and maskable', async () => {
  const { page, server } = session;
  await page.goto(server.url);
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  assert.ok(href, 'index.html links the manifest');
  const manifestUrl = new URL(href, server.url);
  const response = await page.request.get(manifestUrl.href);
  assert.equal(response.status(), 200);
  const manifest = (await response.json()) as Manifest;
  assert.equal(manifest.name, 'Coursedeck');
  assert.ok(
    manifest.short_name && manifest.short_name.length <= 12,
    'a short name that fits under an icon',
  );
  assert.equal(manifest.display, 'standalone');
  assert.match(manifest.theme_color ?? '', /^#[0-9a-f]{6}$/i);
  const startUrl = new URL(manifest.start_url ?? '', manifestUrl).href;
  const scope = new URL(manifest.scope ?? '', manifestUrl).href;
  assert.equal(startUrl, server.url, 'start_url is the base path');
  assert.ok(startUrl.startsWith(scope), 'start_url lies inside scope');

  const icons = manifest.icons ?? [];
  for (const wanted of [
    { size: 192, purpose: undefined },
    { size: 512, purpose: undefined },
    { size: 512, purpose: 'maskable' },
  ]) {
    const icon = icons.find(
      (candidate) =>
        candidate.sizes === `${wanted.size}x${wanted.size}` &&
        (wanted.purpose
          ? candidate.purpose?.includes(wanted.purpose)
          : !candidate.purpose || candidate.purpose.includes('any')),
    );
    assert.ok(icon, `an icon of ${wanted.size}px${wanted.purpose ? ` (${wanted.purpose})` : ''}`);
    const image = await page.request.get(new URL(icon.src, manifestUrl).href);
    assert.equal(image.status(), 200, `${icon.src} is served`);
    assert.equal(image.headers()['content-type'], 'image/png');
    assert.deepEqual(pngSize(await image.body()), { width: wanted.size, height: wanted.size });
  }
});

test('a service worker controls the page and has precached the app shell and the decks', async () => {
  const { page, server } = session;
  await page.goto(server.url);
  await waitForServiceWorkerControl(page);
  const cached = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys())
        urls.push(new URL(request.url).pathname);
    }
    return urls;
  });
  assert.ok(
    cached.some((url) => url.endsWith('/index.html')),
    'index.html is precached',
  );
  assert.ok(
    cached.some((url) => /\/assets\/.+\.js$/.test(url)),
    'the scripts are precached',
  );
  assert.ok(
    cached.some((url) => url.endsWith('/decks/index.json')),
    'the deck index is precached',
  );
  assert.ok(!cached.some((url) => url.endsWith('.wasm')), 'the optimizer wasm is not precached');
});

test('index.html, the service worker and the manifest are not cached by HTTP; hashed assets are', async () => {
  const { page, server } = session;
  for (const path of ['', 'index.html', 'sw.js', 'manifest.webmanifest', 'decks/index.json']) {
    const response = await page.request.get(new URL(path, server.url).href);
    assert.equal(response.status(), 200, path || '/');
    assert.equal(response.headers()['cache-control'], 'no-cache', path || '/');
  }
});

test('nothing went to the console as an error and the CSP was never violated', () => {
  session.assertNoProblems();
});
