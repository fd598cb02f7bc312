/**
 * Item parsers of the chapter sections: subchapter lines, tools lines, reading entries, related links, and the
 * objective → subchapter inference. Each takes one list item's text and returns plain data.
 */
import { contentWords, showWikilinks } from './text.ts';
import { folderChapter } from './layout.ts';

export type Subchapter = { number: number; title: string; summary: string };

/**
 * `1. **01. Title** - summary` → number 1 (from the title's `01.` prefix, else the list ordinal, else its place),
 * title `01. Title`, summary. A separator is ` - `, ` – `, ` — ` or `:` after a bold title.
 */
export function parseSubchapter(text: string, ordinal: number): Subchapter {
  let title = text;
  let summary = '';
  const bold = /^(\*\*|__)(.+?)\1\s*(?:[-–—:]\s*)?(.*)$/.exec(text);
  if (bold) {
    title = bold[2] ?? '';
    summary = bold[3] ?? '';
  } else {
    const dash = /^(.+?)\s+[-–—]\s+(.+)$/.exec(text);
    if (dash) {
      title = dash[1] ?? '';
      summary = dash[2] ?? '';
    }
  }
  title = showWikilinks(title).trim();
  return { number: folderChapter(title) ?? ordinal, title, summary: summary.trim() };
}

export type ToolsLine = { category: string; tools: string[] } | null;

/**
 * `Category (A, B, C)` → category and tools, split on top-level commas (a tool may hold its own parentheses).
 * Nested bullets under a category (`- Feature stores` / `  - Feast`) also list its tools.
 * Null when no tools can be read: a malformed line.
 */
export function parseToolsLine(text: string, nested: readonly string[]): ToolsLine {
  const nestedTools = nested
    .map((line) => /^\s*(?:[-*+]|\d{1,9}[.)])\s+(.+)$/.exec(line)?.[1]?.trim() ?? '')
    .filter(Boolean);
  const open = text.indexOf('(');
  if (open < 0) {
    const category = text.replace(/[:\s]+$/, '').trim();
    return category && nestedTools.length > 0 ? { category, tools: nestedTools } : null;
  }
  if (!text.trimEnd().endsWith(')')) return null;
  const category = text.slice(0, open).trim();
  const inner = text.trimEnd().slice(open + 1, -1);
  const tools: string[] = [];
  let depth = 0;
  let startAt = 0;
  for (let i = 0; i <= inner.length; i++) {
    const c = inner[i];
    if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth < 0) return null;
    } else if ((c === ',' || c === undefined) && depth === 0) {
      const tool = inner.slice(startAt, i).trim();
      if (tool) tools.push(tool);
      startAt = i + 1;
    }
  }
  if (depth !== 0 || !category) return null;
  tools.push(...nestedTools);
  return tools.length > 0 ? { category, tools } : null;
}

/** `"Title" by Author` (straight or curly quotes, or `*Title*`), `Title by Author`, or a bare title. */
export function parseReading(text: string): { title: string; author?: string } {
  const quoted = /^(?:"(.+?)"|“(.+?)”|\*(.+?)\*|_(.+?)_)\s*(?:[,—–-]\s*)?(?:by\s+(.+))?$/i.exec(text);
  if (quoted) {
    const title = (quoted[1] ?? quoted[2] ?? quoted[3] ?? quoted[4] ?? '').trim();
    const author = quoted[5]?.trim();
    return author ? { title, author } : { title };
  }
  const by = /^(.+?)\s+by\s+(.+)$/i.exec(text);
  if (by) return { title: (by[1] ?? '').trim(), author: (by[2] ?? '').trim() };
  return { title: text.trim() };
}

export type WikiLink = { target: string; alias?: string };

/** The `[[target|alias]]` links of a text (embeds excluded), targets without their `#heading`. */
export function wikilinksIn(text: string): WikiLink[] {
  const links: WikiLink[] = [];
  const re = /(!?)\[\[([^\]\n]+?)\]\]/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[1]) continue;
    const inner = m[2] ?? '';
    const bar = inner.indexOf('|');
    const target = (bar >= 0 ? inner.slice(0, bar) : inner).trim();
    const alias = bar >= 0 ? inner.slice(bar + 1).trim() : undefined;
    links.push(alias ? { target, alias } : { target });
  }
  return links;
}

export type SubchapterIndex = {
  subchapters: readonly Subchapter[];
  titleWords: Array<Set<string>>;
  summaryWords: Array<Set<string>>;
  df: Map<string, number>;
};

/** The content words of a chapter's subchapters and each word's document frequency, computed once per chapter. */
export function indexSubchapters(subchapters: readonly Subchapter[]): SubchapterIndex {
  const titleWords: Array<Set<string>> = [];
  const summaryWords: Array<Set<string>> = [];
  const df = new Map<string, number>();
  for (const sub of subchapters) {
    const title = contentWords(sub.title);
    const summary = contentWords(sub.summary);
    titleWords.push(title);
    summaryWords.push(summary);
    // Each subchapter counts a word once, whether it is in its title, its summary or both.
    for (const w of title) df.set(w, (df.get(w) ?? 0) + 1);
    for (const w of summary) if (!title.has(w)) df.set(w, (df.get(w) ?? 0) + 1);
  }
  return { subchapters, titleWords, summaryWords, df };
}

/**
 * The subchapter that teaches an objective: the one whose title and summary share the most content words with it,
 * each shared word weighted 1/df (df = how many subchapters use the word, so words every subchapter shares count
 * little) and title words counted double. Ties go to the earlier subchapter; no shared word → undefined.
 */
export function inferSubchapter(
  objective: string,
  subchapters: readonly Subchapter[],
  index: SubchapterIndex = indexSubchapters(subchapters),
): Subchapter | undefined {
  if (subchapters.length === 0) return undefined;
  const words = contentWords(objective);
  let best: Subchapter | undefined;
  let bestScore = 0;
  for (let i = 0; i < subchapters.length; i++) {
    let score = 0;
    const title = index.titleWords[i];
    const summary = index.summaryWords[i];
    for (const w of words) {
      const inTitle = title?.has(w) ?? false;
      const inSummary = summary?.has(w) ?? false;
      if (!inTitle && !inSummary) continue;
      score += (inTitle ? 2 : 1) / (index.df.get(w) ?? 1);
    }
    if (score > bestScore + 1e-9) {
      bestScore = score;
      best = subchapters[i];
    }
  }
  return best;
}
