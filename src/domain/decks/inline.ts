/**
 * Cards written inline in a note, in the syntax obsidian-spaced-repetition users already write:
 * `front::back`, `front:::back` (both directions), multi-line `?` / `??` blocks and `==cloze==` paragraphs.
 * One pass over the lines: blocks are runs of non-blank prose lines (code and front matter excluded).
 */
import { isBlank, parseHeading, parseListItem } from './lines.ts';

export type InlineCard = {
  kind: 'basic' | 'reversed' | 'multiline' | 'multiline-reversed';
  front: string;
  back: string;
  /** 1-based line of the card's first line. */
  line: number;
};

export type ClozeParagraph = {
  /** The paragraph as written (its lines joined by `\n`). */
  text: string;
  /** Each `==hidden==` span: start/end offsets of the whole span (markers included) in `text`. */
  spans: Array<{ start: number; end: number }>;
  line: number;
};

export type InlineScan = { cards: InlineCard[]; clozes: ClozeParagraph[] };

/** obsidian-spaced-repetition writes its schedule as `<!--SR:!2024-01-01,3,250-->` after a card: not part of it. */
const SR_COMMENT = /\s*<!--SR:[^>]*-->\s*/g;

/** Removes the plugin's scheduling comments and trailing white space. */
export function stripSrComments(text: string): string {
  return text.includes('<!--SR:') ? text.replace(SR_COMMENT, ' ').trim() : text.trim();
}

/**
 * Where `::` first occurs outside inline code, and whether it is `:::`; null when there is none.
 */
export function findSeparator(line: string): { at: number; reversed: boolean } | null {
  let at = line.indexOf('::');
  if (at < 0) return null;
  if (line.includes('`')) at = indexOutsideCode(line, '::');
  if (at < 0) return null;
  return { at, reversed: line.charCodeAt(at + 2) === 58 };
}

function indexOutsideCode(line: string, needle: string): number {
  let i = 0;
  while (i < line.length) {
    if (line.charCodeAt(i) === 96) {
      let run = 1;
      while (line.charCodeAt(i + run) === 96) run++;
      const fence = '`'.repeat(run);
      const close = line.indexOf(fence, i + run);
      if (close < 0) {
        i += run;
        continue;
      }
      i = close + run;
      continue;
    }
    if (line.startsWith(needle, i)) return i;
    i++;
  }
  return -1;
}

const CLOZE = /==(?=[^\s=])(.+?)(?<=[^\s=])==/g;

/** The `==hidden==` spans of a text outside inline code. */
export function clozeSpans(text: string): Array<{ start: number; end: number }> {
  const spans: Array<{ start: number; end: number }> = [];
  if (!text.includes('==')) return spans;
  const code = text.includes('`') ? codeRanges(text) : [];
  CLOZE.lastIndex = 0;
  for (let m = CLOZE.exec(text); m; m = CLOZE.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (code.some(([a, b]) => start < b && end > a)) continue;
    spans.push({ start, end });
  }
  return spans;
}

function codeRanges(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  const re = /(`+)[^`]*?\1/g;
  for (let m = re.exec(text); m; m = re.exec(text)) ranges.push([m.index, m.index + m[0].length]);
  return ranges;
}

/** ASCII codes a list marker, a task box or the white space before them can start with. */
const MAY_START_MARKER: readonly boolean[] = Array.from({ length: 128 }, (_, c) =>
  /[\s\-*+0-9[]/.test(String.fromCharCode(c)),
);

/** A list marker at the start of a single-line card is layout, not part of its front (`- Term::Def`). */
function stripListMarker(text: string): string {
  // Most fronts start with a letter: neither pattern can match, so skip both regular expressions.
  const c = text.charCodeAt(0);
  if (c < 128 && !MAY_START_MARKER[c]) return text;
  return text.replace(/^\s*(?:[-*+]|\d{1,9}[.)])\s+/, '').replace(/^\[[ xX]\]\s+/, '');
}

/**
 * Scans a note's lines for inline cards and cloze paragraphs. `prose` marks the lines outside code/front matter.
 * Headings never make cards. A block with a `?`/`??` line is one multi-line card; otherwise each line with `::`
 * is a card and the remaining paragraphs (each list item on its own) may hold clozes.
 */
export function scanInline(lines: readonly string[], prose: readonly boolean[]): InlineScan {
  const cards: InlineCard[] = [];
  const clozes: ClozeParagraph[] = [];
  let i = 0;
  const n = lines.length;
  while (i < n) {
    if (!prose[i] || isBlank(lines[i] ?? '')) {
      i++;
      continue;
    }
    let end = i;
    while (end < n && prose[end] && !isBlank(lines[end] ?? '')) end++;
    scanBlock(lines, i, end, cards, clozes);
    i = end;
  }
  return { cards, clozes };
}

function scanBlock(
  lines: readonly string[],
  start: number,
  end: number,
  cards: InlineCard[],
  clozes: ClozeParagraph[],
): void {
  // Fast path: most blocks of a note hold neither separators nor highlights.
  let hasColon = false;
  let hasMark = false;
  let question = -1;
  for (let k = start; k < end; k++) {
    const line = lines[k] ?? '';
    if (!hasColon && line.includes('::')) hasColon = true;
    if (!hasMark && line.includes('==')) hasMark = true;
    if (question < 0 && k > start && line.length <= 4) {
      const t = line.trim();
      if (t === '?' || t === '??') question = k;
    }
  }
  if (question > start) {
    let frontStart = start;
    // A heading directly above the question belongs to the note, not to the card.
    while (frontStart < question - 1 && parseHeading(lines[frontStart] ?? '')) frontStart++;
    const front = lines
      .slice(frontStart, question)
      .map((l) => l.trimEnd())
      .join('\n')
      .trim();
    const back = stripSrComments(
      lines
        .slice(question + 1, end)
        .map((l) => l.trimEnd())
        .join('\n'),
    );
    if (front && back && !parseHeading(lines[frontStart] ?? '')) {
      const reversed = (lines[question] ?? '').trim() === '??';
      cards.push({
        kind: reversed ? 'multiline-reversed' : 'multiline',
        front,
        back,
        line: frontStart + 1,
      });
    }
    return;
  }
  if (!hasColon && !hasMark) return;

  let paragraph: string[] = [];
  let paragraphLine = 0;
  for (let k = start; k < end; k++) {
    const raw = lines[k] ?? '';
    const line = raw.trimEnd();
    if (parseHeading(line)) {
      paragraph = flushCloze(paragraph, paragraphLine, clozes);
      continue;
    }
    const sep = hasColon ? findSeparator(line) : null;
    if (sep) {
      paragraph = flushCloze(paragraph, paragraphLine, clozes);
      const front = stripListMarker(line.slice(0, sep.at)).trim();
      const back = stripSrComments(line.slice(sep.at + (sep.reversed ? 3 : 2)));
      if (front && back) {
        cards.push({ kind: sep.reversed ? 'reversed' : 'basic', front, back, line: k + 1 });
      }
      continue;
    }
    if (!hasMark) continue;
    if (paragraph.length === 0 || parseListItem(line)?.indent === 0) {
      paragraph = flushCloze(paragraph, paragraphLine, clozes);
      paragraphLine = k + 1;
    }
    paragraph.push(line);
  }
  flushCloze(paragraph, paragraphLine, clozes);
}

/**
 * Ends a paragraph: its clozes, if any, go to `clozes`; returns the empty paragraph to fill next. A plain function
 * rather than a closure in scanBlock, which runs for every block of every note.
 */
function flushCloze(paragraph: string[], line: number, clozes: ClozeParagraph[]): string[] {
  if (paragraph.length === 0) return paragraph;
  const text = paragraph.join('\n');
  const spans = clozeSpans(text);
  if (spans.length > 0) clozes.push({ text, spans, line });
  return [];
}
