/**
 * The deck build's worker thread runs plain JavaScript: Node 20 cannot run TypeScript, and tsx's loader takes
 * 100-300 ms to start in a worker (more than the whole build's target). So the worker runs a bundle of
 * scripts/decks-worker.ts and the deck core, made by esbuild (the transformer tsx itself uses) and cached in
 * node_modules/.cache/coursedeck/. It is made again when one of its source files changes: the cache records each
 * input's content hash, and a run checks them (about 1 ms) before using the bundle.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as Esbuild from 'esbuild';
import { contentHash } from '../src/domain/decks/index.ts';

// import.meta.dirname, not new URL(…, import.meta.url): in the jsdom test environment the module URL is not a file URL,
// and the app tests import the CLI (through tests/support/shipped-decks.ts).
const ENTRY = path.join(import.meta.dirname, 'decks-worker.ts');
const ROOT = path.dirname(path.dirname(ENTRY));
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'coursedeck');
const MANIFEST = path.join(CACHE, 'decks-worker.json');

/** The cached bundle's file name, and each input (relative to the repository) with its content hash. */
type Manifest = { bundle: string; inputs: Record<string, string> };

/**
 * Checked once per process: the worker then runs the code this process started with, even if a source file is
 * edited while the dev server runs (the main thread keeps its loaded code too).
 */
let known: { script: string | undefined } | undefined;

/** The worker's script (an absolute path), or undefined when it cannot be made (then the build uses one thread). */
export function workerScript(): string | undefined {
  known ??= { script: cachedBundle() ?? makeBundle() };
  return known.script;
}

function cachedBundle(): string | undefined {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(MANIFEST, 'utf8')) as Manifest;
    for (const [input, hash] of Object.entries(manifest.inputs)) {
      if (contentHash(fs.readFileSync(path.join(ROOT, input), 'utf8')) !== hash) return undefined;
    }
  } catch {
    return undefined;
  }
  const bundle = path.join(CACHE, manifest.bundle);
  return fs.existsSync(bundle) ? bundle : undefined;
}

function makeBundle(): string | undefined {
  try {
    const esbuild = createRequire(import.meta.url)('esbuild') as typeof Esbuild;
    const result = esbuild.buildSync({
      entryPoints: [ENTRY],
      absWorkingDir: ROOT,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile: 'decks-worker.mjs',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]?.text;
    if (code === undefined) return undefined;
    const inputs: Record<string, string> = {};
    for (const input of Object.keys(result.metafile.inputs)) {
      inputs[input] = contentHash(fs.readFileSync(path.join(ROOT, input), 'utf8'));
    }
    const manifest: Manifest = { bundle: `decks-worker-${contentHash(code)}.mjs`, inputs };
    fs.mkdirSync(CACHE, { recursive: true });
    // Written beside and renamed, so a build running at the same time never reads half a file.
    writeAtomically(path.join(CACHE, manifest.bundle), code);
    writeAtomically(MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
    // Bundles of earlier sources are not needed any more (a build still starting one falls back to one thread).
    for (const name of fs.readdirSync(CACHE)) {
      if (/^decks-worker-.*\.mjs$/.test(name) && name !== manifest.bundle) {
        fs.rmSync(path.join(CACHE, name), { force: true });
      }
    }
    return path.join(CACHE, manifest.bundle);
  } catch {
    return undefined;
  }
}

function writeAtomically(file: string, text: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, text);
  fs.renameSync(temp, file);
}
