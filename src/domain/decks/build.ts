/**
 * The deck build's core: a scanned source (note texts by path) → decks, index.json, assets to copy, diagnostics.
 * Pure: strings in, data out; the Node CLI (scripts/decks-cli.ts) reads and writes the files around it.
 */
import type {
  CardKind,
  Deck,
  DeckCard,
  DeckIndex,
  DeckIndexEntry,
  ReadingItem,
  RelatedChapter,
  SourceRef,
} from '../deck-format.ts';
import { DECK_SCHEMA_VERSION } from '../deck-format.ts';
import { indexSubchapters, inferSubchapter, parseReading, parseSubchapter, parseToolsLine, wikilinksIn } from './cards.ts';
import type { Subchapter } from './cards.ts';
import { scanInline, findSeparator } from './inline.ts';
import type { ClozeParagraph, InlineCard } from './inline.ts';
import {
  basename,
  courseNameOf,
  dirname,
  folderChapter,
  folderTitle,
  isReadme,
} from './layout.ts';
import { narrowAscii, proseMask, splitLines, parseHeading } from './lines.ts';
import { parseOutline, readmeHead } from './outline.ts';
import type { ChapterOutline, OutlineItem, ReadmeHead } from './outline.ts';
import {
  contentHashWithNewline,
  hashPrefix,
  normaliseKey,
  padChapter,
  showWikilinks,
  slugify,
  stableHash,
  stableHashAfter,
} from './text.ts';
import type { HashState } from './text.ts';

/**
 * A note or `course.json` as read: `path` is posix, relative to the scanned folder. `lines`, when the reader gives it,
 * must be what `splitLines(text)` gives: a reader holding the note's bytes can split them for less than decoding the
 * whole text and splitting that (the Node CLI's shared notes do).
 */
export type SourceFile = {
  path: string;
  text: string;
  readonly lines?: readonly string[];
  /** A README's `readmeHead(text)`, when the reader worked it out while reading (planning then needs no text). */
  readonly head?: ReadmeHead;
};

/** A note's lines: see {@link SourceFile}. */
function noteLines(file: SourceFile): readonly string[] {
  return file.lines ?? splitLines(file.text);
}

export type SourceTree = {
  /** The scanned folder's own path, outermost first (`['home', 'me', 'Vault']`): names a course folder at the root. */
  rootSegments: readonly string[];
  /** Markdown notes and `course.json` files. */
  files: readonly SourceFile[];
  /** Paths of the other files (images a card may embed). */
  assets?: readonly string[];
  /** Build only this chapter folder (a path relative to the root); the other chapters only resolve links. */
  only?: string;
  /** The Obsidian vault holding the root, and the root's path inside it (`[]` when the root is the vault). */
  vault?: { name: string; prefix: readonly string[] };
};

export type Diagnostic = {
  severity: 'warning' | 'error';
  /** Relative to the scanned folder. */
  file: string;
  line: number;
  message: string;
};

/** An image to copy: `from` relative to the scanned folder, `to` relative to the output folder. */
export type AssetCopy = { from: string; to: string };

export type OutputFile = { path: string; text: string };

export type UnansweredItem = {
  deckId: string;
  kind: 'concept' | 'objective';
  text: string;
  source: SourceRef;
};

export type BuildResult = {
  decks: Deck[];
  index: DeckIndex;
  /** index.json and one `<deck id>.json` per deck, exactly as they are to be written. */
  files: OutputFile[];
  assets: AssetCopy[];
  diagnostics: Diagnostic[];
  unanswered: UnansweredItem[];
};

export type BuildOptions = {
  /** The key → id-suffix hash; replaceable only so tests can force a collision. */
  hashKey?: (key: string) => string;
};

const IMAGE_EXT = /\.(png|jpe?g|gif|svg|webp|avif|bmp)$/i;

type ChapterInfo = {
  folder: string;
  folderName: string;
  readme: SourceFile;
  courseKey: string;
  course: string;
  coursePath: string[];
  chapter: number;
  title: string;
  deckId: string;
  segments: string[];
  /** The README title's line, for diagnostics about the chapter as a whole. */
  titleLine: number | undefined;
};

type ParsedReadme = { lines: readonly string[]; prose: boolean[]; outline: ChapterOutline };

function parseReadme(file: SourceFile): ParsedReadme {
  const lines = noteLines(file);
  const prose = proseMask(lines);
  return { lines, prose, outline: parseOutline(lines, prose) };
}

/**
 * Builds every chapter of the source. Rules (issue 2): chapters are folders with a README and a number (folder
 * prefix, else `# Chapter NN:`); their course is the parent folder; deck id = slug(course)-NN; card id =
 * deck id + kind + hash(key), the key never holding the answer or the position.
 *
 * The same as {@link planDecks}, then {@link buildPlannedDeck} for each deck in order, assembled: callers that write
 * the decks as they come (the Node CLI, over two threads) take those steps themselves and get the same bytes.
 */
export function buildDecks(source: SourceTree, options: BuildOptions = {}): BuildResult {
  const plan = planDecks(source, options);
  const decks: Deck[] = [];
  const files: OutputFile[] = [];
  const entries: DeckIndexEntry[] = [];
  const assets: AssetCopy[] = [];
  const unanswered: UnansweredItem[] = [];
  const diagnostics: Diagnostic[] = [...plan.diagnostics];
  for (let i = 0; i < plan.size; i++) {
    const built = buildPlannedDeck(plan, i);
    const { deck, json } = built;
    decks.push(deck);
    files.push({ path: deckFileName(deck.id), text: `${json}\n` });
    entries.push(deckIndexEntry(summariseDeck(deck), contentHashWithNewline(json)));
    for (const d of built.diagnostics) diagnostics.push(d);
    for (const a of built.assets) assets.push(a);
    for (const u of built.unanswered) unanswered.push(u);
  }
  const index: DeckIndex = { schemaVersion: DECK_SCHEMA_VERSION, decks: entries };
  files.unshift({ path: 'index.json', text: deckIndexText(index) });
  return { decks, index, files, assets, diagnostics: sortDiagnostics(diagnostics), unanswered };
}

/**
 * What every deck of a build needs, worked out once: the chapters to build in output order (course, chapter
 * number, deck id), each chapter's notes, the catalogue related links resolve against, the images, and the
 * problems found on the way (a bad course.json, two chapters on one deck id). A deck built from a plan depends only
 * on the plan, so decks can be built in any order, or on other threads from a plan of the same source, and come
 * out the same.
 */
export type DeckPlan = {
  /** How many decks the plan builds (indices `0 … size - 1`, in output order). */
  size: number;
  /** Problems of the source as a whole, in the order found. */
  diagnostics: readonly Diagnostic[];
  /** The chapters to build, in output order (internal to the build). */
  chapters: readonly ChapterInfo[];
  /** Each chapter's notes, README first, by the index of the chapter in `chapters`. */
  notes: ReadonlyArray<readonly SourceFile[]>;
  /** Every chapter found (built or not: related links resolve against all), for {@link exportPlan}. */
  found: readonly ChapterInfo[];
  catalogue: Catalogue;
  assetIndex: AssetIndex;
  vaults: ReadonlyArray<{ name: string; coursePath: string } | undefined>;
  hashKey: (key: string) => string;
};

/** Plans a build of `source`: see {@link DeckPlan}. */
export function planDecks(source: SourceTree, options: BuildOptions = {}): DeckPlan {
  const hashKey = options.hashKey ?? stableHash;
  const diagnostics: Diagnostic[] = [];
  const notes: SourceFile[] = [];
  const courseJson = new Map<string, SourceFile>();
  for (const file of source.files) {
    if (/(^|\/)course\.json$/i.test(file.path)) courseJson.set(dirname(file.path), file);
    else if (/\.md$/i.test(file.path)) notes.push(file);
  }
  notes.sort((a, b) => compare(a.path, b.path));

  const courseNames = new Map<string, { name?: string; vault?: { name: string; coursePath: string } }>();
  for (const [folder, file] of courseJson) courseNames.set(folder, readCourseJson(file, diagnostics));

  const chapters = findChapters(source, notes, courseNames);

  // Two chapters on one deck id (same course slug and number) would overwrite each other: an error.
  const byDeckId = new Map<string, ChapterInfo>();
  for (const chapter of chapters) {
    const first = byDeckId.get(chapter.deckId);
    if (!first) {
      byDeckId.set(chapter.deckId, chapter);
      continue;
    }
    if (!isBuilt(source, first) && !isBuilt(source, chapter)) continue;
    diagnostics.push({
      severity: 'error',
      file: chapter.readme.path,
      line: chapter.titleLine ?? 1,
      message: `deck id "${chapter.deckId}" is also the id of ${first.readme.path}: two chapters hash to one id (give them different numbers or courses)`,
    });
  }

  // The decks' order in index.json: by course, chapter number, deck id (stable, so ties keep the chapter order).
  const built = chapters
    .filter((chapter) => isBuilt(source, chapter) && byDeckId.get(chapter.deckId) === chapter)
    .sort((a, b) => compare(a.course, b.course) || a.chapter - b.chapter || compare(a.deckId, b.deckId));
  const grouped = groupNotes(notes, chapters);
  return {
    size: built.length,
    diagnostics,
    chapters: built,
    notes: built.map((chapter) => grouped.get(chapter) ?? [chapter.readme]),
    found: chapters,
    catalogue: catalogueOf(chapters),
    assetIndex: indexAssets(source.assets ?? []),
    vaults: built.map((chapter) => vaultOf(source, chapter, courseNames.get(chapter.courseKey))),
    hashKey,
  };
}

/**
 * A plan as plain data, for another thread to build some of its decks: every chapter found without its parsed README,
 * notes as indices into the source's `files`. {@link importPlan} over the same files gives a plan that builds the same
 * decks; the README of a chapter is parsed again only when that chapter is built.
 */
export type PortablePlan = {
  chapters: PortableChapter[];
  /** Indices into `chapters` of the chapters to build, in output order. */
  built: number[];
  /** Each built chapter's notes, as indices into the source's files (README first). */
  notes: number[][];
  vaults: Array<{ name: string; coursePath: string } | undefined>;
  assets: readonly string[];
};

type PortableChapter = Omit<ChapterInfo, 'readme'> & { readme: number };

/** {@link PortablePlan} of a plan made from `source` (whose `files` the importing side has, in the same order). */
export function exportPlan(plan: DeckPlan, source: SourceTree): PortablePlan {
  const fileIndex = new Map<SourceFile, number>();
  source.files.forEach((file, k) => fileIndex.set(file, k));
  const indexOf = (file: SourceFile) => fileIndex.get(file) ?? -1;
  const chapterIndex = new Map<ChapterInfo, number>();
  const chapters = plan.found.map((chapter, k): PortableChapter => {
    chapterIndex.set(chapter, k);
    const { readme, ...rest } = chapter;
    return { ...rest, readme: indexOf(readme) };
  });
  return {
    chapters,
    built: plan.chapters.map((chapter) => chapterIndex.get(chapter) ?? -1),
    notes: plan.notes.map((files) => files.map(indexOf)),
    vaults: [...plan.vaults],
    assets: source.assets ?? [],
  };
}

/**
 * The plan a {@link PortablePlan} describes, over the source's files in the same order. Its `diagnostics` are empty
 * (the exporting side reports them). Reading a file's `text` is left to the build of its chapter, so `files` may
 * decode their text on first use.
 */
export function importPlan(portable: PortablePlan, files: readonly SourceFile[]): DeckPlan {
  const fileAt = (k: number): SourceFile => {
    const file = files[k];
    if (!file) throw new RangeError(`the plan names a file ${k} the source does not have`);
    return file;
  };
  const found = portable.chapters.map(
    (chapter): ChapterInfo => ({ ...chapter, readme: fileAt(chapter.readme) }),
  );
  const chapters = portable.built.map((k) => {
    const chapter = found[k];
    if (!chapter) throw new RangeError(`the plan names a chapter ${k} it does not have`);
    return chapter;
  });
  return {
    size: chapters.length,
    diagnostics: [],
    chapters,
    notes: portable.notes.map((indices) => indices.map(fileAt)),
    found,
    catalogue: catalogueOf(found),
    assetIndex: indexAssets(portable.assets),
    vaults: portable.vaults,
    hashKey: stableHash,
  };
}

/** One deck of a plan: the deck, its JSON (no closing newline), and its own problems, images and unanswered items. */
export type DeckBuild = {
  deck: Deck;
  json: string;
  diagnostics: Diagnostic[];
  assets: AssetCopy[];
  unanswered: UnansweredItem[];
};

/** Builds deck `i` (0-based, output order) of a plan. */
export function buildPlannedDeck(plan: DeckPlan, i: number): DeckBuild {
  const chapter = plan.chapters[i];
  if (!chapter) throw new RangeError(`the plan has no deck ${i}`);
  const ctx: Context = {
    hashKey: plan.hashKey,
    diagnostics: [],
    assets: [],
    assetIndex: plan.assetIndex,
    unanswered: [],
    vault: plan.vaults[i],
  };
  const deck = buildChapter(chapter, plan.notes[i] ?? [chapter.readme], plan.catalogue, ctx);
  return {
    deck,
    json: JSON.stringify(deck),
    diagnostics: ctx.diagnostics,
    assets: ctx.assets,
    unanswered: ctx.unanswered,
  };
}

/** A deck's file in the output folder, beside index.json. */
export function deckFileName(deckId: string): string {
  return `${deckId}.json`;
}

/** What index.json and the build's summary need of a deck, without its cards. */
export type DeckSummary = {
  id: string;
  title: string;
  course: string;
  chapter: number;
  cardCount: number;
  coverage: { answered: number; total: number };
};

export function summariseDeck(deck: Deck): DeckSummary {
  return {
    id: deck.id,
    title: deck.title,
    course: deck.course,
    chapter: deck.chapter,
    cardCount: deck.cards.length,
    coverage: deck.coverage,
  };
}

/** A deck's entry in index.json; `hash` is the content hash of its file (JSON and closing newline). */
export function deckIndexEntry(deck: DeckSummary, hash: string): DeckIndexEntry {
  return {
    id: deck.id,
    title: deck.title,
    course: deck.course,
    chapter: deck.chapter,
    cardCount: deck.cardCount,
    file: deckFileName(deck.id),
    hash,
  };
}

/** index.json as written: two-space indented, with a closing newline. */
export function deckIndexText(index: DeckIndex): string {
  return `${JSON.stringify(index, null, 2)}\n`;
}

/** Compiler order: by file, then line (the sort is stable, so one line's messages keep the order they were found in). */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort((a, b) => compare(a.file, b.file) || a.line - b.line);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isBuilt(source: SourceTree, chapter: ChapterInfo): boolean {
  return source.only === undefined || chapter.folder === source.only;
}

function readCourseJson(
  file: SourceFile,
  diagnostics: Diagnostic[],
): { name?: string; vault?: { name: string; coursePath: string } } {
  let data: unknown;
  try {
    data = JSON.parse(file.text);
  } catch (error) {
    diagnostics.push({
      severity: 'error',
      file: file.path,
      line: 1,
      message: `course.json is not valid JSON (${error instanceof Error ? error.message : String(error)})`,
    });
    return {};
  }
  if (typeof data !== 'object' || data === null) return {};
  const record = data as Record<string, unknown>;
  const result: { name?: string; vault?: { name: string; coursePath: string } } = {};
  if (typeof record.name === 'string') result.name = record.name;
  const vault = record.vault as Record<string, unknown> | undefined;
  if (vault && typeof vault.name === 'string' && typeof vault.coursePath === 'string') {
    result.vault = { name: vault.name, coursePath: vault.coursePath };
  }
  return result;
}

function findChapters(
  source: SourceTree,
  notes: readonly SourceFile[],
  courseNames: ReadonlyMap<string, { name?: string }>,
): ChapterInfo[] {
  const candidates: ChapterInfo[] = [];
  // Every chapter of a course has the same slug: Unicode normalisation and four regular expressions, done once.
  const slugs = new Map<string, string>();
  for (const readme of notes) {
    if (!isReadme(readme.path)) continue;
    const folder = dirname(readme.path);
    const folderName = folder ? basename(folder) : (source.rootSegments.at(-1) ?? '');
    // Title and number only: the README is parsed in full when (and by the thread where) its chapter is built.
    const outline = readme.head ?? readmeHead(readme.text);
    if (folderChapter(folderName) === undefined && !outline.numberedHeading) continue;
    const chapter = folderChapter(folderName) ?? outline.chapter;
    if (chapter === undefined) continue;
    const segments = [...source.rootSegments, ...(folder ? folder.split('/') : [])];
    const coursePath = segments.slice(0, -1);
    const courseKey = folder ? dirname(folder) : '..';
    const course = courseNameOf(coursePath, courseNames.get(courseKey)?.name);
    candidates.push({
      folder,
      folderName,
      readme,
      courseKey,
      course,
      coursePath,
      chapter,
      // One-byte when ASCII, though cut from a README with emoji: it goes into the deck's JSON (see splitLines).
      title: narrowAscii(outline.title?.trim() || folderTitle(folderName)),
      deckId: `${slugOf(course, slugs)}-${padChapter(chapter)}`,
      segments,
      titleLine: outline.titleLine,
    });
  }
  // A chapter folder inside another chapter folder is part of the outer chapter's notes.
  const folders = new Set(candidates.map((c) => c.folder));
  const nested = (folder: string) => {
    if (folder === '') return false;
    for (let up = dirname(folder); ; up = dirname(up)) {
      if (folders.has(up)) return true;
      if (up === '') return false;
    }
  };
  return candidates
    .filter((c) => !nested(c.folder))
    .sort((a, b) => compare(a.course, b.course) || a.chapter - b.chapter || compare(a.folder, b.folder));
}

function slugOf(course: string, slugs: Map<string, string>): string {
  let slug = slugs.get(course);
  if (slug === undefined) {
    slug = slugify(course) || 'course';
    slugs.set(course, slug);
  }
  return slug;
}

/**
 * Every chapter's notes: each `.md` under its folder (README first) goes to its nearest chapter folder, so a nested
 * chapter's notes are not its parent's. One pass over the notes, walking each note's folders upwards.
 */
function groupNotes(
  notes: readonly SourceFile[],
  chapters: readonly ChapterInfo[],
): Map<ChapterInfo, SourceFile[]> {
  const byFolder = new Map(chapters.map((c) => [c.folder, c]));
  const groups = new Map<ChapterInfo, SourceFile[]>(chapters.map((c) => [c, [c.readme]]));
  for (const note of notes) {
    for (let folder = dirname(note.path); ; folder = dirname(folder)) {
      const chapter = byFolder.get(folder);
      if (chapter) {
        if (note !== chapter.readme) groups.get(chapter)?.push(note);
        break;
      }
      if (folder === '') break;
    }
  }
  return groups;
}

function vaultOf(
  source: SourceTree,
  chapter: ChapterInfo,
  course: { vault?: { name: string; coursePath: string } } | undefined,
): { name: string; coursePath: string } | undefined {
  if (course?.vault) return course.vault;
  if (!source.vault) return undefined;
  const inRoot = chapter.courseKey === '..' ? null : chapter.courseKey;
  if (inRoot === null && source.vault.prefix.length === 0) return undefined;
  const coursePath =
    inRoot === null
      ? source.vault.prefix.slice(0, -1)
      : [...source.vault.prefix, ...(inRoot ? inRoot.split('/') : [])];
  return { name: source.vault.name, coursePath: coursePath.join('/') };
}

type AssetIndex = { all: ReadonlySet<string>; byName: ReadonlyMap<string, string[]> };

function indexAssets(paths: readonly string[]): AssetIndex {
  const byName = new Map<string, string[]>();
  const all = new Set<string>();
  for (const path of paths) {
    if (!IMAGE_EXT.test(path)) continue;
    all.add(path);
    const name = basename(path).toLowerCase();
    const list = byName.get(name);
    if (list) list.push(path);
    else byName.set(name, [path]);
  }
  for (const list of byName.values()) list.sort(compare);
  return { all, byName };
}

type Context = {
  hashKey: (key: string) => string;
  diagnostics: Diagnostic[];
  assets: AssetCopy[];
  assetIndex: AssetIndex;
  unanswered: UnansweredItem[];
  vault: { name: string; coursePath: string } | undefined;
};

type Draft = {
  kind: CardKind;
  key: string;
  front: string;
  back: string;
  section: string;
  /** The card whose id is this card's group (the forward direction, the category card); itself when absent. */
  groupKey?: { kind: CardKind; key: string };
  groupId?: string;
  file: string;
  line: number;
  noteDir: string;
  selfGraded?: boolean;
  /** What a duplicate is called in the warning (`key concept`), and the text quoted after it. */
  label: string;
  labelText?: string;
};

/**
 * The draft in one fixed object shape (every field present, in one order): finishCards reads ~40,000 drafts per
 * build, and drafts of mixed shapes would make each of its property reads a slow megamorphic lookup.
 */
function uniform(d: Draft): Draft {
  return {
    kind: d.kind,
    key: d.key,
    front: d.front,
    back: d.back,
    section: d.section,
    groupKey: d.groupKey,
    groupId: d.groupId,
    file: d.file,
    line: d.line,
    noteDir: d.noteDir,
    selfGraded: d.selfGraded,
    label: d.label,
    labelText: d.labelText,
  };
}

function buildChapter(
  chapter: ChapterInfo,
  chapterNotes: readonly SourceFile[],
  catalogue: Catalogue,
  ctx: Context,
): Deck {
  // Parsed here and not kept on the chapter: a build holds every chapter until it ends, and 1,000 kept outlines
  // (their lines, mask and items) survived each scavenge, a third of the build's garbage-collection time.
  const readme = parseReadme(chapter.readme);
  const { outline } = readme;
  const coursePrefix = chapter.folderName;
  const sourcePath = (path: string) =>
    chapter.folder ? `${coursePrefix}/${path.slice(chapter.folder.length + 1)}` : `${coursePrefix}/${path}`;
  const readmePath = chapter.readme.path;
  const readmeDir = dirname(readmePath);
  const warn = (file: string, line: number, message: string) =>
    ctx.diagnostics.push({ severity: 'warning', file, line, message });

  // Inline cards of every note first: their answers merge into concepts and objectives.
  type NoteScan = { file: SourceFile; title: string; cards: InlineCard[]; clozes: ReturnType<typeof scanInline>['clozes'] };
  const scans: NoteScan[] = chapterNotes.map((file) => {
    const lines = file === chapter.readme ? readme.lines : noteLines(file);
    const prose = file === chapter.readme ? readme.prose : proseMask(lines);
    const { cards, clozes } = scanInline(lines, prose);
    const title = file === chapter.readme ? chapter.title : noteTitle(lines, file.path);
    return { file, title, cards, clozes };
  });
  const inlineKeys = new Map<InlineCard, string>();
  const answers = new Map<string, { back: string; card: InlineCard; file: SourceFile }>();
  for (const scan of scans) {
    for (const card of scan.cards) {
      const key = normaliseKey(card.front);
      inlineKeys.set(card, key);
      if (!answers.has(key)) answers.set(key, { back: card.back, card, file: scan.file });
    }
  }
  const merged = new Set<InlineCard>();
  const mergedKeys = new Set<string>();

  const drafts: Draft[] = [];
  const sections = outline.sections;
  const subchapters: Subchapter[] = [];
  const parsedSubchapters = new Map<OutlineItem, Subchapter>();
  for (const section of sections) {
    if (section.name !== 'subchapters') continue;
    section.items.forEach((item, i) => {
      const sub = parseSubchapter(itemText(item), item.ordinal ?? i + 1);
      parsedSubchapters.set(item, sub);
      subchapters.push(sub);
    });
  }

  const subchapterIndex = indexSubchapters(subchapters);
  const objectives: string[] = [];
  const estimatedTime: string[] = [];
  const exercises: { folder?: string; items: string[] } = { items: [] };
  const related: RelatedChapter[] = [];
  const reading: ReadingItem[] = [];
  let overview: string | undefined;

  for (const section of sections) {
    if (section.items.length === 0 && section.prose.length === 0) {
      warn(readmePath, section.line, `empty section "${section.label}"`);
      continue;
    }
    const base = { section: section.label, file: readmePath, noteDir: readmeDir };
    switch (section.name) {
      case 'overview': {
        const parts = [...section.prose];
        for (const item of section.items) parts.push(`- ${item.text}`);
        overview = parts.join('\n').trim();
        break;
      }
      case 'concepts':
      case 'objectives': {
        for (const item of section.items) {
          const text = itemText(item);
          if (!text) continue;
          if (section.name === 'objectives') objectives.push(text);
          const textKey = normaliseKey(text);
          const answer = answers.get(textKey);
          if (answer) {
            merged.add(answer.card);
            mergedKeys.add(textKey);
          }
          // The inline answer, then the item's nested lines, each only when not blank.
          const answerText = answer && answer.back.trim() ? answer.back : '';
          const details = item.details.length > 0 ? item.details.join('\n') : '';
          const detailText = details.trim() ? details : '';
          const written =
            answerText && detailText ? `${answerText}\n\n${detailText}` : answerText || detailText;
          let back = written;
          if (section.name === 'objectives') {
            const sub = inferSubchapter(text, subchapters, subchapterIndex);
            const where = sub
              ? `Subchapter: ${sub.title}`
              : `Chapter ${chapter.chapter}: ${chapter.title}`;
            back = written ? `${written}\n\n${where}` : where;
          }
          drafts.push(uniform({
            section: base.section,
 file: base.file,
 noteDir: base.noteDir,
            kind: section.name === 'concepts' ? 'concept' : 'objective',
            key: textKey,
            front: text,
            back,
            line: item.line,
            label: section.name === 'concepts' ? 'key concept' : 'learning objective',
            selfGraded: !written,
          }));
        }
        break;
      }
      case 'subchapters': {
        section.items.forEach((item, i) => {
          const sub =
            parsedSubchapters.get(item) ?? parseSubchapter(itemText(item), item.ordinal ?? i + 1);
          if (!sub.summary) return;
          const front = [sub.summary, ...item.details].join('\n');
          drafts.push(uniform({
            section: base.section,
 file: base.file,
 noteDir: base.noteDir,
            kind: 'subchapter',
            key: String(sub.number),
            front,
            back: sub.title,
            line: item.line,
            label: 'subchapter',
 labelText: String(sub.number),
          }));
        });
        break;
      }
      case 'tools': {
        for (const item of section.items) {
          const parsed = parseToolsLine(item.text, item.details);
          if (!parsed) {
            warn(
              readmePath,
              item.line,
              `malformed tools line "${item.text}": expected "Category (Tool, Tool)"`,
            );
            continue;
          }
          const categoryNorm = normaliseKey(parsed.category);
          const categoryKey = `category:${categoryNorm}`;
          const group = { kind: 'tool' as const, key: categoryKey };
          drafts.push(uniform({
            section: base.section,
 file: base.file,
 noteDir: base.noteDir,
            kind: 'tool',
            key: categoryKey,
            front: parsed.category,
            back: parsed.tools.join(', '),
            line: item.line,
            label: 'tools category',
 labelText: parsed.category,
          }));
          for (const tool of parsed.tools) {
            drafts.push(uniform({
              section: base.section,
 file: base.file,
 noteDir: base.noteDir,
              kind: 'tool',
              key: `tool:${normaliseKey(tool)}:${categoryNorm}`,
              front: tool,
              back: parsed.category,
              line: item.line,
              groupKey: group,
              label: 'tool',
 labelText: tool,
            }));
          }
        }
        break;
      }
      case 'reading': {
        for (const item of section.items) {
          const entry = parseReading(item.text);
          if (!entry.title) continue;
          reading.push(entry);
          if (!entry.author) continue;
          drafts.push(uniform({
            section: base.section,
 file: base.file,
 noteDir: base.noteDir,
            kind: 'reading',
            key: normaliseKey(entry.title),
            front: entry.title,
            back: [entry.author, ...item.details].join('\n'),
            line: item.line,
            label: 'reading',
 labelText: entry.title,
          }));
        }
        break;
      }
      case 'related': {
        for (const item of section.items) {
          for (const link of wikilinksIn(item.text)) {
            const title = link.alias ?? showWikilinks(`[[${link.target}]]`);
            const found = resolveChapter(link.target, chapter, catalogue);
            if (found) {
              related.push({ title, target: link.target, deckId: found.deckId, chapter: found.chapter });
            } else {
              related.push({ title, target: link.target });
              warn(
                readmePath,
                item.line,
                `related chapter "${title}" is not in the source ([[${link.target}]])`,
              );
            }
          }
        }
        break;
      }
      case 'time':
        estimatedTime.push(...section.items.map((i) => i.text), ...section.prose.filter(Boolean));
        break;
      case 'exercises': {
        const folder = /`([^`]+)`/.exec(section.prose.join('\n'))?.[1];
        if (folder && exercises.folder === undefined) exercises.folder = folder;
        exercises.items.push(...section.items.map((i) => i.text));
        break;
      }
    }
  }

  // Inline cards and clozes, note by note in line order, after the README's structured cards.
  const emitInline = (card: InlineCard, title: string, file: string, noteDir: string) => {
    const key = inlineKeys.get(card) ?? normaliseKey(card.front);
    const isMerged = merged.has(card);
    if (!isMerged && mergedKeys.has(key)) {
      const first = answers.get(key);
      warn(
        file,
        card.line,
        `duplicate card "${oneLine(card.front)}" (first at ${first ? first.file.path : file}:${first?.card.line ?? 0}): it becomes one card`,
      );
    } else if (!isMerged) {
      drafts.push(uniform({
        section: title,
        file,
        noteDir,
        line: card.line,
        kind: 'inline',
        key,
        front: card.front,
        back: card.back,
        label: 'card',
        labelText: card.front,
      }));
    }
    if (card.kind === 'reversed' || card.kind === 'multiline-reversed') {
      // The reverse shares the forward card's group, whether that became a concept or stayed inline.
      const mergedInto = isMerged
        ? drafts.find((d) => (d.kind === 'concept' || d.kind === 'objective') && d.key === key)
        : undefined;
      drafts.push(uniform({
        section: title,
        file,
        noteDir,
        line: card.line,
        kind: 'inline',
        key: `${key} \u2190`,
        front: card.back,
        back: card.front,
        groupKey: { kind: mergedInto ? mergedInto.kind : 'inline', key },
        label: 'reverse card',
        labelText: card.back,
      }));
    }
  };
  const emitCloze = (para: ClozeParagraph, title: string, file: string, noteDir: string) => {
    const blanked = replaceSpans(para.text, para.spans, -1, BLANK_ALL);
    const paragraphKey = normaliseKey(blanked);
    const groupId = `${chapter.deckId}-cloze-${ctx.hashKey(`${chapter.deckId}\ngroup\n${paragraphKey}`)}`;
    for (let k = 0; k < para.spans.length; k++) {
      const span = para.spans[k] ?? { start: 0, end: 0 };
      drafts.push(uniform({
        kind: 'cloze',
        key: `${paragraphKey}#${k + 1}`,
        front: replaceSpans(para.text, para.spans, k, HIDE_ONE),
        back: replaceSpans(para.text, para.spans, k, SHOW_ONE),
        section: title,
        file,
        noteDir,
        line: para.line,
        groupId,
        label: 'cloze',
        labelText: para.text.slice(span.start, span.end),
      }));
    }
  };
  for (const scan of scans) {
    const file = scan.file.path;
    const noteDir = dirname(file);
    // Both lists are in line order already: merge them.
    let c = 0;
    let z = 0;
    while (c < scan.cards.length || z < scan.clozes.length) {
      const card = scan.cards[c];
      const para = scan.clozes[z];
      if (card && (!para || card.line <= para.line)) {
        emitInline(card, scan.title, file, noteDir);
        c++;
      } else if (para) {
        emitCloze(para, scan.title, file, noteDir);
        z++;
      }
    }
  }

  const cards = finishCards(chapter, drafts, sourcePath, ctx);
  const answered = cards.filter(
    (c) => (c.kind === 'concept' || c.kind === 'objective') && !c.selfGraded,
  ).length;
  const total = cards.filter((c) => c.kind === 'concept' || c.kind === 'objective').length;
  for (const card of cards) {
    if (card.selfGraded && (card.kind === 'concept' || card.kind === 'objective')) {
      ctx.unanswered.push({ deckId: chapter.deckId, kind: card.kind, text: card.front, source: card.source });
    }
  }

  const deck: Deck = {
    schemaVersion: DECK_SCHEMA_VERSION,
    id: chapter.deckId,
    course: chapter.course,
    chapter: chapter.chapter,
    title: chapter.title,
    ...(outline.focus ? { focus: outline.focus } : {}),
    ...(overview ? { overview } : {}),
    estimatedTime,
    objectives,
    exercises,
    related,
    reading,
    ...(ctx.vault ? { vault: ctx.vault } : {}),
    coverage: { answered, total },
    cards,
  };
  return deck;
}

/** Ids, duplicates and collisions, groups, positions, images and wikilinks of the chapter's draft cards. */
function finishCards(
  chapter: ChapterInfo,
  drafts: readonly Draft[],
  sourcePath: (path: string) => string,
  ctx: Context,
): DeckCard[] {
  const deckId = chapter.deckId;
  // A card's id: `<deck id>-<kind>-<hash of "deck id \n kind \n key">`, never the answer or the position. With the
  // default hash, each kind's prefix is hashed once per deck.
  const prefixes = new Map<CardKind, HashState>();
  const hashOf = (kind: CardKind, key: string): string => {
    if (ctx.hashKey !== stableHash) return ctx.hashKey(`${deckId}\n${kind}\n${key}`);
    let prefix = prefixes.get(kind);
    if (prefix === undefined) {
      prefix = hashPrefix(`${deckId}\n${kind}\n`);
      prefixes.set(kind, prefix);
    }
    return stableHashAfter(prefix, key);
  };
  // Two drafts share an id when they share kind and hash: looked up by the short hash, per kind.
  const seen = new Map<CardKind, Map<string, Draft>>();
  const cards: DeckCard[] = [];
  const assetNames = new Map<string, string>();
  // Most cards of a chapter share a handful of files.
  const files = new Map<string, string>();
  // A group is the id of another card (a tools category, a forward direction): made once per group.
  const groupIds = new Map<string, string>();
  const groupIdOf = (group: { kind: CardKind; key: string }) => {
    const name = `${group.kind}\n${group.key}`;
    let id = groupIds.get(name);
    if (id === undefined) {
      id = `${deckId}-${group.kind}-${hashOf(group.kind, group.key)}`;
      groupIds.set(name, id);
    }
    return id;
  };
  for (const draft of drafts) {
    const hash = hashOf(draft.kind, draft.key);
    const id = `${deckId}-${draft.kind}-${hash}`;
    let ofKind = seen.get(draft.kind);
    if (ofKind === undefined) {
      ofKind = new Map();
      seen.set(draft.kind, ofKind);
    }
    const first = ofKind.get(hash);
    if (first) {
      // Same kind (the map is per kind): the same key is a duplicate, another key a hash collision.
      if (first.key === draft.key) {
        ctx.diagnostics.push({
          severity: 'warning',
          file: draft.file,
          line: draft.line,
          message: `duplicate ${describe(draft)} (first at ${first.file}:${first.line}): it becomes one card`,
        });
      } else {
        ctx.diagnostics.push({
          severity: 'error',
          file: draft.file,
          line: draft.line,
          message: `card id ${id} of ${describe(draft)} is also the id of ${describe(first)} at ${first.file}:${first.line}: two keys hash to one id`,
        });
      }
      continue;
    }
    ofKind.set(hash, draft);
    let file = files.get(draft.file);
    if (file === undefined) {
      file = sourcePath(draft.file);
      files.set(draft.file, file);
    }
    const card: DeckCard = {
      id,
      kind: draft.kind,
      front: showWikilinks(rewriteImages(draft.front, draft, deckId, ctx, assetNames)),
      back: showWikilinks(rewriteImages(draft.back, draft, deckId, ctx, assetNames)),
      section: draft.section,
      position: cards.length,
      group: draft.groupId ?? (draft.groupKey ? groupIdOf(draft.groupKey) : id),
      source: { file, line: draft.line },
    };
    if (draft.selfGraded) card.selfGraded = true;
    cards.push(card);
  }
  return cards;
}

function describe(draft: Draft): string {
  return draft.labelText === undefined ? draft.label : `${draft.label} "${oneLine(draft.labelText)}"`;
}

const IMAGE_EMBED = /!\[\[([^\]\n|#]+)(?:#[^\]\n|]*)?(?:\|([^\]\n]*))?\]\]|!\[([^\]\n]*)\]\(\s*(<[^>\n]+>|[^)\s]+)(?:\s+"[^"\n]*")?\s*\)/g;

/**
 * `![[diagram.png]]` and `![alt](diagram.png)` → `![alt](assets/<deck id>/diagram.png)`, recording the copy.
 * Wiki embeds resolve like Obsidian: a path from the vault, else the file name nearest the note.
 */
function rewriteImages(
  text: string,
  draft: Draft,
  deckId: string,
  ctx: Context,
  assetNames: Map<string, string>,
): string {
  if (!text.includes('![')) return text;
  return text.replace(
    IMAGE_EMBED,
    (whole, wikiTarget: string | undefined, wikiSize: string | undefined, alt: string | undefined, url: string | undefined) => {
      const target = (wikiTarget ?? url ?? '').trim().replace(/^<|>$/g, '');
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || !IMAGE_EXT.test(target)) return whole;
      const found = wikiTarget !== undefined
        ? resolveWikiAsset(target, draft.noteDir, ctx.assetIndex)
        : resolveRelativeAsset(target, draft.noteDir, ctx.assetIndex);
      if (!found) {
        ctx.diagnostics.push({
          severity: 'warning',
          file: draft.file,
          line: draft.line,
          message: `image "${target}" not found: the link is kept as written`,
        });
        return whole;
      }
      let to = assetNames.get(found);
      if (!to) {
        const name = basename(found);
        const taken = [...assetNames.values()].includes(`assets/${deckId}/${name}`);
        const dot = name.lastIndexOf('.');
        const unique = taken ? `${name.slice(0, dot)}-${stableHash(found).slice(0, 6)}${name.slice(dot)}` : name;
        to = `assets/${deckId}/${unique}`;
        assetNames.set(found, to);
        ctx.assets.push({ from: found, to });
      }
      const label = (alt ?? (wikiSize && !/^\d+(x\d+)?$/.test(wikiSize) ? wikiSize : basename(target).replace(IMAGE_EXT, ''))).trim();
      return `![${label}](${to.split('/').map(encodeURIComponent).join('/')})`;
    },
  );
}

function resolveRelativeAsset(target: string, noteDir: string, index: AssetIndex): string | undefined {
  let decoded = target;
  try {
    decoded = decodeURI(target);
  } catch {
    // A stray % is part of the name.
  }
  const path = joinPath(noteDir, decoded);
  if (path !== undefined && index.all.has(path)) return path;
  return resolveWikiAsset(decoded, noteDir, index);
}

function resolveWikiAsset(target: string, noteDir: string, index: AssetIndex): string | undefined {
  const candidates = index.byName.get(basename(target).toLowerCase()) ?? [];
  const suffix = target.includes('/') ? `/${target.toLowerCase()}` : '';
  const matching = candidates.filter((p) => !suffix || `/${p.toLowerCase()}`.endsWith(suffix));
  if (matching.length === 0) return undefined;
  // Nearest first: the note's folder, then the deepest shared folder, then the shortest path.
  const score = (p: string) => {
    const a = dirname(p).split('/');
    const b = noteDir.split('/');
    let shared = 0;
    while (shared < a.length && shared < b.length && a[shared] === b[shared]) shared++;
    return shared * 1000 - p.length;
  };
  return [...matching].sort((x, y) => score(y) - score(x) || compare(x, y))[0];
}

function joinPath(dir: string, relative: string): string | undefined {
  const parts = relative.startsWith('/') ? [] : dir ? dir.split('/') : [];
  for (const part of relative.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join('/');
}

type Catalogue = {
  /** Chapters by their folder name, lower case. */
  byFolder: Map<string, ChapterInfo[]>;
  /** Chapters by the normalised folder name without its number, and by normalised title. */
  byName: Map<string, ChapterInfo[]>;
  /** Each chapter's folder path, segments NFC and lower case: normalised once, not once per link compared. */
  segments: Map<ChapterInfo, string[]>;
};

function catalogueOf(chapters: readonly ChapterInfo[]): Catalogue {
  const byFolder = new Map<string, ChapterInfo[]>();
  const byName = new Map<string, ChapterInfo[]>();
  const segments = new Map<ChapterInfo, string[]>();
  const add = (map: Map<string, ChapterInfo[]>, key: string, chapter: ChapterInfo) => {
    const list = map.get(key);
    if (!list) map.set(key, [chapter]);
    else if (!list.includes(chapter)) list.push(chapter);
  };
  for (const chapter of chapters) {
    add(byFolder, chapter.folderName.normalize('NFC').toLowerCase(), chapter);
    add(byName, normaliseKey(folderTitle(chapter.folderName)), chapter);
    add(byName, normaliseKey(chapter.title), chapter);
    segments.set(chapter, chapter.segments.map(normSegment));
  }
  return { byFolder, byName, segments };
}

/**
 * A related link's chapter: the one whose folder path shares the most trailing segments with the link's target
 * (a vault path such as `01_Projects/DEforAI/Course/02. Title/README`), else by name (folder name with or without
 * its number, or the chapter's title). Same-course chapters win ties.
 */
function resolveChapter(
  target: string,
  from: ChapterInfo,
  catalogue: Catalogue,
): ChapterInfo | undefined {
  const segments = target
    .replace(/\.md$/i, '')
    .split('/')
    .map((s) => s.trim())
    .filter(Boolean);
  if (segments.length > 0 && segments.at(-1)?.toLowerCase() === 'readme') segments.pop();
  const last = segments.at(-1);
  if (last === undefined) return undefined;
  const wanted = segments.map(normSegment);
  let best: ChapterInfo | undefined;
  let bestScore = 0;
  for (const chapter of catalogue.byFolder.get(normSegment(last)) ?? []) {
    const have = catalogue.segments.get(chapter) ?? [];
    let score = 0;
    while (
      score < wanted.length &&
      score < have.length &&
      wanted[wanted.length - 1 - score] === have[have.length - 1 - score]
    ) {
      score++;
    }
    const total = score + (chapter.courseKey === from.courseKey ? 0.25 : 0);
    if (total > bestScore) {
      bestScore = total;
      best = chapter;
    }
  }
  if (best || segments.length > 1) return best;
  for (const chapter of catalogue.byName.get(normaliseKey(last)) ?? []) {
    const total = 0.5 + (chapter.courseKey === from.courseKey ? 0.25 : 0);
    if (total > bestScore) {
      bestScore = total;
      best = chapter;
    }
  }
  return best;
}

/** A path segment for comparison: NFC, lower case. ASCII is its own NFC form: no call into ICU for it. */
function normSegment(segment: string): string {
  return (NON_ASCII_CHAR.test(segment) ? segment.normalize('NFC') : segment).toLowerCase();
}

const NON_ASCII_CHAR = /[^\0-\x7f]/;

/** A concept/objective item's text: the part before an inline `::` separator, wikilinks shown by label. */
function itemText(item: OutlineItem): string {
  const sep = findSeparator(item.text);
  const text = sep ? item.text.slice(0, sep.at) : item.text;
  return text.trim();
}

/** A note's title: its first heading, else its file name without `.md`. */
function noteTitle(lines: readonly string[], path: string): string {
  for (const line of lines) {
    const heading = line.startsWith('#') ? parseHeading(line) : null;
    if (heading && heading.text) return heading.text;
  }
  return basename(path).replace(/\.md$/i, '');
}

const BLANK_ALL = 0;
const HIDE_ONE = 1;
const SHOW_ONE = 2;

/**
 * A cloze paragraph with its `==spans==` rewritten: BLANK_ALL → every span `[...]` (the paragraph's key);
 * HIDE_ONE → span `k` is `[...]`, the others plain text (a front); SHOW_ONE → span `k` kept highlighted, the others
 * plain (a back).
 */
function replaceSpans(
  text: string,
  spans: ReadonlyArray<{ start: number; end: number }>,
  k: number,
  mode: number,
): string {
  let out = '';
  let at = 0;
  for (let j = 0; j < spans.length; j++) {
    const span = spans[j] ?? { start: 0, end: 0 };
    out += text.slice(at, span.start);
    if (mode === BLANK_ALL || (mode === HIDE_ONE && j === k)) out += '[...]';
    else if (mode === SHOW_ONE && j === k) out += text.slice(span.start, span.end);
    else out += text.slice(span.start + 2, span.end - 2);
    at = span.end;
  }
  return out + text.slice(at);
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}
