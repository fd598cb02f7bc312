import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { CONTENT_SECURITY_POLICY } from './src/app/pwa/csp.ts';
import { decksPlugin } from './scripts/vite-plugin-decks.ts';
import { normalizeBasePath } from './scripts/base-path.ts';
import { staticHostFilesPlugin } from './scripts/vite-plugin-static-host.ts';

// The base path is set once at build time (BASE_PATH=/sub/) and carried everywhere from import.meta.env.BASE_URL.
// A missing slash is added (BASE_PATH=/coursedeck works too); a URL or a `..` fails the build with a message.
const base = normalizeBasePath(process.env.BASE_PATH);

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
  description: string;
};
// APP_VERSION overrides package.json so the browser suite can build two versions of the same tree.
const appVersion = process.env.APP_VERSION ?? pkg.version;

/** The manifest's theme colour; scripts/make-icons.ts paints the icons with the same blue. */
const THEME_COLOR = '#1d4ed8';

/**
 * Adds the Content-Security-Policy meta at build time only (Vite's dev server needs inline scripts for hot reload),
 * right after the charset so it governs everything after it, and fails the build if index.html ends up with an
 * inline script, which the policy would block.
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'coursedeck:content-security-policy',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: (html) => {
        const inline = /<script\b(?![^>]*\bsrc=)[^>]*>/i.exec(html);
        if (inline)
          throw new Error(`index.html has an inline script, which the CSP blocks: ${inline[0]}`);
        const charset = /<meta charset=[^>]*>/i;
        if (!charset.test(html)) throw new Error('index.html needs <meta charset> first in <head>');
        // Right after the charset (which must stay in the first 1024 bytes), before anything the policy governs.
        return html.replace(
          charset,
          (meta) =>
            `${meta}\n    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`,
        );
      },
    },
  };
}

/**
 * `vite preview` answers as a static host should: index.html, the service worker and the manifest are revalidated on
 * every request (so a deploy is seen at once), hashed assets are cached for a year.
 */
function previewCacheHeaders(): Plugin {
  return {
    name: 'coursedeck:preview-cache-headers',
    configurePreviewServer(server) {
      server.middlewares.use((request, response, next) => {
        const path = (request.url ?? '/').split('?')[0] ?? '/';
        if (path.startsWith(`${base}assets/`)) {
          response.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
        } else {
          response.setHeader('Cache-Control', 'no-cache');
        }
        next();
      });
    },
  };
}

export default defineConfig({
  base,
  define: { __APP_VERSION__: JSON.stringify(appVersion) },
  plugins: [
    react(),
    // npm run dev: decks/ → public/decks at start and on every edit, then a page reload.
    decksPlugin(),
    contentSecurityPolicy(),
    previewCacheHeaders(),
    // public/_headers and _redirects (Netlify, Cloudflare Pages) rewritten for the base path in dist/.
    staticHostFilesPlugin(),
    VitePWA({
      registerType: 'prompt',
      // Registered from src/app/pwa/register-service-worker.ts (a module file): no inline script for the CSP.
      injectRegister: false,
      manifest: {
        id: './',
        name: 'Coursedeck',
        short_name: 'Coursedeck',
        description: pkg.description,
        lang: 'en',
        // Relative to the manifest, which sits at the base path: the app never reaches outside it.
        start_url: './',
        scope: './',
        display: 'standalone',
        theme_color: THEME_COLOR,
        background_color: '#ffffff',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          {
            src: 'icons/icon-maskable-512.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable',
          },
        ],
      },
      includeAssets: ['icons/apple-touch-icon-180.png', 'icons/favicon-32.png'],
      workbox: {
        // The app shell and the built decks (public/decks → dist/decks): the decks' revisions are content hashes,
        // so a new deploy's service worker brings the new deck JSON with it.
        globPatterns: ['**/*.{js,css,html,webmanifest,png,svg,ico,woff2,json}'],
        // The FSRS optimizer's WebAssembly (1.7 MB) is loaded lazily and cached on first use instead (below).
        globIgnores: ['**/*.wasm'],
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        navigateFallback: 'index.html',
        // The first visit is controlled at once (offline from then on); an update still waits for the Reload click.
        clientsClaim: true,
        cleanupOutdatedCaches: true,
        runtimeCaching: [
          {
            urlPattern: ({ url, sameOrigin }) => sameOrigin && url.pathname.endsWith('.wasm'),
            // Cache first, but even a first fetch is answered out of the cache: Chromium keeps a wasm module's
            // compiled code (its code cache) with a service worker's response only when that response came from Cache
            // Storage, never with a network response passed through. So the session that first compiles the optimizer
            // writes the code cache, and the next one starts on optimised code (docs/benchmarks.md "Optimizer").
            // Serialised into sw.js: self-contained, no closures.
            handler: async ({ request }) => {
              const cache = await caches.open('coursedeck-wasm');
              const cached = await cache.match(request);
              if (cached) return cached;
              const response = await fetch(request);
              if (!response.ok) return response;
              await cache.put(request, response);
              // One wasm is in use at a time (a deploy with another fsrs-browser brings another hashed name).
              for (const key of await cache.keys()) {
                if (key.url !== request.url) await cache.delete(key);
              }
              return (await cache.match(request)) ?? fetch(request);
            },
          },
        ],
      },
    }),
  ],
  build: {
    target: 'es2022',
    sourcemap: true,
    // zod (deck and backup validation) is only needed once the deck sync or a backup runs, never for the first
    // screen: its own chunk keeps it out of the start-up JS, which otherwise shares a chunk with Dexie.
    rolldownOptions: {
      output: { codeSplitting: { groups: [{ name: 'zod', test: /node_modules[\\/]zod[\\/]/ }] } },
    },
  },
  // The optimizer and simulator run in module workers; fsrs-browser's glue code splits into chunks, which the
  // default iife worker format cannot do.
  worker: { format: 'es' },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  server: { host: '127.0.0.1', port: 5173 },
});
