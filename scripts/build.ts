/**
 * `npm run build [-- --source VAULT]` (or `COURSEDECK_SOURCE=VAULT npm run build`): the decks into public/decks (Vite
 * copies them to dist/decks), then `vite build`. The environment passes through, so BASE_PATH=/sub/ npm run build
 * works. Stops at the first failure.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { resolveBuildSource, type BuildSource } from './build-source.ts';
import { main as decks } from './decks-cli.ts';

const root = path.resolve(import.meta.dirname, '..');
let source: BuildSource;
try {
  source = resolveBuildSource(process.argv.slice(2), process.env, root);
} catch (error) {
  process.stderr.write(`build: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}
if (source.from !== 'default') process.stdout.write(`build: decks from ${source.source}\n`);
const deckArgs = ['--out', path.join(root, 'public', 'decks'), '--source', source.source];

const code = decks(deckArgs, {
  cwd: process.cwd(),
  stderr: (line) => process.stderr.write(`${line}\n`),
  stdout: (line) => process.stdout.write(`${line}\n`),
});
if (code !== 0) {
  process.stderr.write('build: the deck build failed; the app was not built\n');
  process.exit(code);
}

const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
const result = spawnSync(process.execPath, [vite, 'build'], {
  cwd: root,
  stdio: 'inherit',
  env: process.env,
});
process.exit(result.status ?? 1);
