import { useLiveQuery } from 'dexie-react-hooks';
import { Link, useParams } from 'react-router-dom';
import { deckCards, getDeck, getTodayCounts } from '../../services';
import { CountBadge } from '../../ui/count-badge';
import { Markdown } from '../../ui/markdown';
import { useDb } from '../common/app-context';
import { ChapterGraphSection } from '../chapter-graph/chapter-graph';
import { PacingControl } from '../quiz/pacing-control';
import { ChapterReadinessPanel } from '../quiz/readiness';
import { dueLabel, formatPercent, KIND_LABEL, snippet, stateLabel } from '../common/format';

/**
 * `/decks/:deckId`: a chapter's focus, overview, objectives, exercises and related chapters (as links when they are
 * in the course), then its cards with state, due date and predicted recall.
 */
export function DeckScreen() {
  const { deckId = '' } = useParams();
  const db = useDb();
  const data = useLiveQuery(async () => {
    const now = Date.now();
    const deck = await getDeck(db, deckId);
    if (!deck) return { deck: null } as const;
    const [cards, today] = await Promise.all([deckCards(db, deckId, now), getTodayCounts(db, now)]);
    return { deck, cards, counts: today.decks.find((d) => d.deckId === deckId) };
  }, [db, deckId]);

  if (!data) return <p role="status">Loading the chapter…</p>;
  if (!data.deck) {
    return (
      <section aria-labelledby="deck-title">
        <h1 id="deck-title">Chapter not found</h1>
        <p>
          There is no deck “{deckId}”. <Link to="/decks">See all chapters</Link>.
        </p>
      </section>
    );
  }
  const { deck, cards, counts } = data;
  const due = counts ? counts.new + counts.learning + counts.review : 0;

  return (
    <article aria-labelledby="deck-title">
      <p className="muted">
        <Link to="/decks">Decks</Link> › {deck.course}
      </p>
      <h1 id="deck-title">
        Chapter {deck.chapter}: {deck.title}
      </h1>
      {deck.retired && <p className="notice notice--warning">This chapter is no longer in the course.</p>}
      <p className="actions">
        <span className="counts" role="group" aria-label="Due today in this chapter">
          <CountBadge label="new" count={counts?.new ?? 0} tone="new" />
          <CountBadge label="learning" count={counts?.learning ?? 0} tone="learning" />
          <CountBadge label="review" count={counts?.review ?? 0} tone="review" />
        </span>
        {due > 0 && (
          <Link to={`/review/${encodeURIComponent(deck.id)}`} className="link-button">
            Study this chapter
          </Link>
        )}
      </p>
      <ChapterReadinessPanel deckId={deck.id} chapter={deck.chapter} />
      <PacingControl deckId={deck.id} />

      {deck.focus && (
        <>
          <h2>Focus</h2>
          <Markdown source={deck.focus} />
        </>
      )}
      {deck.overview && (
        <>
          <h2>Overview</h2>
          <Markdown source={deck.overview} />
        </>
      )}
      {deck.estimatedTime.length > 0 && (
        <>
          <h2>Estimated time</h2>
          <ul>
            {deck.estimatedTime.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </>
      )}
      {deck.objectives.length > 0 && (
        <>
          <h2>Learning objectives</h2>
          <ol>
            {deck.objectives.map((o) => (
              <li key={o}>
                <Markdown source={o} />
              </li>
            ))}
          </ol>
        </>
      )}
      {(deck.exercises.items.length > 0 || deck.exercises.folder) && (
        <>
          <h2>Exercises</h2>
          {deck.exercises.folder && <p className="muted">In {deck.exercises.folder}</p>}
          <ul>
            {deck.exercises.items.map((e) => (
              <li key={e}>
                <Markdown source={e} />
              </li>
            ))}
          </ul>
        </>
      )}
      {deck.related.length > 0 && (
        <>
          <h2>Related chapters</h2>
          <ul>
            {deck.related.map((r) => (
              <li key={r.target}>
                {r.deckId ? (
                  <Link to={`/decks/${encodeURIComponent(r.deckId)}`}>{r.title}</Link>
                ) : (
                  <span>
                    {r.title} <span className="muted">(not in this course yet)</span>
                  </span>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      <ChapterGraphSection deckId={deck.id} />
      {deck.reading.length > 0 && (
        <>
          <h2>Reading</h2>
          <ul>
            {deck.reading.map((r) => (
              <li key={`${r.title}-${r.author ?? ''}`}>
                {r.title}
                {r.author ? ` — ${r.author}` : ''}
              </li>
            ))}
          </ul>
        </>
      )}

      <h2>Cards ({cards.length})</h2>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">The chapter's cards with their state</caption>
          <thead>
            <tr>
              <th scope="col">Card</th>
              <th scope="col">Kind</th>
              <th scope="col">State</th>
              <th scope="col">Due</th>
              <th scope="col" className="num">
                Recall now
              </th>
            </tr>
          </thead>
          <tbody>
            {cards.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link to={`/browse/${encodeURIComponent(c.id)}`}>{snippet(c.front) || c.id}</Link>
                </td>
                <td>{KIND_LABEL[c.kind]}</td>
                <td>{stateLabel(c, c.buried)}</td>
                <td>{dueLabel(c)}</td>
                <td className="num">{c.memory.phase === 'new' ? '—' : formatPercent(c.retrievability)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </article>
  );
}
