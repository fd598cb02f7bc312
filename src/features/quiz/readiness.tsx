import { useLiveQuery } from 'dexie-react-hooks';
import { useId } from 'react';
import { Link } from 'react-router-dom';
import { getReadiness, listDecks, readinessPercent, type ChapterReadiness } from '../../services';
import { useDb } from '../common/app-context';
import { snippet } from '../common/format';
import './quiz.css';

/**
 * Readiness of the given decks (default: all), recomputed whenever cards or the log change. Readiness also falls
 * with time alone; the screens re-read it when they are opened, which is when a learner looks.
 */
export function useReadiness(
  deckIds?: readonly string[],
): Map<string, ChapterReadiness> | undefined {
  const db = useDb();
  const key = deckIds?.join('\u0000') ?? '';
  return useLiveQuery(
    () => getReadiness(db, Date.now(), deckIds),
    // The ids' content is the dependency, not the array's identity.
    [db, key],
  );
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
  if (!decks || !readiness || decks.length === 0) return null;
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
