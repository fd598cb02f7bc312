/**
 * The hand-written line scanner under the deck build: no markdown AST, only what the chapter format and the
 * obsidian-spaced-repetition syntax need (headings, list items with indentation, code fences, front matter).
 */

/**
 * The lines of a note: CRLF, CR and LF all end a line; a UTF-8 byte-order mark is dropped.
 *
 * A note with one emoji (the chapter format's section headings) is a two-byte string, and so is every line split
 * from it, though nearly all are ASCII. Card text made from them would make `JSON.stringify` write the whole deck as
 * a two-byte string: half as fast, twice the memory, and slow to encode as UTF-8. So the ASCII lines of such a note
 * are copied into one-byte strings, a run of consecutive lines at a time (UTF-8 encode, then decode: the decoder
 * makes one-byte strings of ASCII). The lines' text is the same either way.
 */
export function splitLines(text: string): string[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const split = body.includes('\r') ? splitAnyEnding : splitLf;
  return WIDE_CHAR.test(body) ? oneByteLines(body, split) : split(body);
}

const splitAnyEnding = (text: string): string[] => text.split(/\r\n?|\n/);
const splitLf = (text: string): string[] => text.split('\n');

/** A character outside Latin-1: its string is two-byte. (A note without one is read as a one-byte string.) */
const WIDE_CHAR = /[^\0-\xff]/;
const NON_ASCII = /[^\0-\x7f]/;
const NON_ASCII_ALL = /[^\0-\x7f]/g;
const ENCODER = new TextEncoder();
const DECODER = new TextDecoder();
let runBytes = new Uint8Array(1 << 14);

/**
 * The lines of a two-byte `body`: each line holding a non-ASCII character as a slice of it, and each stretch of ASCII
 * lines between them copied to a one-byte string once and split there. Found by one scan for non-ASCII characters
 * rather than a test of every line: splitting the two-byte body first, testing each line and joining the ASCII runs
 * back cost the deck build ~6 % of its time (1,000 chapters in the seed's format, each README two-byte for its
 * emoji headings).
 */
function oneByteLines(body: string, split: (text: string) => string[]): string[] {
  const out: string[] = [];
  // Where the next ASCII stretch starts: always at the start of a line (past body.length: no line left).
  let from = 0;
  NON_ASCII_ALL.lastIndex = 0;
  for (let m = NON_ASCII_ALL.exec(body); m; m = NON_ASCII_ALL.exec(body)) {
    const lineStart = Math.max(body.lastIndexOf('\n', m.index), body.lastIndexOf('\r', m.index)) + 1;
    let lineEnd = m.index;
    for (let c = body.charCodeAt(lineEnd); lineEnd < body.length && c !== 10 && c !== 13; ) {
      c = body.charCodeAt(++lineEnd);
    }
    if (lineStart > from) {
      // The stretch ends with its last line's ending: splitting it leaves an empty remainder, dropped.
      const ascii = split(oneByte(body.slice(from, lineStart)));
      for (let k = 0; k < ascii.length - 1; k++) out.push(ascii[k] ?? '');
    }
    out.push(body.slice(lineStart, lineEnd));
    const crlf = body.charCodeAt(lineEnd) === 13 && body.charCodeAt(lineEnd + 1) === 10;
    from = lineEnd + (crlf ? 2 : 1);
    NON_ASCII_ALL.lastIndex = lineEnd;
  }
  if (from <= body.length) for (const line of split(oneByte(body.slice(from)))) out.push(line);
  return out;
}

/**
 * A text cut from a two-byte string (a heading with an emoji) as a one-byte string when it is ASCII: see
 * {@link splitLines}. For the few such strings that go into every card (the section label).
 */
export function narrowAscii(text: string): string {
  return NON_ASCII.test(text) ? text : oneByte(text);
}

/** An ASCII string as a one-byte string. */
function oneByte(ascii: string): string {
  if (ascii.length === 0) return '';
  if (runBytes.length < ascii.length) runBytes = new Uint8Array(ascii.length * 2);
  const { written } = ENCODER.encodeInto(ascii, runBytes);
  return DECODER.decode(runBytes.subarray(0, written));
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

/**
 * A list item line (`- x`, `* x`, `+ x`, `1. x`, `1) x`), or null. A thematic break (`***`, `- - -`) is not one.
 * Written as a character scan rather than a regular expression because the outline and cloze scanners ask it about
 * almost every line; it accepts exactly what `^([ \t]*)(?:([-*+])|(\d{1,9})[.)])(?:[ \t]+(.*)|$)` does.
 */
export function parseListItem(line: string): ListMarker | null {
  const n = line.length;
  let i = 0;
  let cols = 0;
  for (; i < n; i++) {
    const c = line.charCodeAt(i);
    if (c === 32) cols++;
    else if (c === 9) cols += 4 - (cols % 4);
    else break;
  }
  const first = line.charCodeAt(i);
  let ordinal: number | undefined;
  let after: number;
  if (first === 45 || first === 42 || first === 43) {
    after = i + 1;
  } else if (first >= 48 && first <= 57) {
    let d = i + 1;
    while (d < n && d - i < 10 && isDigit(line.charCodeAt(d))) d++;
    const mark = line.charCodeAt(d);
    if (d - i > 9 || (mark !== 46 && mark !== 41)) return null;
    ordinal = Number(line.slice(i, d));
    after = d + 1;
  } else {
    return null;
  }
  let text = '';
  if (after < n) {
    const c = line.charCodeAt(after);
    if (c !== 32 && c !== 9) return null;
    // `.` stops at the line separators U+2028/U+2029; the rest is trimmed anyway.
    text = line.slice(after);
    const sep = text.search(LINE_SEPARATORS);
    text = (sep < 0 ? text : text.slice(0, sep)).trim();
  }
  if (ordinal === undefined && isThematicBreak(line)) return null;
  return ordinal === undefined ? { indent: cols, text } : { indent: cols, ordinal, text };
}

const LINE_SEPARATORS = /[\n\r\u2028\u2029]/;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
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
  // Most lines are text: a break starts with up to 3 spaces, then `-`, `*` or `_`.
  let i = 0;
  while (i < 3 && line.charCodeAt(i) === 32) i++;
  const c = line.charCodeAt(i);
  if (c !== 45 && c !== 42 && c !== 95) return false;
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
