/**
 * The deck build's parsing core (issue 2): pure TypeScript, strings in and decks out, shared by the Node CLI and,
 * later, the app importing a learner's own notes offline.
 */
export {
  buildDecks,
  buildPlannedDeck,
  deckFileName,
  deckIndexEntry,
  deckIndexText,
  exportPlan,
  importPlan,
  planDecks,
  sortDiagnostics,
  summariseDeck,
} from './build.ts';
export type {
  AssetCopy,
  BuildOptions,
  BuildResult,
  DeckBuild,
  DeckPlan,
  DeckSummary,
  Diagnostic,
  PortablePlan,
  OutputFile,
  SourceFile,
  SourceTree,
  UnansweredItem,
} from './build.ts';
export { isChapterFolder, isReadme, folderChapter, courseNameOf } from './layout.ts';
export { readmeHead } from './outline.ts';
export type { ReadmeHead } from './outline.ts';
export { splitLines } from './lines.ts';
export { contentHash, encodeDeckFile, normaliseKey, slugify, stableHash } from './text.ts';
