import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { cardInfo, formatInterval, type ReviewLogEntry } from '../../services';
import { Markdown } from '../../ui/markdown';
import { Notice } from '../../ui/notice';
import { Stat } from '../../ui/stat';
import { useDb } from '../common/app-context';
import {
  dueLabel,
  formatDateTime,
  formatPercent,
  KIND_LABEL,
  snippet,
  stateLabel,
} from '../common/format';
import { obsidianUrl } from '../common/obsidian-link';
import { CardActions } from './card-actions';

const RATING: Record<ReviewLogEntry['rating'], string> = {
  0: 'Reset',
  1: 'Again',
  2: 'Hard',
  3: 'Good',
  4: 'Easy',
};

/** `/browse/:cardId`: one card, its memory state now and every answer in its review log. */
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
  const { card, deck, history } = info;
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
      <dl className="stats">
        <Stat label="State" value={stateLabel(card, info.buried)} />
        <Stat label="Due" value={dueLabel(card)} />
        <Stat
          label="Recall now"
          value={m.phase === 'new' ? '—' : formatPercent(info.retrievability)}
        />
        <Stat
          label="Stability"
          value={m.phase === 'new' ? '—' : `${m.stability.toFixed(1)} days`}
        />
        <Stat label="Difficulty" value={m.phase === 'new' ? '—' : m.difficulty.toFixed(1)} />
        <Stat label="Reviews" value={m.reps} />
        <Stat label="Lapses" value={m.lapses} />
      </dl>
      <h2>Review history</h2>
      {history.length === 0 ? (
        <p>Not reviewed yet.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Every answer to this card, oldest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Answer</th>
                <th scope="col">Kind</th>
                <th scope="col" className="num">
                  Time taken
                </th>
                <th scope="col" className="num">
                  Next interval
                </th>
                <th scope="col" className="num">
                  Stability
                </th>
                <th scope="col" className="num">
                  Difficulty
                </th>
              </tr>
            </thead>
            <tbody>
              {history.map((row) => (
                <tr key={row.id}>
                  <td>{formatDateTime(row.reviewedAt)}</td>
                  <td>{RATING[row.rating]}</td>
                  <td>
                    {row.kind === 'quiz' ? 'Quiz' : row.kind === 'reset' ? 'Reset' : 'Review'}
                  </td>
                  <td className="num">{Math.round(row.durationMs / 1000)} s</td>
                  <td className="num">
                    {formatInterval(Math.max(0, row.after.due - row.reviewedAt))}
                  </td>
                  <td className="num">
                    {row.after.phase === 'new' ? '—' : row.after.stability.toFixed(2)}
                  </td>
                  <td className="num">
                    {row.after.phase === 'new' ? '—' : row.after.difficulty.toFixed(2)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {info.undone.length > 0 && (
        <p className="muted">
          {info.undone.length} {info.undone.length === 1 ? 'answer was' : 'answers were'} undone.
        </p>
      )}
    </article>
  );
}
