import { useEffect, useRef, useState } from 'react';
import { useLocation } from 'react-router-dom';
import type { CoursedeckDb } from '../../services';
import { requestPersistentStorage } from '../../services/storage';
import { primeOptimizerAfterSession } from '../../workers/prime';
import { useDb } from '../../features/common/app-context';
import { Button } from '../../ui/button';
import { Notice } from '../../ui/notice';
import { isReviewPath, UpdateBanner } from './update-banner';

/**
 * When another tab opens a newer version of the database (an update it already reloaded into), this tab's connection
 * would block that upgrade and its old code must not write into the new schema: close the connection and ask the
 * learner to reload. Answers already given are saved (each was its own committed transaction).
 */
export function useDatabaseUpgradedElsewhere(db: CoursedeckDb): boolean {
  const [upgraded, setUpgraded] = useState(false);
  useEffect(() => {
    const onVersionChange = () => {
      // Dexie's own listener closes too, but would reopen on the next query; this tab must stay closed.
      db.close({ disableAutoOpen: true });
      setUpgraded(true);
    };
    db.on('versionchange', onVersionChange);
    return () => db.on('versionchange').unsubscribe(onVersionChange);
  }, [db]);
  return upgraded;
}

/**
 * When the learner leaves the review screen (a review session ended): asks for persistent storage after the first
 * session with at least one answer in the log (asked once; see `requestPersistentStorage`), and primes the optimizer
 * at the next idle moment (once per optimizer build, large logs only; see `primeOptimizerAfterSession`).
 */
function useAfterReviewSession(db: CoursedeckDb, pathname: string): void {
  const wasReviewing = useRef(isReviewPath(pathname));
  useEffect(() => {
    const reviewing = isReviewPath(pathname);
    if (wasReviewing.current && !reviewing) {
      void db.reviewLog
        .limit(1)
        .count()
        .then((answers) => (answers > 0 ? requestPersistentStorage() : null))
        .catch(() => undefined);
      primeOptimizerAfterSession(db);
    }
    wasReviewing.current = reviewing;
  }, [db, pathname]);
}

/** App-wide notices of the installable app: a waiting update, a database upgraded by another tab. */
export function PwaNotices() {
  const db = useDb();
  const { pathname } = useLocation();
  const upgradedElsewhere = useDatabaseUpgradedElsewhere(db);
  useAfterReviewSession(db, pathname);
  if (upgradedElsewhere) {
    return (
      <div className="update-banner">
        <Notice tone="warning">
          Coursedeck was updated in another tab. Reload this tab to go on; your answers are saved.{' '}
          <Button variant="primary" onClick={() => window.location.reload()}>
            Reload
          </Button>
        </Notice>
      </div>
    );
  }
  return <UpdateBanner />;
}
