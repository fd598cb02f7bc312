/** Renders the whole app (shell, routes, start-up deck sync) over a given database, at a given address. */
import { render, screen } from '@testing-library/react';
import { createMemoryRouter } from 'react-router-dom';
import { App } from '../../src/app/app';
import { routes } from '../../src/app/routes';
import type { AppEnv } from '../../src/features/common/app-context';
import { answerCard, openDatabase, type CoursedeckDb } from '../../src/services';
import { fetcherFor, shippedDeckFiles, type DeckFiles } from './shipped-decks';
import type { SnapshotStorage } from '../../src/services/today-snapshot';
import type { Grade } from '../../src/domain/model';

let cachedFiles: DeckFiles | undefined;

/** The shipped deck files, built once per test file (the parser is deterministic). */
export function deckFiles(): DeckFiles {
  cachedFiles ??= shippedDeckFiles();
  return cachedFiles;
}

export type RenderAppOptions = {
  db?: CoursedeckDb;
  files?: DeckFiles;
  /** Default 0 in tests so a scripted session can answer right after revealing; the guard has its own test. */
  revealGuardMs?: number;
  /** Where Today's snapshot is kept (see services/today-snapshot.ts); none by default. */
  snapshotStorage?: SnapshotStorage;
};

export function renderApp(path = '/', options: RenderAppOptions = {}) {
  const db = options.db ?? openDatabase('coursedeck-test');
  const env: AppEnv = {
    db,
    fetchJson: fetcherFor(options.files ?? deckFiles()),
    baseUrl: '/',
    revealGuardMs: options.revealGuardMs ?? 0,
    ...(options.snapshotStorage ? { snapshotStorage: options.snapshotStorage } : {}),
  };
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const result = render(<App env={env} router={router} />);
  return { ...result, db, env, router };
}

/** A database holding the shipped deck, synced by the app itself (the Decks screen's start-up sync), app unmounted. */
export async function syncedDb(name: string): Promise<CoursedeckDb> {
  const db = openDatabase(name);
  const view = renderApp('/decks', { db });
  await screen.findByRole('link', { name: /^Chapter 1: Introduction/ });
  view.unmount();
  return db;
}

/** Answers (Good in 3 s unless told), at `now`, the shipped deck's first card in deck order; returns its id. */
export async function answerFirstCard(
  db: CoursedeckDb,
  now: number,
  { grade = 3, durationMs = 3000 }: { grade?: Grade; durationMs?: number } = {},
): Promise<string> {
  const card = (await db.cards.toArray()).sort((a, b) => a.position - b.position)[0];
  if (!card) throw new Error('no cards');
  await answerCard(db, { cardId: card.id, expectedVersion: card.version, grade, now, durationMs });
  return card.id;
}
