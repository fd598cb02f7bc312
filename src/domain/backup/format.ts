/**
 * The backup file: one versioned JSON document (gzip-compressed on disk) with everything a learner would lose with
 * the device: settings, decks, cards with their state, the full review log and the undo tombstones.
 * Device-local bookkeeping (device id, undo stack, snapshot times) is deliberately left out: restoring it on
 * another device would make two devices mint the same review-log ids.
 */
import type { CardRecord, DeckRecord, ReviewLogEntry, Tombstone } from '../model';
import type { ChapterPacing } from '../readiness/pacing';
import type { SettingsDoc } from '../settings';

export const BACKUP_FORMAT = 'coursedeck-backup';

/** Bump when a change is not additive; restore reads every version up to this one. */
export const BACKUP_VERSION = 1;

export type BackupData = {
  settings: SettingsDoc | null;
  decks: DeckRecord[];
  cards: CardRecord[];
  reviewLog: ReviewLogEntry[];
  tombstones: Tombstone[];
  /** The learner's "Studying now" / "Not yet" marks by deck id (added with issue 5; absent when never set). */
  pacing?: Record<string, ChapterPacing>;
};

export type BackupFile = {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  /** Epoch ms when the file was written. */
  exportedAt: number;
  /** The app build that wrote it (informative). */
  app: string;
  data: BackupData;
};

/**
 * Limits a restored file must respect, so a hostile or corrupt file cannot exhaust memory or hang the tab.
 * They are far above any real course (a whole vault is a few thousand cards; ten years of daily study a few million
 * answers would be 1 GB+, beyond what a phone's IndexedDB holds comfortably anyway).
 */
export const BACKUP_LIMITS = {
  /** Compressed file size. */
  maxFileBytes: 200 * 1024 * 1024,
  /** Decompressed JSON size. */
  maxJsonBytes: 1024 * 1024 * 1024,
  maxDecks: 10_000,
  maxCards: 500_000,
  maxReviewLog: 5_000_000,
  maxTombstones: 1_000_000,
  /** Any single string (card text, ids, titles). */
  maxStringLength: 100_000,
  /** Nesting depth of the JSON (the format itself is shallow). */
  maxDepth: 12,
} as const;
