import { useLiveQuery } from 'dexie-react-hooks';
import { lazy, Suspense, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
// The snapshot module and types only: Today is part of the first screen's JS, and the counting code, the services
// index and the readiness code load on demand.
import type { TodayCounts as TodayCountsResult } from '../../services/today';
import { prepareFirstCard } from '../../services/prepared-card';
import {
  countTodayWithSnapshot,
  loadTodayCounter,
  readTodaySnapshot,
  snapshotFirstCard,
  type TodayCounter,
} from '../../services/today-snapshot';
import { CountBadge } from '../../ui/count-badge';
import { Stat } from '../../ui/stat';
import { useAppEnv } from '../common/app-context';
import { ExportReminderNotice } from './export-reminder';
import { ReadinessPending } from './readiness-pending';
import './today.css';

const TodayReadiness = lazy(() =>
  import('../quiz/readiness').then((m) => ({ default: m.TodayReadiness })),
);

/**
 * `/`: what is due today per deck, "Study now", reviews done today and the streak. A cold start paints the counts
 * kept from the last visit (exact until the database is written or the study day ends: services/today-snapshot.ts)
 * while the database opens; the live counts replace them.
 */
export function TodayScreen() {
  const { db, snapshotStorage } = useAppEnv();
  const [snapshot] = useState(() =>
    snapshotStorage ? readTodaySnapshot(db, snapshotStorage, Date.now()) : null,
  );
  // The counting code loads on demand, before the live query runs (which may await only database calls).
  const [count, setCount] = useState<{ fn: TodayCounter } | null>(null);
  useEffect(() => {
    let live = true;
    void loadTodayCounter().then((fn) => {
      if (live) setCount({ fn });
    });
    return () => {
      live = false;
    };
  }, []);
  // Re-runs whenever cards, decks or the review log change (an answer, a sync, an undo).
  const live = useLiveQuery(
    () =>
      count
        ? countTodayWithSnapshot(db, snapshotStorage, Date.now(), count.fn).then((counts) => {
            // A User Timing mark for the browser benchmark (bench/browser.bench.ts) and DevTools.
            performance.mark('coursedeck:today-counts');
            return counts;
          })
        : undefined,
    [db, snapshotStorage, count],
  );
  const today = live ?? snapshot;

  // With cards due, "Study now" is the likely next step: its screen's code and its first card are made ready now,
  // and the card is kept for the next cold start too.
  useEffect(() => {
    if (!live || live.total.new + live.total.learning + live.total.review === 0) return;
    const now = Date.now();
    const first = prepareFirstCard(db, now);
    if (snapshotStorage)
      snapshotFirstCard(db, snapshotStorage, now, live, first).catch(() => undefined);
    import('../review/review-screen').catch(() => undefined);
  }, [db, live, snapshotStorage]);

  // The heading and intro paint as soon as this screen's code is in, before the database answers, rather than a
  // loading line until the counts return (the late-painted readiness block used to be the page's largest content).
  return (
    <section aria-labelledby="today-title">
      <h1 id="today-title">Today</h1>
      <p className="today-intro">
        The cards due from each chapter of your course, scheduled so that you see each one again
        just before you would forget it. Study what is due, then see which chapters are ready for
        their exercises.
      </p>
      {today ? <TodayCounts today={today} /> : <p role="status">Loading today's cards…</p>}
    </section>
  );
}

/** Today's counts, decks and readiness, once the database has answered. */
function TodayCounts({ today }: { today: TodayCountsResult }) {
  const { total } = today;
  const due = total.new + total.learning + total.review;
  return (
    <>
      <dl className="stats">
        <Stat label="Due now" value={due} />
        <Stat label="Reviews done today" value={today.doneToday} />
        <Stat label="Streak" value={`${today.streak} ${today.streak === 1 ? 'day' : 'days'}`} />
      </dl>
      <ExportReminderNotice />
      {today.decks.length === 0 ? (
        <p>No decks yet. They are loaded from the course when the app starts.</p>
      ) : (
        <>
          <p className="actions">
            {due > 0 ? (
              <Link to="/review" className="link-button">
                Study now
              </Link>
            ) : (
              <span>Nothing is due right now. Well done — come back tomorrow.</span>
            )}
            <span className="counts" role="group" aria-label="Due in all decks">
              <CountBadge label="new" count={total.new} tone="new" />
              <CountBadge label="learning" count={total.learning} tone="learning" />
              <CountBadge label="review" count={total.review} tone="review" />
            </span>
          </p>
          <h2>Decks</h2>
          {/*
            At phone width the rows reflow (today.css): the chapter on a line of its own, its counts below under
            the column headings, so nothing scrolls sideways. The explicit roles keep it a table for screen readers
            in browsers that drop table semantics from table elements whose display changes.
          */}
          <table className="today-decks" role="table">
            <caption className="visually-hidden">Cards due today per deck</caption>
            <thead role="rowgroup">
              <tr role="row">
                <th scope="col" role="columnheader" className="today-decks__chapter">
                  Chapter
                </th>
                <th scope="col" role="columnheader" className="num">
                  New
                </th>
                <th scope="col" role="columnheader" className="num">
                  Learning
                </th>
                <th scope="col" role="columnheader" className="num">
                  Review
                </th>
                <th scope="col" role="columnheader">
                  <span className="visually-hidden">Study</span>
                </th>
              </tr>
            </thead>
            <tbody role="rowgroup">
              {today.decks.map((d) => {
                const deckDue = d.new + d.learning + d.review;
                return (
                  <tr key={d.deckId} role="row">
                    <th scope="row" role="rowheader">
                      <Link to={`/decks/${encodeURIComponent(d.deckId)}`}>
                        {d.chapter}. {d.title}
                      </Link>
                    </th>
                    <td role="cell" className="num">
                      {d.new}
                    </td>
                    <td role="cell" className="num">
                      {d.learning}
                    </td>
                    <td role="cell" className="num">
                      {d.review}
                    </td>
                    <td role="cell" className="today-decks__study">
                      {deckDue > 0 && (
                        <Link
                          to={`/review/${encodeURIComponent(d.deckId)}`}
                          aria-label={`Study chapter ${d.chapter}: ${d.title}`}
                        >
                          Study
                        </Link>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <Suspense fallback={<ReadinessPending />}>
            <TodayReadiness />
          </Suspense>
        </>
      )}
    </>
  );
}
