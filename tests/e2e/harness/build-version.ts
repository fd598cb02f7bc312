/**
 * Builds the whole app (decks, then Vite) into a folder of its own, from a given vault and with a given app version,
 * without touching public/decks or dist/: the update scenario serves two such builds one after the other.
 */
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { main as buildDecks } from '../../../scripts/decks-cli.ts';
import { REPO_ROOT } from './session.ts';

export type VersionBuild = { dist: string; publicDir: string };

export async function buildVersion(options: {
  vault: string;
  workDir: string;
  version: string;
}): Promise<VersionBuild> {
  const publicDir = join(options.workDir, 'public');
  const dist = join(options.workDir, 'dist');
  rmSync(options.workDir, { recursive: true, force: true });
  mkdirSync(publicDir, { recursive: true });
  // Everything public/ ships (icons) except the decks, which come from this build's vault.
  cpSync(join(REPO_ROOT, 'public'), publicDir, {
    recursive: true,
    filter: (source) => !source.startsWith(join(REPO_ROOT, 'public', 'decks')),
  });
  const lines: string[] = [];
  const code = buildDecks(
    ['--source', options.vault, '--out', join(publicDir, 'decks'), '--quiet'],
    {
      cwd: REPO_ROOT,
      stdout: (line) => lines.push(line),
      stderr: (line) => lines.push(line),
    },
  );
  if (code !== 0) throw new Error(`deck build failed:\n${lines.join('\n')}`);

  // vite.config.ts reads APP_VERSION when it is loaded, which `build()` does afresh each time.
  const previous = process.env.APP_VERSION;
  process.env.APP_VERSION = options.version;
  try {
    await build({
      root: REPO_ROOT,
      configFile: join(REPO_ROOT, 'vite.config.ts'),
      publicDir,
      logLevel: 'error',
      build: { outDir: dist, emptyOutDir: true },
    });
  } finally {
    if (previous === undefined) delete process.env.APP_VERSION;
    else process.env.APP_VERSION = previous;
  }
  return { dist, publicDir };
}
