import { useEffect, useState } from 'react';
import { RouterProvider, type createBrowserRouter } from 'react-router-dom';
import { AppEnvProvider, type AppEnv } from '../features/common/app-context';
import { SyncStatusContext, type SyncStatus } from '../features/common/sync-status';

type Router = ReturnType<typeof createBrowserRouter>;

// One start-up sync per environment, even when StrictMode mounts the app twice.
const syncs = new WeakMap<AppEnv, Promise<SyncStatus>>();

/** Run the shipped-deck sync once for `env`; failures become a status message, never a lost card or review. */
export function startDeckSync(env: AppEnv): Promise<SyncStatus> {
  let running = syncs.get(env);
  if (!running) {
    // Loaded on demand: the sync's deck validation (zod) stays out of the first screen's JS.
    running = import('../services/sync')
      .then(({ syncDecks }) =>
        syncDecks(env.db, env.fetchJson, Date.now(), { baseUrl: env.baseUrl }),
      )
      .then(
        (report): SyncStatus =>
          report.errors.length
            ? {
                state: 'error',
                message: report.errors.map((e) => `${e.deckId}: ${e.message}`).join(' '),
              }
            : { state: 'done', message: 'Decks up to date.' },
        (error: unknown): SyncStatus => ({
          state: 'error',
          message: error instanceof Error ? error.message : String(error),
        }),
      );
    syncs.set(env, running);
  }
  return running;
}

/** The app: environment, start-up deck sync, and the router. */
export function App({ env, router }: { env: AppEnv; router: Router }) {
  const [sync, setSync] = useState<SyncStatus>({ state: 'syncing' });
  useEffect(() => {
    let live = true;
    void startDeckSync(env).then((status) => {
      if (live) setSync(status);
    });
    return () => {
      live = false;
    };
  }, [env]);
  return (
    <AppEnvProvider env={env}>
      <SyncStatusContext.Provider value={sync}>
        <RouterProvider router={router} />
      </SyncStatusContext.Provider>
    </AppEnvProvider>
  );
}
