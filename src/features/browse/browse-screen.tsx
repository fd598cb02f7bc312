import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { browseCards, listDecks } from '../../services';
import { Button } from '../../ui/button';
import { Notice } from '../../ui/notice';
import { useDb } from '../common/app-context';
import { dueLabel, formatPercent, KIND_LABEL, snippet, stateLabel } from '../common/format';
import { BROWSE_KINDS, BROWSE_STATES, queryFromParams } from './browse-query';
import { CardActions } from './card-actions';

const PAGE = 100;

/** `/browse`: search every card by text, deck, kind, state, due and lapses; suspend, unsuspend or reset them. */
export function BrowseScreen() {
  const db = useDb();
  const [params, setParams] = useSearchParams();
  const [limit, setLimit] = useState(PAGE);
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  // Typed fields answer from local state at once; the address bar follows (it updates asynchronously).
  const [text, setText] = useState(() => params.get('q') ?? '');
  const [lapses, setLapses] = useState(() => params.get('lapses') ?? '');
  const effective = new URLSearchParams(params);
  effective.set('q', text);
  effective.set('lapses', lapses);
  const query = queryFromParams(effective);
  const key = JSON.stringify(query);
  const decks = useLiveQuery(() => listDecks(db, { includeRetired: true }), [db]);
  const result = useLiveQuery(
    () => browseCards(db, { ...query, limit }, Date.now()),
    // The query object is rebuilt each render; its JSON is the stable dependency.
    [db, key, limit],
  );
  const ids = {
    q: useId(),
    deck: useId(),
    kind: useId(),
    state: useId(),
    due: useId(),
    lapses: useId(),
  };

  const setParam = (name: string, value: string) => {
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );
    setLimit(PAGE);
  };

  return (
    <section aria-labelledby="browse-title">
      <h1 id="browse-title">Browse</h1>
      <form
        className="filters"
        role="search"
        aria-label="Filter cards"
        onSubmit={(e) => e.preventDefault()}
      >
        <div className="field">
          <label htmlFor={ids.q}>Search text</label>
          <input
            id={ids.q}
            type="search"
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setParam('q', e.target.value);
            }}
            placeholder="Front, back or section"
          />
        </div>
        <div className="field">
          <label htmlFor={ids.deck}>Deck</label>
          <select
            id={ids.deck}
            value={params.get('deck') ?? ''}
            onChange={(e) => setParam('deck', e.target.value)}
          >
            <option value="">All decks</option>
            {(decks ?? []).map((d) => (
              <option key={d.id} value={d.id}>
                {d.course} {d.chapter}: {d.title}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.kind}>Kind</label>
          <select
            id={ids.kind}
            value={params.get('kind') ?? ''}
            onChange={(e) => setParam('kind', e.target.value)}
          >
            <option value="">Any kind</option>
            {BROWSE_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABEL[k]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.state}>State</label>
          <select
            id={ids.state}
            value={params.get('state') ?? ''}
            onChange={(e) => setParam('state', e.target.value)}
          >
            <option value="">Any state</option>
            {BROWSE_STATES.map((s) => (
              <option key={s} value={s}>
                {s[0]?.toUpperCase()}
                {s.slice(1)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.due}>Due</label>
          <select
            id={ids.due}
            value={params.get('due') ?? ''}
            onChange={(e) => setParam('due', e.target.value)}
          >
            <option value="">Any time</option>
            <option value="today">Due today</option>
            <option value="overdue">Overdue</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.lapses}>At least this many lapses</label>
          <input
            id={ids.lapses}
            type="number"
            min={0}
            step={1}
            inputMode="numeric"
            value={lapses}
            onChange={(e) => {
              setLapses(e.target.value);
              setParam('lapses', e.target.value);
            }}
          />
        </div>
      </form>
      {message && <Notice tone={message.tone}>{message.text}</Notice>}
      {!result ? (
        <p role="status">Searching…</p>
      ) : (
        <>
          <p role="status">
            {result.total} {result.total === 1 ? 'card' : 'cards'} found
            {result.total > result.rows.length ? `, showing the first ${result.rows.length}` : ''}.
          </p>
          {result.rows.length > 0 && (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">Cards matching the filters</caption>
                <thead>
                  <tr>
                    <th scope="col">Card</th>
                    <th scope="col">Deck</th>
                    <th scope="col">Kind</th>
                    <th scope="col">State</th>
                    <th scope="col">Due</th>
                    <th scope="col" className="num">
                      Lapses
                    </th>
                    <th scope="col" className="num">
                      Recall now
                    </th>
                    <th scope="col">Actions</th>
                  </tr>
                </thead>
                <tbody>
                  {result.rows.map((c) => {
                    const label = snippet(c.front, 60) || c.id;
                    return (
                      <tr key={c.id}>
                        <td>
                          <Link to={`/browse/${encodeURIComponent(c.id)}`}>{label}</Link>
                        </td>
                        <td>
                          {c.chapter}. {c.deckTitle}
                        </td>
                        <td>{KIND_LABEL[c.kind]}</td>
                        <td>{stateLabel(c, c.buried)}</td>
                        <td>{dueLabel(c)}</td>
                        <td className="num">{c.memory.lapses}</td>
                        <td className="num">
                          {c.memory.phase === 'new' ? '—' : formatPercent(c.retrievability)}
                        </td>
                        <td>
                          <CardActions
                            card={c}
                            label={label}
                            onDone={(text) => setMessage({ tone: 'success', text })}
                            onError={(text) => setMessage({ tone: 'error', text })}
                          />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          {result.total > result.rows.length && (
            <Button onClick={() => setLimit((l) => l + PAGE)}>Show more cards</Button>
          )}
        </>
      )}
    </section>
  );
}
