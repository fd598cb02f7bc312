/**
 * `npm run dev`: builds the decks when the dev server starts and again whenever a file under the source folder
 * changes, then reloads the page so it fetches the new decks/index.json. Problems are printed like the CLI's.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';
import { runDecks } from './decks-cli.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.bmp': 'image/bmp',
};

export type DecksPluginOptions = { source?: string; out?: string };

export function decksPlugin(options: DecksPluginOptions = {}): Plugin {
  return {
    name: 'coursedeck:decks',
    apply: 'serve',
    configureServer(server) {
      const root = server.config.root;
      const source = path.resolve(root, options.source ?? 'decks');
      const out = path.resolve(root, options.out ?? path.join('public', 'decks'));
      const logger = server.config.logger;
      const build = () =>
        runDecks(
          { source, out, strict: false, quiet: true },
          {
            cwd: root,
            stderr: (line) => logger.warn(line, { timestamp: true }),
            stdout: (line) => logger.info(line, { timestamp: true }),
          },
        );
      build();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onChange = (file: string) => {
        if (!path.resolve(file).startsWith(source + path.sep)) return;
        // Editors write a note in several steps (temp file, rename): build once they are done.
        clearTimeout(timer);
        timer = setTimeout(() => {
          if (build() === 0) {
            logger.info('decks rebuilt', { timestamp: true });
            server.ws.send({ type: 'full-reload', path: '*' });
          }
        }, 150);
      };
      // Vite lists public/ files once at start and misses a folder swapped in by rename, so the dev server serves
      // the built decks itself, always from disk.
      const prefix = `${server.config.base}decks/`;
      server.middlewares.use((request, response, next) => {
        const url = (request.url ?? '').split('?')[0] ?? '';
        if (!url.startsWith(prefix)) return next();
        let relative: string;
        try {
          relative = decodeURIComponent(url.slice(prefix.length));
        } catch {
          return next();
        }
        const file = path.resolve(out, relative);
        if (
          !file.startsWith(out + path.sep) ||
          !fs.existsSync(file) ||
          !fs.statSync(file).isFile()
        ) {
          return next();
        }
        response.setHeader(
          'Content-Type',
          CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
        );
        response.setHeader('Cache-Control', 'no-cache');
        response.end(fs.readFileSync(file));
      });
      server.watcher.add(source);
      server.watcher.on('add', onChange);
      server.watcher.on('change', onChange);
      server.watcher.on('unlink', onChange);
    },
  };
}
