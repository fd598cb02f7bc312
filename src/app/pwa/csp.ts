/**
 * The Content-Security-Policy of the built app. One source for the `<meta http-equiv>` that the build puts in
 * index.html (vite.config.ts) and for the HTTP header a static host sends (deployment files).
 *
 * No inline script and no `eval`: the service worker is registered from a module file, and Vite's build has no
 * inline script (the React plugin's refresh preamble exists only in dev, which is why the meta is added at build time).
 * `'wasm-unsafe-eval'` is the one allowance, so WebAssembly (the FSRS optimizer) can be compiled.
 * Card text is untrusted: `img-src` keeps remote images (and the tracking they allow) out.
 */
export const CSP_DIRECTIVES: Readonly<Record<string, string>> = {
  'default-src': "'self'",
  'script-src': "'self' 'wasm-unsafe-eval'",
  'style-src': "'self'",
  'img-src': "'self' data: blob:",
  'font-src': "'self' data:",
  'connect-src': "'self'",
  'worker-src': "'self'",
  'manifest-src': "'self'",
  'object-src': "'none'",
  'base-uri': "'self'",
  'form-action': "'self'",
};

/** The policy as one header value: `directive value; directive value`. */
export const CONTENT_SECURITY_POLICY = Object.entries(CSP_DIRECTIVES)
  .map(([directive, value]) => `${directive} ${value}`)
  .join('; ');
