/**
 * Where `npm run build` takes the decks from: `--source DIR` (or `--source=DIR`), else the environment variable
 * `COURSEDECK_SOURCE`, else the repository's own `decks/` (what the hosted workflow builds, where a fork keeps its
 * course). A relative folder is relative to where the learner typed the command: npm runs scripts from the package
 * root and keeps the original directory in `INIT_CWD`.
 */
import fs from 'node:fs';
import path from 'node:path';

export type BuildSource = { source: string; from: '--source' | 'COURSEDECK_SOURCE' | 'default' };

export function resolveBuildSource(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  repoRoot: string,
): BuildSource {
  const at = argv.findIndex((a) => a === '--source' || a.startsWith('--source='));
  const arg = at >= 0 ? (argv[at] ?? '') : '';
  const flag =
    at < 0 ? undefined : arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[at + 1];
  if (at >= 0 && (!flag || flag.startsWith('--'))) {
    throw new Error('--source needs the folder of your vault, course or chapter');
  }
  const fromEnv = env.COURSEDECK_SOURCE?.trim() || undefined;
  const chosen = flag ?? fromEnv;
  if (!chosen) return { source: path.join(repoRoot, 'decks'), from: 'default' };
  const from = flag ? '--source' : 'COURSEDECK_SOURCE';
  const source = path.resolve(env.INIT_CWD ?? process.cwd(), chosen);
  if (!fs.existsSync(source) || !fs.statSync(source).isDirectory()) {
    throw new Error(`${from} ${chosen} is not a folder (looked for ${source})`);
  }
  return { source, from };
}
