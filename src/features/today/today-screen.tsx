import { useLiveQuery } from 'dexie-react-hooks';
import { Link } from 'react-router-dom';
import { getTodayCounts, type TodayCounts as TodayCountsResult } from '../../services';
import { CountBadge } from '../../ui/count-badge';
import { Stat } from '../../ui/stat';
import { useDb } from '../common/app-context';
import { TodayReadiness } from '../quiz/readiness';
import { ExportReminderNotice } from './export-reminder';
import './today.css';

/** `/`: what is due today per deck, "Study now", reviews done today and the streak. */
export function TodayScreen() {
  const db = useDb();
  // Re-runs whenever cards, decks or the review log change (an answer, a sync, an undo).
  const today = useLiveQuery(() => getTodayCounts(db, Date.now()), [db]);

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
          <TodayReadiness />
        </>
      )}
    </>
  );
}
