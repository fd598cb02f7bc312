import { useLiveQuery } from 'dexie-react-hooks';
import Dexie, { type ObservabilitySet } from 'dexie';
import { useEffect, useId, useState } from 'react';
import { Link } from 'react-router-dom';
import { getReadiness, listDecks, readinessPercent, type ChapterReadiness } from '../../services';
import { useDb } from '../common/app-context';
import { snippet } from '../common/format';
import { ReadinessPending } from '../today/readiness-pending';
import './quiz.css';

/** Waits until the browser is idle (a timer where there is no `requestIdleCallback`, as in jsdom). */
function whenIdle(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function')
      requestIdleCallback(() => resolve(), { timeout: 500 });
    else setTimeout(resolve, 0);
  });
}

/** After a burst of writes (a sync, answers in another tab), readiness is recomputed once, this long after the last. */
const RECOMPUTE_AFTER_MS = 250;

/**
 * Readiness of the given decks (default: all), recomputed when cards, decks or settings change. Readiness reads
 * every card of the decks (100k cards: seconds on disk), so it is computed when the browser is idle, one deck per
 * read (short transactions that an answer or the next card never waits long behind), not while the screen is gone,
 * and once per burst of changes rather than on every write. Readiness also falls with time alone; the screens
 * re-read it when they are opened, which is when a learner looks.
 */
export function useReadiness(
  deckIds?: readonly string[],
): Map<string, ChapterReadiness> | undefined {
  const db = useDb();
  // The ids' content is the dependency, not the array's identity.
  const key = deckIds === undefined ? null : deckIds.join('\u0000');
  const [result, setResult] = useState<{
    key: string | null;
    value: Map<string, ChapterReadiness>;
  }>();

  useEffect(() => {
    let stopped = false;
    let running = false;
    let again = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const wanted = key === null ? undefined : key === '' ? [] : key.split('\u0000');

    const compute = async () => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        await whenIdle();
        const ids = wanted ?? (await listDecks(db)).filter((d) => !d.retired).map((d) => d.id);
        const out = new Map<string, ChapterReadiness>();
        for (const id of ids) {
          if (stopped) return;
          for (const [deckId, r] of await getReadiness(db, Date.now(), [id])) out.set(deckId, r);
        }
        if (!stopped) setResult({ key, value: out });
      } finally {
        running = false;
        if (again && !stopped) {
          again = false;
          schedule();
        }
      }
    };
    const schedule = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void compute().catch(() => undefined), RECOMPUTE_AFTER_MS);
    };
    const prefix = `idb://${db.name}/`;
    const onMutated = (parts: ObservabilitySet) => {
      if (
        Object.keys(parts).some(
          (k) =>
            k.startsWith(`${prefix}cards/`) ||
            k.startsWith(`${prefix}decks/`) ||
            k.startsWith(`${prefix}settings/`),
        )
      )
        schedule();
    };
    Dexie.on('storagemutated', onMutated);
    void compute().catch(() => undefined);
    return () => {
      stopped = true;
      clearTimeout(timer);
      Dexie.on.storagemutated.unsubscribe(onMutated);
    };
  }, [db, key]);

  return result?.key === key ? result.value : undefined;
}

/** Readiness in words: "Readiness 63%", or a dash for a chapter with nothing to measure. */
export function readinessText(readiness: ChapterReadiness | undefined): string {
  if (!readiness || readiness.fraction === null) return 'Readiness —';
  return `Readiness ${readinessPercent(readiness.fraction)}%`;
}

/** A compact readiness figure with a bar, for lists (Decks, Today). */
export function ReadinessBadge({
  readiness,
  chapter,
}: {
  readiness: ChapterReadiness | undefined;
  chapter: number;
}) {
  const percent =
    readiness && readiness.fraction !== null ? readinessPercent(readiness.fraction) : null;
  return (
    <span className="readiness-badge">
      {percent !== null && (
        <meter
          className="readiness-badge__meter"
          min={0}
          max={100}
          low={70}
          high={90}
          optimum={100}
          value={percent}
          aria-label={`Readiness of chapter ${chapter}`}
        />
      )}
      <span>{readinessText(readiness)}</span>
    </span>
  );
}

/** The five weakest concepts by name, with their predicted recall now. */
export function WeakestConcepts({ readiness }: { readiness: ChapterReadiness }) {
  if (readiness.weakest.length === 0) return null;
  return (
    <ol className="weakest" aria-label="Weakest concepts">
      {readiness.weakest.map((w) => (
        <li key={w.cardId}>
          {snippet(w.name)}{' '}
          <span className="muted">
            ({w.recall === 0 ? 'not recalled yet' : `${readinessPercent(w.recall)}% recall now`})
          </span>
        </li>
      ))}
    </ol>
  );
}

/**
 * The chapter page's readiness block: the percentage, the five weakest concepts and the way into the quiz.
 * Rule (see src/domain/readiness): mean predicted recall now of the chapter's concept, objective and tool cards.
 */
export function ChapterReadinessPanel({ deckId, chapter }: { deckId: string; chapter: number }) {
  const readiness = useReadiness([deckId])?.get(deckId);
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="readiness-panel">
      <h2 id={headingId}>Readiness for the exercises</h2>
      {!readiness ? (
        <p role="status">Measuring readiness…</p>
      ) : (
        <>
          <p className="readiness-panel__figure">
            <ReadinessBadge readiness={readiness} chapter={chapter} />
          </p>
          <p className="muted">
            Predicted recall now of this chapter's {readiness.counted} concept, objective and tool
            cards ({readiness.reviewed} studied; cards never studied count as 0).
          </p>
          {readiness.weakest.length > 0 && (
            <>
              <h3>Weakest concepts</h3>
              <WeakestConcepts readiness={readiness} />
            </>
          )}
        </>
      )}
      <p>
        <Link to={`/quiz/${encodeURIComponent(deckId)}`} className="link-button">
          Quiz me before the exercises
        </Link>
      </p>
    </section>
  );
}

/** Today's readiness overview: every chapter's readiness with its weakest concepts and a link to its quiz. */
export function TodayReadiness() {
  const db = useDb();
  const decks = useLiveQuery(() => listDecks(db), [db]);
  const readiness = useReadiness();
  const headingId = useId();
  if (!decks || decks.length === 0) return null;
  // The heading and a placeholder show while readiness is computed (when the browser is idle), so the block takes
  // its place at once instead of appearing late below the deck table.
  if (!readiness) return <ReadinessPending />;
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>Chapter readiness</h2>
      <ul className="readiness-list">
        {decks
          .filter((d) => !d.retired)
          .map((deck) => {
            const r = readiness.get(deck.id);
            return (
              <li key={deck.id} className="readiness-list__item">
                <Link to={`/decks/${encodeURIComponent(deck.id)}`}>
                  Chapter {deck.chapter}: {deck.title}
                </Link>{' '}
                <ReadinessBadge readiness={r} chapter={deck.chapter} />{' '}
                <Link
                  to={`/quiz/${encodeURIComponent(deck.id)}`}
                  aria-label={`Quiz me on chapter ${deck.chapter} before the exercises`}
                >
                  Quiz
                </Link>
                {r && r.weakest.length > 0 && (
                  <div className="muted">
                    Weakest: {r.weakest.map((w) => snippet(w.name, 40)).join(', ')}
                  </div>
                )}
              </li>
            );
          })}
      </ul>
    </section>
  );
}
