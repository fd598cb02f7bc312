/**
 * A chapter README → its outline: title, number, focus and the recognised sections with their list items.
 * Sections are found by heading text alone (emoji, case, level, spacing and line endings do not matter).
 */
import {
  isBlank,
  isThematicBreak,
  narrowAscii,
  parseHeading,
  parseListItem,
  indentOf,
  proseMask,
} from './lines.ts';

export type SectionName =
  | 'overview'
  | 'objectives'
  | 'subchapters'
  | 'concepts'
  | 'tools'
  | 'exercises'
  | 'related'
  | 'reading'
  | 'time';

/** A top-level list item with the lines nested under it (dedented, as markdown). `line` is 1-based. */
export type OutlineItem = {
  text: string;
  line: number;
  ordinal?: number;
  details: string[];
};

export type OutlineSection = {
  name: SectionName;
  /** The heading as written, without `#`s (emoji kept): used as the cards' `section` after cleaning. */
  heading: string;
  /** The heading's text without emoji or decoration (`Key Concepts`). */
  label: string;
  line: number;
  items: OutlineItem[];
  /** Non-list lines of the section, trimmed, blank runs collapsed to one empty line. */
  prose: string[];
};

export type ChapterOutline = {
  /** From `# Chapter 01: Title`, else the first heading that is not a section. */
  title?: string;
  titleLine?: number;
  chapter?: number;
  focus?: string;
  sections: OutlineSection[];
};

const SECTION_PATTERNS: ReadonlyArray<readonly [RegExp, SectionName]> = [
  [/^(?:chapter )?overview$|^introduction$|^summary$/, 'overview'],
  [/^(?:learning )?(?:objectives|goals|outcomes)$/, 'objectives'],
  [/^sub ?chapters$|^(?:chapter )?sections$|^lessons$/, 'subchapters'],
  [/^(?:key )?(?:concepts|terms|ideas)$/, 'concepts'],
  [/^tools(?: and technologies)?(?: introduced)?$|^technologies$/, 'tools'],
  [/^(?:hands on )?exercises$|^practice$/, 'exercises'],
  [/^related(?: concepts| chapters| notes)?$|^see also$/, 'related'],
  [/^(?:recommended |further )?reading(?: list)?$|^books$/, 'reading'],
  [/^(?:estimated )?time(?: estimate)?$/, 'time'],
];

/** A heading's words without emoji, punctuation or case: `🛠️ Tools & Technologies Introduced:` → `tools and technologies introduced`. */
export function headingWords(text: string): string {
  return text
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .toLowerCase();
}

/** The section a heading names, or undefined for an unknown heading (whose content is ignored). */
export function sectionOf(headingText: string): SectionName | undefined {
  const words = headingWords(headingText);
  for (const [pattern, name] of SECTION_PATTERNS) if (pattern.test(words)) return name;
  return undefined;
}

/** The heading without leading emoji and decoration, as a reader would name it (`🔑 Key Concepts` → `Key Concepts`). */
export function headingLabel(text: string): string {
  return text
    .replace(/^[^\p{L}\p{N}]+/u, '')
    .replace(/[\s:]+$/, '')
    .trim();
}

/**
 * Section headings repeat in every chapter (`## 🔑 Key Concepts`), and recognising one takes Unicode-class regular
 * expressions: remember the answer per heading text. Bounded, so a long-running process (the dev server) does not
 * keep every chapter title it has seen.
 */
const recognised = new Map<string, { name: SectionName; label: string } | null>();
const HAS_DIGIT = /\d/;

function recogniseHeading(text: string): { name: SectionName; label: string } | null {
  // No section name has a digit, and headingWords keeps digits: a numbered heading (every chapter's title, `# Chapter
  // 01: …`) is no section, known without the Unicode expressions and without filling the memo with titles.
  if (HAS_DIGIT.test(text)) return null;
  let known = recognised.get(text);
  if (known === undefined) {
    const name = sectionOf(text);
    // The label goes into every card of the section: one-byte when it can be (see narrowAscii).
    known = name ? { name, label: narrowAscii(headingLabel(text)) } : null;
    if (recognised.size >= 512) recognised.clear();
    recognised.set(text, known);
  }
  return known;
}

const CHAPTER_HEADING = /^chapter\s+(\d{1,4})\b\s*(?:[:.\-–—]\s*)?(.*)$/i;
const FOCUS_LINE = /^\s*(?:[-*+]\s+)?(?:\*\*|__)?\s*focus\s*(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(.+)$/i;

/** The chapter number and title a `Chapter 01: Title` heading gives, or null. */
export function chapterHeading(text: string): { chapter: number; title: string } | null {
  const m = CHAPTER_HEADING.exec(text);
  if (!m) return null;
  return { chapter: Number(m[1]), title: (m[2] ?? '').trim() };
}

/**
 * Parses a chapter README's lines. `prose` is the mask of lines outside code and front matter.
 * Nested list lines (indented deeper than the section's first item) belong to the item above them.
 */
export function parseOutline(lines: readonly string[], prose: readonly boolean[]): ChapterOutline {
  const outline: ChapterOutline = { sections: [] };
  let current: OutlineSection | null = null;
  let currentLevel = 0;
  let baseIndent = -1;
  let item: OutlineItem | null = null;
  let itemIndent = 0;
  let blankRun = false;

  for (let i = 0; i < lines.length; i++) {
    if (!prose[i]) continue;
    const line = lines[i] ?? '';
    const heading = line.charCodeAt(0) === 35 || line.charCodeAt(0) === 32 ? parseHeading(line) : null;
    if (heading) {
      const known = recogniseHeading(heading.text);
      if (known) {
        current = {
          name: known.name,
          heading: heading.text,
          label: known.label,
          line: i + 1,
          items: [],
          prose: [],
        };
        currentLevel = heading.level;
        outline.sections.push(current);
        baseIndent = -1;
        item = null;
        blankRun = false;
        continue;
      }
      // A deeper unknown heading stays inside the section; one at the same level or above ends it.
      if (current && heading.level > currentLevel) {
        item = null;
        continue;
      }
      current = null;
      item = null;
      takeTitle(outline, heading.text, i + 1);
      continue;
    }
    if (!current) {
      if (outline.focus === undefined && outline.sections.length === 0) {
        const focus = FOCUS_LINE.exec(line);
        if (focus) outline.focus = stripTrailingEmphasis((focus[1] ?? '').trim());
      }
      continue;
    }
    if (isBlank(line)) {
      blankRun = true;
      continue;
    }
    if (isThematicBreak(line)) {
      // The chapter format closes every section with `---`; what follows (a `*Created: …*` footer) is not in it.
      current = null;
      item = null;
      continue;
    }
    const listItem = parseListItem(line);
    if (listItem && (baseIndent < 0 || listItem.indent <= baseIndent + 1)) {
      if (baseIndent < 0) baseIndent = listItem.indent;
      // Two literals rather than a spread: one object per item, without a temporary to copy from.
      item =
        listItem.ordinal !== undefined
          ? { text: listItem.text, line: i + 1, ordinal: listItem.ordinal, details: [] }
          : { text: listItem.text, line: i + 1, details: [] };
      itemIndent = listItem.indent;
      current.items.push(item);
      blankRun = false;
      continue;
    }
    const indent = indentOf(line);
    if (item && (listItem || indent > itemIndent)) {
      // Nested list or an indented continuation: part of the item above, kept as markdown relative to it.
      const childIndent = Math.min(indent, itemIndent + 2);
      item.details.push(line.slice(sliceIndex(line, childIndent)).trimEnd());
      blankRun = false;
      continue;
    }
    if (item && !blankRun && !listItem) {
      // A lazy continuation line of the item's paragraph.
      item.text = `${item.text} ${line.trim()}`;
      continue;
    }
    item = null;
    if (blankRun && current.prose.length > 0) current.prose.push('');
    current.prose.push(line.trim());
    blankRun = false;
  }
  return outline;
}

/** What {@link outlineTitle} gives: the title, its line and the chapter number, as {@link parseOutline} has them. */
export type OutlineTitle = Pick<ChapterOutline, 'title' | 'titleLine' | 'chapter'>;

/**
 * What planning a build needs of a README's text: {@link outlineTitle}, and whether its first heading is a numbered
 * chapter heading ({@link hasChapterHeading}: a folder without a number prefix is a chapter when it is). A reader
 * holding the notes' bytes works it out while reading, on whichever thread read the note (see SourceFile.head).
 */
export type ReadmeHead = OutlineTitle & { numberedHeading: boolean };

export function readmeHead(text: string): ReadmeHead {
  return { ...outlineTitle(text), numberedHeading: hasChapterHeading(text) };
}

/** Whether the first heading in a note's first 20 lines (2,000 characters) is `# Chapter 01: …`. */
export function hasChapterHeading(text: string): boolean {
  const head = text.slice(0, 2000).split(/\r\n?|\n/, 20);
  for (const line of head) {
    const m = /^ {0,3}#{1,6}\s+(.*)$/.exec(line);
    if (m) return chapterHeading(m[1] ?? '') !== null;
  }
  return false;
}

/**
 * The title, title line and chapter number that `parseOutline(splitLines(text), proseMask(…))` gives, without parsing
 * the sections: only headings, the `---` that ends a section, code fences and front matter decide them, and the scan
 * stops once both title and number are known (the chapter format's first line, `# Chapter 01: Title`, gives both).
 * The build plans every chapter from this and parses a README in full only when it builds that chapter.
 * Lines are split as splitLines does but without its one-byte copies: the caller narrows the one string it keeps.
 */
export function outlineTitle(text: string): OutlineTitle {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const split = (limit?: number) =>
    body.includes('\r') ? body.split(/\r\n?|\n/, limit) : body.split('\n', limit);
  // Most READMEs settle it in their first lines; front matter needs its closing line, so it takes the whole note.
  const head = split(HEAD_LINES);
  if (head[0]?.trim() !== '---') {
    const found = scanTitle(head, proseMask(head));
    if (found.done || head.length < HEAD_LINES) return found.title;
  }
  const lines = split();
  return scanTitle(lines, proseMask(lines)).title;
}

const HEAD_LINES = 40;

/**
 * A heading outside the known sections, at 1-based `line`, as the chapter's title: the first such heading is the
 * title; a later `# Chapter NN: Title` heading still gives the number (and its title) when the first had none. Shared
 * by parseOutline and outlineTitle, which must agree.
 */
function takeTitle(title: OutlineTitle, text: string, line: number): void {
  if (title.title === undefined) {
    const numbered = chapterHeading(text);
    title.title = numbered ? numbered.title : text;
    title.titleLine = line;
    if (numbered) title.chapter = numbered.chapter;
  } else if (title.chapter === undefined) {
    const numbered = chapterHeading(text);
    if (numbered) {
      title.chapter = numbered.chapter;
      title.title = numbered.title;
      title.titleLine = line;
    }
  }
}

function scanTitle(
  lines: readonly string[],
  prose: readonly boolean[],
): { title: OutlineTitle; done: boolean } {
  const title: OutlineTitle = {};
  let inSection = false;
  let sectionLevel = 0;
  for (let i = 0; i < lines.length; i++) {
    if (!prose[i]) continue;
    const line = lines[i] ?? '';
    const heading =
      line.charCodeAt(0) === 35 || line.charCodeAt(0) === 32 ? parseHeading(line) : null;
    if (!heading) {
      // parseOutline ends a section at a thematic break (checked after blank lines, which never are one).
      if (inSection && !isBlank(line) && isThematicBreak(line)) inSection = false;
      continue;
    }
    if (recogniseHeading(heading.text)) {
      inSection = true;
      sectionLevel = heading.level;
      continue;
    }
    if (inSection && heading.level > sectionLevel) continue;
    inSection = false;
    takeTitle(title, heading.text, i + 1);
    if (title.title !== undefined && title.chapter !== undefined) return { title, done: true };
  }
  return { title, done: false };
}

/** The string index at which `width` columns of leading white space end (tabs count 4). */
function sliceIndex(line: string, width: number): number {
  let cols = 0;
  let i = 0;
  while (i < line.length && cols < width) {
    const c = line.charCodeAt(i);
    if (c === 32) cols++;
    else if (c === 9) cols += 4 - (cols % 4);
    else break;
    i++;
  }
  return i;
}

function stripTrailingEmphasis(text: string): string {
  return text.replace(/(?:\*\*|__)\s*$/, '').trim();
}
