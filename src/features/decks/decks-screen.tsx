import { useLiveQuery } from 'dexie-react-hooks';
import { Link } from 'react-router-dom';
import { getTodayCounts, listDecks } from '../../services';
import { CountBadge } from '../../ui/count-badge';
import { useDb } from '../common/app-context';
import { ReadinessBadge, useReadiness } from '../quiz/readiness';

/** `/decks`: the course's chapters in order, each with today's counts and its size. */
export function DecksScreen() {
  const db = useDb();
  const data = useLiveQuery(async () => {
    const [decks, today] = await Promise.all([listDecks(db), getTodayCounts(db, Date.now())]);
    return { decks, counts: new Map(today.decks.map((d) => [d.deckId, d])) };
  }, [db]);
  const readiness = useReadiness();

  if (!data) return <p role="status">Loading decks…</p>;
  const courses = [...new Set(data.decks.map((d) => d.course))];

  return (
    <section aria-labelledby="decks-title">
      <h1 id="decks-title">Decks</h1>
      {data.decks.length === 0 && <p>No decks yet. They are loaded from the course when the app starts.</p>}
      {courses.map((course) => (
        <section key={course} aria-labelledby={`course-${course}`}>
          <h2 id={`course-${course}`}>{course}</h2>
          <ol className="deck-list">
            {data.decks
              .filter((d) => d.course === course)
              .map((deck) => {
                const c = data.counts.get(deck.id);
                const due = c ? c.new + c.learning + c.review : 0;
                return (
                  <li key={deck.id} className="deck-list__item">
                    <div>
                      <Link to={`/decks/${encodeURIComponent(deck.id)}`} className="deck-list__title">
                        Chapter {deck.chapter}: {deck.title}
                      </Link>
                      <div className="muted">
                        {deck.cardCount} {deck.cardCount === 1 ? 'card' : 'cards'}
                      </div>
                      <ReadinessBadge readiness={readiness?.get(deck.id)} chapter={deck.chapter} />
                    </div>
                    <span className="counts" role="group" aria-label={`Due today in chapter ${deck.chapter}`}>
                      <CountBadge label="new" count={c?.new ?? 0} tone="new" />
                      <CountBadge label="learning" count={c?.learning ?? 0} tone="learning" />
                      <CountBadge label="review" count={c?.review ?? 0} tone="review" />
                    </span>
                    {due > 0 && (
                      <Link
                        to={`/review/${encodeURIComponent(deck.id)}`}
                        aria-label={`Study chapter ${deck.chapter}: ${deck.title}`}
                      >
                        Study
                      </Link>
                    )}
                  </li>
                );
              })}
          </ol>
        </section>
      ))}
    </section>
  );
}
