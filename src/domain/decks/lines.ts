/**
 * The hand-written line scanner under the deck build: no markdown AST, only what the chapter format and the
 * obsidian-spaced-repetition syntax need (headings, list items with indentation, code fences, front matter).
 */

/** The lines of a note: CRLF, CR and LF all end a line; a UTF-8 byte-order mark is dropped. */
export function splitLines(text: string): string[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (!body.includes('\r')) return body.split('\n');
  return body.split(/\r\n?|\n/);
}

export type Heading = { level: number; text: string };

/**
 * An ATX heading (`#` … `######`, then a space or the end of the line, closing `#`s dropped). `#tag` is not one.
 */
export function parseHeading(line: string): Heading | null {
  let i = 0;
  while (i < 3 && line.charCodeAt(i) === 32) i++;
  if (line.charCodeAt(i) !== 35) return null;
  let level = 0;
  while (line.charCodeAt(i) === 35) {
    i++;
    level++;
  }
  if (level > 6) return null;
  const next = line.charCodeAt(i);
  if (i < line.length && next !== 32 && next !== 9) return null;
  const text = line
    .slice(i)
    .replace(/\s+#+\s*$/, '')
    .trim();
  return { level, text };
}

export type ListMarker = {
  /** Columns before the marker (a tab counts 4). */
  indent: number;
  /** `1` for `1.`/`1)`, undefined for `-`, `*`, `+`. */
  ordinal?: number;
  /** The item's text after the marker and its spaces. */
  text: string;
};

const LIST_ITEM = /^([ \t]*)(?:([-*+])|(\d{1,9})[.)])(?:[ \t]+(.*)|$)/;

/** A list item line (`- x`, `* x`, `+ x`, `1. x`, `1) x`), or null. A thematic break (`***`, `- - -`) is not one. */
export function parseListItem(line: string): ListMarker | null {
  const m = LIST_ITEM.exec(line);
  if (!m) return null;
  const text = (m[4] ?? '').trim();
  if (m[2] && isThematicBreak(line)) return null;
  return {
    indent: columns(m[1] ?? ''),
    ...(m[3] !== undefined ? { ordinal: Number(m[3]) } : {}),
    text,
  };
}

/** Indentation width in columns, a tab counting 4 (CommonMark's tab stop). */
export function columns(whitespace: string): number {
  let n = 0;
  for (let i = 0; i < whitespace.length; i++) n += whitespace.charCodeAt(i) === 9 ? 4 - (n % 4) : 1;
  return n;
}

/** The width of a line's leading white space. */
export function indentOf(line: string): number {
  let i = 0;
  while (i < line.length && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) i++;
  return columns(line.slice(0, i));
}

/** `---`, `***`, `___` (three or more, spaces allowed between). */
export function isThematicBreak(line: string): boolean {
  return /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/.test(line);
}

/** The fence a line opens or closes (```` ``` ```` or `~~~`, three or more), or null. */
export function fenceOf(line: string): string | null {
  const m = /^ {0,3}(`{3,}|~{3,})/.exec(line);
  return m ? (m[1] ?? null) : null;
}

/** True for a line with nothing but white space. */
export function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/**
 * Which lines are prose a card may come from: not inside YAML front matter or a fenced code block, and not a
 * fence line itself. Returned as a boolean per line.
 */
export function proseMask(lines: readonly string[]): boolean[] {
  const mask = new Array<boolean>(lines.length).fill(true);
  let i = 0;
  if (lines[0]?.trim() === '---') {
    for (let j = 1; j < lines.length; j++) {
      if (lines[j]?.trim() === '---' || lines[j]?.trim() === '...') {
        for (let k = 0; k <= j; k++) mask[k] = false;
        i = j + 1;
        break;
      }
    }
  }
  let fence: string | null = null;
  for (; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (fence !== null) {
      mask[i] = false;
      const close = fenceOf(line);
      if (close && close[0] === fence[0] && close.length >= fence.length && line.trim() === close) {
        fence = null;
      }
      continue;
    }
    if (line.charCodeAt(0) !== 96 && line.charCodeAt(0) !== 126 && line.charCodeAt(0) !== 32) {
      continue;
    }
    const open = fenceOf(line);
    if (open) {
      fence = open;
      mask[i] = false;
    }
  }
  return mask;
}
