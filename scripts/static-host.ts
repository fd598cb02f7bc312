/**
 * The `_headers` and `_redirects` files of Netlify and Cloudflare Pages: read them, match request paths the way those
 * hosts do, and put the build's base path in front of their paths. Used by the build (dist/_headers under
 * BASE_PATH), the browser suite's static server (which applies the shipped file as a host would) and the tests that
 * keep the deployment files in step with the app's Content-Security-Policy.
 */

/** One rule of a `_headers` file: a path pattern and the headers sent for every path it matches, in file order. */
export type HeaderRule = { pattern: string; headers: Array<[name: string, value: string]> };

/**
 * Parses `_headers`: a line starting with `/` (or a full URL) opens a rule; indented `Name: value` lines add headers
 * to it; `#` lines and blank lines are ignored. A header line before any path, or without a colon, is an error with
 * its line number, as the hosts reject it.
 */
export function parseHeadersFile(text: string): HeaderRule[] {
  const rules: HeaderRule[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    if (!/^\s/.test(line)) {
      rules.push({ pattern: trimmed, headers: [] });
      return;
    }
    const rule = rules.at(-1);
    const colon = trimmed.indexOf(':');
    if (!rule || colon <= 0) {
      throw new Error(`_headers line ${index + 1}: expected "Name: value" under a path`);
    }
    rule.headers.push([trimmed.slice(0, colon).trim(), trimmed.slice(colon + 1).trim()]);
  });
  return rules;
}

/**
 * Whether a `_headers` pattern matches a request path, by the hosts' rule: `*` matches any run of characters
 * (slashes included), `:name` matches one path segment, everything else matches itself.
 */
export function patternMatches(pattern: string, path: string): boolean {
  const source = pattern
    .split(/(\*|:[A-Za-z]\w*)/)
    .map((part) =>
      part === '*'
        ? '.*'
        : part.startsWith(':') && part.length > 1
          ? '[^/]+'
          : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${source}$`).test(path);
}

/**
 * The headers a host sends for `path`: every matching rule contributes; a header named by several matching rules
 * gets their values joined with ", " (which is why each header should sit in only one rule per path).
 */
export function headersFor(rules: readonly HeaderRule[], path: string): Record<string, string> {
  const out = new Map<string, { name: string; values: string[] }>();
  for (const rule of rules) {
    if (!patternMatches(rule.pattern, path)) continue;
    for (const [name, value] of rule.headers) {
      const key = name.toLowerCase();
      const entry = out.get(key) ?? { name, values: [] };
      entry.values.push(value);
      out.set(key, entry);
    }
  }
  return Object.fromEntries([...out.values()].map(({ name, values }) => [name, values.join(', ')]));
}

/**
 * A `_headers` or `_redirects` file with `base` (`/sub/`) in front of every path it names, so a build under a base
 * path ships rules for the paths it is served from. Comments, headers and full URLs are left as they are.
 */
export function rebaseHostFile(text: string, base: string): string {
  if (base === '/') return text;
  const prefix = base.replace(/\/$/, '');
  return text
    .split('\n')
    .map((line) => {
      if (/^\s/.test(line) || line.startsWith('#') || line.trim() === '') return line;
      // _redirects lines carry a target path too: rebase every field that is a path.
      return line.replace(/(^|\s)(\/\S*)/g, (_match, space: string, path: string) => {
        return `${space}${prefix}${path}`;
      });
    })
    .join('\n');
}
