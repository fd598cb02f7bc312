/**
 * `npm run test:e2e`: builds the app (skip with E2E_SKIP_BUILD=1 when dist/ is fresh), then runs every
 * tests/e2e/*.e2e.ts with Node's test runner, one file at a time (one browser at a time on a 2-core machine).
 * Arguments filter the files by name: `npm run test:e2e -- offline`. The exit code is the test runner's.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const filters = process.argv.slice(2);
const files = readdirSync(import.meta.dirname)
  .filter((name) => name.endsWith('.e2e.ts'))
  .filter((name) => filters.length === 0 || filters.some((filter) => name.includes(filter)))
  .sort()
  .map((name) => join('tests', 'e2e', name));

if (files.length === 0) {
  console.error(`test:e2e: no test file matches ${filters.join(', ')}`);
  process.exit(1);
}

if (!process.env.E2E_SKIP_BUILD) {
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, E2E_DIST: process.env.E2E_DIST ?? join(root, 'dist') },
  },
);
process.exit(result.status ?? 1);
