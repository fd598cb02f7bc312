import { useSyncExternalStore } from 'react';
import { useLocation } from 'react-router-dom';
import { Button } from '../../ui/button';
import { Notice } from '../../ui/notice';
import { applyUpdate, getUpdateState, subscribeToUpdates } from './update-store';

/** True on the review screens, where an update waits so a session is never interrupted. */
export function isReviewPath(pathname: string): boolean {
  return /^\/review(\/|$)/.test(pathname);
}

/**
 * "New version available" with a Reload button. Nothing reloads until the learner clicks; during a review the banner
 * stays hidden and appears once the learner leaves the review screen.
 */
export function UpdateBanner() {
  const { needRefresh } = useSyncExternalStore(subscribeToUpdates, getUpdateState, getUpdateState);
  const { pathname } = useLocation();
  if (!needRefresh || isReviewPath(pathname)) return null;
  return (
    <div className="update-banner">
      <Notice tone="info">
        New version available.{' '}
        <Button variant="primary" onClick={() => void applyUpdate()}>
          Reload
        </Button>
      </Notice>
    </div>
  );
}
