import { createContext, useContext } from 'react';

/** Progress of the start-up deck sync, shown in the app shell. */
export type SyncStatus =
  { state: 'syncing' } | { state: 'done'; message: string } | { state: 'error'; message: string };

export const SyncStatusContext = createContext<SyncStatus>({ state: 'syncing' });

export function useSyncStatus(): SyncStatus {
  return useContext(SyncStatusContext);
}
