/**
 * The base path the app is served under, from `BASE_PATH` at build time (`BASE_PATH=/coursedeck/ npm run build`).
 * Vite's `base`, the router's basename, the service worker's scope, the manifest and the deck URLs all derive from it.
 */

/**
 * Normalizes a base path to the `/a/b/` form Vite and the service worker scope expect: a leading and a trailing slash,
 * no doubled slashes. Empty or unset means the site root `/`. A full URL, `.`/`..` segments, a query or a fragment are
 * refused with a message, because a build under them would request files outside the path it is served from.
 */
export function normalizeBasePath(raw: string | undefined): string {
  const value = (raw ?? '').trim();
  if (value === '' || value === '/') return '/';
  if (/^[a-z][a-z0-9+.-]*:/i.test(value) || value.startsWith('//')) {
    throw new Error(
      `BASE_PATH must be a path such as /coursedeck/, not a URL (got ${JSON.stringify(value)})`,
    );
  }
  if (/[?#\\\s]/.test(value)) {
    throw new Error(
      `BASE_PATH must be a plain path such as /coursedeck/, without ?, #, \\ or spaces (got ${JSON.stringify(value)})`,
    );
  }
  const segments = value.split('/').filter((segment) => segment !== '');
  if (segments.some((segment) => segment === '.' || segment === '..')) {
    throw new Error(`BASE_PATH must not contain . or .. segments (got ${JSON.stringify(value)})`);
  }
  return `/${segments.join('/')}/`;
}
