/**
 * `npm run bench:lighthouse`: Lighthouse 12.8 (mobile preset: Moto G class device, simulated slow 4G) on the built app
 * served gzipped from 127.0.0.1, median of 3 runs per category, plus the initial JS: the entry script and its
 * modulepreloads from dist/index.html, gzipped, and the scripts the first screen actually loaded.
 * Targets (issue 4): performance ≥ 95, accessibility 100, best practices 100, SEO 100, initial JS ≤ 150 KB gzipped.
 * Lighthouse 12 has no PWA category: installability is checked by the e2e suite (tests/e2e/pwa.e2e.ts).
 * Env: BENCH_SKIP_BUILD=1 to use dist/ as it is, LIGHTHOUSE_RUNS (default 3).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import lighthouse from 'lighthouse';
import { chromium } from 'playwright-core';
import { CHROME_FLAGS, chromePath } from '../tests/e2e/harness/browser.ts';
import { startStaticServer } from '../tests/e2e/harness/server.ts';

const ROOT = join(import.meta.dirname, '..');
const DIST = join(ROOT, 'dist');
const OUT = join(ROOT, 'bench', '.out');
const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 3);
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** The JS index.html makes the browser load before anything runs: the entry module and its modulepreloads. */
function initialJs(): { files: string[]; gzipBytes: number } {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const files = [
    ...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g),
  ].map((match) => match[1]!.replace(/^.*\/assets\//, 'assets/'));
  const gzipBytes = files.reduce(
    (sum, file) => sum + gzipSync(readFileSync(join(DIST, file)), { level: 9 }).length,
    0,
  );
  return { files, gzipBytes };
}

type Lhr = {
  categories: Record<string, { score: number | null }>;
  audits: Record<
    string,
    {
      numericValue?: number;
      details?: { items?: { url: string; resourceType?: string; transferSize?: number }[] };
    }
  >;
};

async function main() {
  if (!process.env.BENCH_SKIP_BUILD || !existsSync(join(DIST, 'index.html'))) {
    const result = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (result.status !== 0) process.exit(result.status ?? 1);
  }
  const server = await startStaticServer({ root: DIST, compress: true });
  const port = await freePort();
  const browser = await chromium.launch({
    executablePath: chromePath(),
    headless: true,
    args: [...CHROME_FLAGS, `--remote-debugging-port=${port}`],
  });
  const scores: Record<string, number[]> = Object.fromEntries(
    CATEGORIES.map((category) => [category, []]),
  );
  const metrics: Record<string, number[]> = { fcp: [], lcp: [], tbt: [], cls: [], scriptBytes: [] };
  let failing: string[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      const result = await lighthouse(server.url, {
        port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: [...CATEGORIES],
      });
      const lhr = result?.lhr as unknown as Lhr | undefined;
      if (!lhr) throw new Error('Lighthouse returned no result');
      for (const category of CATEGORIES)
        scores[category]!.push(Math.round((lhr.categories[category]?.score ?? 0) * 100));
      metrics.fcp!.push(lhr.audits['first-contentful-paint']?.numericValue ?? NaN);
      metrics.lcp!.push(lhr.audits['largest-contentful-paint']?.numericValue ?? NaN);
      metrics.tbt!.push(lhr.audits['total-blocking-time']?.numericValue ?? NaN);
      metrics.cls!.push(lhr.audits['cumulative-layout-shift']?.numericValue ?? NaN);
      const scripts = (lhr.audits['network-requests']?.details?.items ?? []).filter(
        (item) => item.resourceType === 'Script',
      );
      metrics.scriptBytes!.push(scripts.reduce((sum, item) => sum + (item.transferSize ?? 0), 0));
      failing = Object.entries(
        lhr.audits as Record<
          string,
          { score: number | null; scoreDisplayMode?: string; title?: string }
        >,
      )
        .filter(
          ([, audit]) =>
            audit.score !== null && audit.score < 1 && audit.scoreDisplayMode === 'binary',
        )
        .map(([id, audit]) => `${id}: ${audit.title ?? ''}`);
      console.log(
        `run ${run + 1}: ${CATEGORIES.map((category) => `${category} ${scores[category]!.at(-1)}`).join(', ')}`,
      );
      if (run === RUNS - 1) {
        mkdirSync(OUT, { recursive: true });
        writeFileSync(join(OUT, 'lighthouse.json'), JSON.stringify(result?.lhr, null, 1));
      }
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  const initial = initialJs();
  console.log('');
  console.log('| measure | result (median) | target |');
  console.log('| --- | --- | --- |');
  const targets: Record<string, number> = {
    performance: 95,
    accessibility: 100,
    'best-practices': 100,
    seo: 100,
  };
  for (const category of CATEGORIES) {
    console.log(
      `| ${category} | ${median(scores[category]!)} (${scores[category]!.join(', ')}) | ≥ ${targets[category]} |`,
    );
  }
  console.log(
    `| FCP / LCP | ${median(metrics.fcp!).toFixed(0)} ms / ${median(metrics.lcp!).toFixed(0)} ms | — |`,
  );
  console.log(
    `| TBT / CLS | ${median(metrics.tbt!).toFixed(0)} ms / ${median(metrics.cls!).toFixed(3)} | — |`,
  );
  console.log(
    `| initial JS (entry + modulepreloads, gzip -9) | ${kb(initial.gzipBytes)} in ${initial.files.length} files | ≤ 150 KB |`,
  );
  console.log(
    `| JS loaded to show Today (transfer, gzip) | ${kb(median(metrics.scriptBytes!))} | — |`,
  );
  if (failing.length) console.log(`\nfailing binary audits (last run): ${failing.join('; ')}`);
}

await main();
