// Before anything else: no eval under the CSP (see the module).
import './pwa/no-eval';
import './global.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter } from 'react-router-dom';
// The schema module only, not the services index: the index re-exports every use-case (backup, optimizer, sync with
// its validation), which would all load before the first screen.
import { openDatabase } from '../db/schema';
import { keepTodaySnapshot, readTodaySnapshot } from '../services/today-snapshot';
import type { AppEnv } from '../features/common/app-context';
import { App } from './app';
import { routes } from './routes';
import { registerServiceWorker } from './pwa/register-service-worker';
import { startBackupSafetyAtStartUp } from './backup-safety';
import { startAppBadge } from './app-badge';
import { primeOptimizerWhenQuiet } from './optimizer-priming';

performance.mark('coursedeck:script');

const baseUrl = import.meta.env.BASE_URL;
// The router wants the base without its trailing slash ("/sub"), and "/" for the root.
const basename = baseUrl.length > 1 ? baseUrl.replace(/\/$/, '') : '/';

/** localStorage, unless the browser refuses it (some privacy settings throw on access). */
function browserStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}
const storage = browserStorage();

const env: AppEnv = {
  db: openDatabase(),
  snapshotStorage: storage,
  // The deck sync's module is loaded on demand (see startDeckSync), and with it the fetcher.
  fetchJson: (url) => import('../services/sync').then(({ fetchJson }) => fetchJson(url)),
  baseUrl,
};
const router = createBrowserRouter(routes, { basename });

// Offline support and updates (a new version waits for the learner's Reload; see src/app/pwa/).
registerServiceWorker();

const root = document.getElementById('root');
// Automatic local snapshots (issue 7; see backup-safety.ts), of this same database instance. Nothing may touch the
// database before `ready`: when a schema upgrade is pending, a copy of the data is kept first (the learner is told
// why the app waits); otherwise `ready` comes at once and the backup code loads when the browser is idle.
// Today's counts kept for the next cold start, dropped on every write (see services/today-snapshot.ts): watching
// starts before anything can write.
if (storage) keepTodaySnapshot(env.db, storage);
const backup = startBackupSafetyAtStartUp(env.db, {
  versionNote: storage,
  onUpgradeSnapshot: () => {
    const note = document.createElement('p');
    note.setAttribute('role', 'status');
    note.textContent = 'Keeping a copy of your data before the update…';
    root?.replaceChildren(note);
  },
});
/**
 * Resolves just after the browser's next paint. The start-up text of index.html is painted before React replaces it,
 * even when the app's script is already cached and runs before the first paint would have happened: the page shows
 * something at once, and that text stays the page's largest paint (LCP) instead of Today's intro painted later.
 */
function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestAnimationFrame !== 'function') return resolve();
    requestAnimationFrame(() => setTimeout(resolve, 0));
  });
}

// With Today's counts kept from the last visit there is something real to show: render at once. Otherwise (a first
// visit, or a write just before the app closed) the start-up text is painted first.
const kept = storage ? readTodaySnapshot(env.db, storage, Date.now()) !== null : false;
void Promise.all([backup.ready, kept ? undefined : afterNextPaint()]).then(() => {
  // User Timing marks name the start-up's steps for the browser benchmark (bench/browser.bench.ts) and DevTools.
  performance.mark('coursedeck:ready');
  // Cards due today on the home-screen icon, where the platform has a badge (see app-badge.ts).
  startAppBadge({ db: env.db });
  // A browser that no review session has primed yet (a first visit, a restored backup, a new device, a deploy that
  // changed the optimizer) is primed at the first quiet minute, so a first fit soon after is warm (optimizer-priming.ts).
  primeOptimizerWhenQuiet(env.db);
  if (root) {
    createRoot(root).render(
      <StrictMode>
        <App env={env} router={router} />
      </StrictMode>,
    );
  }
});
