/**
 * The deployment files say the same as the app: the Content-Security-Policy in public/_headers and deploy/nginx.conf
 * is the one the build puts in index.html's <meta>, and the cache rules are the ones issue 9 asks for.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src/app/pwa/csp.ts';
import {
  headersFor,
  parseHeadersFile,
  patternMatches,
  rebaseHostFile,
} from '../../scripts/static-host.ts';

const root = join(import.meta.dirname, '..', '..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');

const headersFile = read('public/_headers');
const rules = parseHeadersFile(headersFile);
const nginx = read('deploy/nginx.conf');
const workflow = read('.github/workflows/pages.yml');

/** The policy the build writes into index.html, taken from the transform in vite.config.ts by running it. */
async function builtMetaPolicy(): Promise<string> {
  const { default: config } = await import('../../vite.config.ts');
  const plugins = (config.plugins ?? []).flat();
  const plugin = plugins.find(
    (p) =>
      p && typeof p === 'object' && 'name' in p && p.name === 'coursedeck:content-security-policy',
  );
  if (!plugin || typeof plugin !== 'object' || !('transformIndexHtml' in plugin)) {
    throw new Error('vite.config.ts has no coursedeck:content-security-policy plugin');
  }
  const hook = plugin.transformIndexHtml as {
    handler: (html: string) => string;
  };
  const html = hook.handler(read('index.html'));
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html);
  if (!meta?.[1]) throw new Error('the built index.html has no CSP meta');
  return meta[1];
}

describe('the Content-Security-Policy cannot drift between the app and the deployment files', () => {
  test("public/_headers sends the same policy as index.html's meta, on every path", async () => {
    const meta = await builtMetaPolicy();
    expect(meta).toBe(CONTENT_SECURITY_POLICY);
    for (const path of ['/', '/index.html', '/review', '/sw.js', '/assets/index-abc.js']) {
      expect(headersFor(rules, path)['Content-Security-Policy']).toBe(meta);
    }
  });

  test("deploy/nginx.conf sends the same policy as index.html's meta, in every location", async () => {
    const meta = await builtMetaPolicy();
    const set = /set \$coursedeck_csp "([^"]*)";/.exec(nginx);
    expect(set?.[1]).toBe(meta);
    // nginx drops inherited add_header lines in a location with its own: each location must send the policy.
    const locations = nginx.split(/\n\s*location /).slice(1);
    const withHeaders = locations.filter((block) => block.includes('add_header'));
    expect(withHeaders.length).toBeGreaterThanOrEqual(3);
    for (const block of withHeaders) {
      expect(block).toContain('add_header Content-Security-Policy $coursedeck_csp always;');
    }
    const literal = [...nginx.matchAll(/Content-Security-Policy "([^"]*)"/g)].map((m) => m[1]);
    expect(literal.every((policy) => policy === meta)).toBe(true);
  });
});

describe('cache rules', () => {
  test('index.html, the service worker and the manifest are revalidated on every load', () => {
    for (const path of ['/', '/index.html', '/sw.js', '/manifest.webmanifest']) {
      expect(headersFor(rules, path)['Cache-Control'], path).toBe('no-cache');
    }
    expect(nginx).toMatch(/location \/coursedeck\/ \{[^}]*Cache-Control "no-cache"/);
    expect(nginx).toMatch(/location = \/coursedeck\/manifest.webmanifest \{[^}]*"no-cache"/);
  });

  test('hashed assets are cached for a year, immutable, and nothing else is', () => {
    expect(headersFor(rules, '/assets/index-Bwg7N2gY.js')['Cache-Control']).toBe(
      'public, max-age=31536000, immutable',
    );
    expect(headersFor(rules, '/decks/index.json')['Cache-Control']).toBeUndefined();
    expect(nginx).toMatch(
      /location \/coursedeck\/assets\/ \{[^}]*try_files \$uri =404;[^}]*"public, max-age=31536000, immutable"/,
    );
  });
});

describe('_headers under a base path', () => {
  test('the build puts the base path in front of every rule and keeps the headers', () => {
    const rebased = parseHeadersFile(rebaseHostFile(headersFile, '/sub/'));
    expect(rebased.map((rule) => rule.pattern)).toEqual(
      rules.map((rule) => (rule.pattern === '/' ? '/sub/' : `/sub${rule.pattern}`)),
    );
    expect(rebased.map((rule) => rule.headers)).toEqual(rules.map((rule) => rule.headers));
    expect(headersFor(rebased, '/sub/assets/x.js')['Cache-Control']).toContain('immutable');
    expect(headersFor(rebased, '/assets/x.js')).toEqual({});
  });

  test('_redirects gets the base path on both sides', () => {
    expect(rebaseHostFile('# c\n/*  /index.html  200\n', '/sub/')).toBe(
      '# c\n/sub/*  /sub/index.html  200\n',
    );
  });

  test('patterns match as the hosts do: * spans segments, :name one segment', () => {
    expect(patternMatches('/assets/*', '/assets/a/b.js')).toBe(true);
    expect(patternMatches('/assets/*', '/asset.js')).toBe(false);
    expect(patternMatches('/decks/:file', '/decks/a.json')).toBe(true);
    expect(patternMatches('/decks/:file', '/decks/a/b.json')).toBe(false);
    expect(patternMatches('/index.html', '/index.html')).toBe(true);
    expect(patternMatches('/index.html', '/indexxhtml')).toBe(false);
  });

  test('a header line outside a rule is reported with its line number', () => {
    expect(() => parseHeadersFile('# x\n  Cache-Control: no-cache\n')).toThrow(/line 2/);
  });
});

describe('GitHub Pages workflow', () => {
  test('builds with BASE_PATH from the repository name and publishes dist/', () => {
    expect(workflow).toMatch(/echo "BASE_PATH=\$\{base\}" >> "\$GITHUB_ENV"/);
    expect(workflow).toContain('github.event.repository.name');
    expect(workflow).toContain('npm run build');
    expect(workflow).toMatch(/actions\/upload-pages-artifact@v\d+[\s\S]*path: dist/);
    expect(workflow).toMatch(/actions\/deploy-pages@v\d+/);
  });
});
