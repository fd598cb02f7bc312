/**
 * `vite build` under a base path: the copied `_headers` and `_redirects` (from public/) get the base in front of their
 * paths, so Netlify and Cloudflare Pages apply them to the paths the app is actually served from.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';
import { rebaseHostFile } from './static-host.ts';

export const HOST_FILES = ['_headers', '_redirects'] as const;

export function staticHostFilesPlugin(): Plugin {
  let outDir = '';
  let base = '/';
  return {
    name: 'coursedeck:static-host-files',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
      base = config.base;
    },
    // Vite copies public/ into outDir before it writes the bundle; by now the copies are there.
    writeBundle() {
      if (base === '/') return;
      for (const name of HOST_FILES) {
        const file = path.join(outDir, name);
        if (fs.existsSync(file)) {
          fs.writeFileSync(file, rebaseHostFile(fs.readFileSync(file, 'utf8'), base));
        }
      }
    },
  };
}
