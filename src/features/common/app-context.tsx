import { createContext, useContext, type ReactNode } from 'react';
import type { CoursedeckDb } from '../../services';
import type { SnapshotStorage } from '../../services/today-snapshot';

/** What the screens need from the outside world; tests swap the fetcher and the reveal guard. */
export type AppEnv = {
  db: CoursedeckDb;
  /** Fetches a URL and returns its parsed JSON (deck sync). */
  fetchJson: (url: string) => Promise<unknown>;
  /** Vite's `import.meta.env.BASE_URL` (ends in `/`), where `decks/index.json` lives. */
  baseUrl: string;
  /**
   * How long the answer buttons ignore input after the answer is revealed, so one double tap cannot reveal and
   * grade at once. Default 300 ms.
   */
  revealGuardMs?: number;
  /**
   * Where Today's last counts are kept for the next cold start (localStorage in the app; tests may pass a fake).
   * Without it Today waits for the database.
   */
  snapshotStorage?: SnapshotStorage;
};

const AppEnvContext = createContext<AppEnv | null>(null);

export function AppEnvProvider({ env, children }: { env: AppEnv; children: ReactNode }) {
  return <AppEnvContext.Provider value={env}>{children}</AppEnvContext.Provider>;
}

/** The app's environment; every screen is rendered inside {@link AppEnvProvider}. */
export function useAppEnv(): AppEnv {
  const env = useContext(AppEnvContext);
  if (!env) throw new Error('useAppEnv: render inside <AppEnvProvider>');
  return env;
}

/** The database, for `useLiveQuery` and service calls. */
export function useDb(): CoursedeckDb {
  return useAppEnv().db;
}
