import { useLiveQuery } from 'dexie-react-hooks';
import { lazy, Suspense, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { cardInfo } from '../../services';
import { Markdown } from '../../ui/markdown';
import { Notice } from '../../ui/notice';
import { Stat } from '../../ui/stat';
import { useDb } from '../common/app-context';
import { KIND_LABEL, snippet, stateLabel } from '../common/format';
import { obsidianUrl } from '../common/obsidian-link';
import { CardActions } from './card-actions';

// The history table and the forgetting curve (charts) load with the card, not with Browse's chunk.
const CardStats = lazy(() => import('../stats/card-stats').then((m) => ({ default: m.CardStats })));

/**
 * `/browse/:cardId`: one card, its memory state now, every answer in its review log (with D, S, R after each) and
 * its forgetting curve.
 */
export function CardInfoScreen() {
  const { cardId = '' } = useParams();
  const db = useDb();
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const info = useLiveQuery(() => cardInfo(db, cardId, Date.now()), [db, cardId]);

  if (info === undefined) return <p role="status">Loading the card…</p>;
  if (info === null) {
    return (
      <section aria-labelledby="card-title">
        <h1 id="card-title">Card not found</h1>
        <p>
          There is no card “{cardId}”. <Link to="/browse">Back to Browse</Link>.
        </p>
      </section>
    );
  }
  const { card, deck } = info;
  const m = card.memory;
  const label = snippet(card.front, 60) || card.id;
  const url = obsidianUrl(deck?.vault, card.source.file);

  return (
    <article aria-labelledby="card-title">
      <p className="muted">
        <Link to="/browse">Browse</Link> ›{' '}
        <Link to={`/decks/${encodeURIComponent(card.deckId)}`}>
          Chapter {card.chapter}
          {deck ? `: ${deck.title}` : ''}
        </Link>{' '}
        › {card.section}
      </p>
      <h1 id="card-title">Card info</h1>
      {card.leech && (
        <Notice tone="warning">
          This card is a leech: it lapsed {m.lapses} times. Consider rewriting it in your notes.
        </Notice>
      )}
      {message && <Notice tone={message.tone}>{message.text}</Notice>}
      <div className="review__card">
        <h2 className="visually-hidden">Front</h2>
        <Markdown source={card.front} />
        <hr className="review__divider" />
        <h2 className="visually-hidden">Back</h2>
        {card.back.trim() ? (
          <Markdown source={card.back} />
        ) : (
          <p className="muted">No answer written.</p>
        )}
      </div>
      <p className="review__source">
        {KIND_LABEL[card.kind]} · Source: {card.source.file}, line {card.source.line}
        {url && (
          <>
            {' · '}
            <a href={url}>Open in Obsidian</a>
          </>
        )}
      </p>
      <CardActions
        card={card}
        label={label}
        onDone={(text) => setMessage({ tone: 'success', text })}
        onError={(text) => setMessage({ tone: 'error', text })}
      />
      <h2>Memory</h2>
      {/* Memory now, the review history with D, S and R after each answer, and the forgetting curve (issue 6). */}
      <Suspense fallback={<p role="status">Loading the card's history…</p>}>
        <CardStats
          cardId={card.id}
          extraStats={<Stat label="State" value={stateLabel(card, info.buried)} />}
        />
      </Suspense>
      {info.undone.length > 0 && (
        <p className="muted">
          {info.undone.length} {info.undone.length === 1 ? 'answer was' : 'answers were'} undone.
        </p>
      )}
    </article>
  );
}
