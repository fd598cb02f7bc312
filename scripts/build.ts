/**
 * `npm run build [-- --source VAULT]`: the decks into public/decks (Vite copies them to dist/decks), then
 * `vite build`. The environment passes through, so BASE_PATH=/sub/ npm run build works. Stops at the first failure.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { main as decks } from './decks-cli.ts';

const root = path.resolve(import.meta.dirname, '..');
const argv = process.argv.slice(2);
const sourceAt = argv.findIndex((a) => a === '--source' || a.startsWith('--source='));
const deckArgs: string[] = ['--out', path.join(root, 'public', 'decks')];
if (sourceAt >= 0) {
  const arg = argv[sourceAt] ?? '';
  deckArgs.push(
    '--source',
    arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : (argv[sourceAt + 1] ?? ''),
  );
} else {
  deckArgs.push('--source', path.join(root, 'decks'));
}

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
