/**
 * A tiny static host for the built app, on 127.0.0.1 only, that the tests can stop and start again on the same port
 * (the same origin, so the service worker and IndexedDB survive) and point at another build (an update).
 *
 * It answers like a static host configured as the deployment docs say: index.html, the service worker and the
 * manifest are `no-cache`, hashed assets are immutable; an unknown path under the base without a file extension is a
 * client route and gets index.html; anything outside the base is 404.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { Socket } from 'node:net';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGzip } from 'node:zlib';
import { extname, join, normalize, sep } from 'node:path';
import { headersFor, type HeaderRule } from '../../../scripts/static-host.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

export type StaticServer = {
  /** `http://127.0.0.1:PORT` + base, ending with a slash. */
  readonly url: string;
  readonly origin: string;
  /** Every request path seen, in order (for "no request leaves the base path"). */
  readonly requests: string[];
  /** Serves another build from now on (the update scenario). */
  setRoot(root: string): void;
  /** Stops answering at all (the browser sees connection refused), keeping the port for `start`. */
  stop(): Promise<void>;
  start(): Promise<void>;
};

export type ServerOptions = {
  root: string;
  base?: string;
  port?: number;
  /** Gzip text responses when the browser accepts it, as static hosts do (for Lighthouse's transfer sizes). */
  compress?: boolean;
  /**
   * The rules of a `_headers` file (Netlify, Cloudflare Pages), applied as those hosts do: every matching rule's headers
   * on each response, in place of this server's own cache headers, and the file itself not served.
   */
  headerRules?: HeaderRule[];
};

const COMPRESSIBLE = /^(text\/|application\/(json|manifest\+json))/;

function send(
  root: string,
  base: string,
  rawUrl: string,
  reply: (status: number, headers: Record<string, string>, file?: string) => void,
) {
  const path = decodeURIComponent(new URL(rawUrl, 'http://x').pathname);
  if (!path.startsWith(base)) return reply(404, { 'Content-Type': 'text/plain' });
  const relative = normalize(path.slice(base.length) || 'index.html');
  if (relative.startsWith('..') || relative.includes(`${sep}..`)) return reply(403, {});
  let file = join(root, relative);
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  if (!existsSync(file)) {
    // A client-side route (deep link): the app's index.html, as static hosts' SPA fallback does.
    if (extname(relative) === '') file = join(root, 'index.html');
    else return reply(404, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache' });
  }
  const immutable = relative.startsWith(`assets${sep}`);
  reply(
    200,
    {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    },
    file,
  );
}

/** The headers a `_headers`-driven host sends: the file's rules for the request path, and the content type. */
function hostHeaders(
  rules: readonly HeaderRule[],
  rawUrl: string,
  sent: Record<string, string>,
): Record<string, string> {
  const path = decodeURIComponent(new URL(rawUrl, 'http://x').pathname);
  const { 'Cache-Control': _ownCacheRule, ...rest } = sent;
  return { ...rest, ...headersFor(rules, path) };
}

export async function startStaticServer({
  root,
  base = '/',
  port = 0,
  compress = false,
  headerRules,
}: ServerOptions): Promise<StaticServer> {
  let currentRoot = root;
  let server: Server | null = null;
  const requests: string[] = [];
  const sockets = new Set<Socket>();

  const listen = (onPort: number) =>
    new Promise<number>((resolve, reject) => {
      const next = createServer((request, response) => {
        requests.push(request.url ?? '/');
        send(currentRoot, base, request.url ?? '/', (status, sent, file) => {
          const headers = headerRules ? hostHeaders(headerRules, request.url ?? '/', sent) : sent;
          if (headerRules && /\/_(headers|redirects)$/.test(request.url ?? '')) {
            response.writeHead(404, { 'Content-Type': 'text/plain' }).end('404');
            return;
          }
          const gzip =
            compress &&
            file !== undefined &&
            COMPRESSIBLE.test(headers['Content-Type'] ?? '') &&
            /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
          response.writeHead(
            status,
            gzip ? { ...headers, 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' } : headers,
          );
          if (file && request.method !== 'HEAD') {
            const body = createReadStream(file);
            if (gzip) body.pipe(createGzip()).pipe(response);
            else body.pipe(response);
          } else response.end(status === 200 ? undefined : `${status}`);
        });
      });
      next.on('connection', (socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      next.once('error', reject);
      next.listen(onPort, '127.0.0.1', () => {
        server = next;
        resolve((next.address() as AddressInfo).port);
      });
    });

  const boundPort = await listen(port);
  const origin = `http://127.0.0.1:${boundPort}`;
  return {
    url: `${origin}${base}`,
    origin,
    requests,
    setRoot: (next) => {
      currentRoot = next;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (!server) return resolve();
        const closing = server;
        server = null;
        // Keep-alive connections would otherwise keep answering: cut them so the browser really is offline.
        for (const socket of sockets) socket.destroy();
        closing.close(() => resolve());
      }),
    start: async () => {
      if (!server) await listen(boundPort);
    },
  };
}
