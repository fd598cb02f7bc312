/**
 * The service worker's update state, as a tiny external store for React (`useSyncExternalStore`).
 * Kept apart from the registration (register-service-worker.ts imports `virtual:pwa-register`, which exists only in
 * a Vite build), so the banner renders in unit tests and in dev with no service worker at all.
 */
export type UpdateState = {
  /** A new version is installed and waiting; it takes over only when the learner clicks Reload. */
  needRefresh: boolean;
  /** The app shell and decks are cached: the app works with no network from now on. */
  offlineReady: boolean;
};

type Listener = () => void;

let state: UpdateState = { needRefresh: false, offlineReady: false };
const listeners = new Set<Listener>();
let activate: (() => Promise<void>) | null = null;

export function getUpdateState(): UpdateState {
  return state;
}

export function subscribeToUpdates(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function setUpdateState(patch: Partial<UpdateState>): void {
  state = { ...state, ...patch };
  for (const listener of listeners) listener();
}

/** The registration hands over how to activate the waiting worker (skipWaiting, then reload once it controls). */
export function setUpdateActivator(run: () => Promise<void>): void {
  activate = run;
}

/** Called by the Reload button only: the one way the app reloads itself for an update. */
export async function applyUpdate(): Promise<void> {
  if (activate) await activate();
  else window.location.reload();
}
