/**
 * The browser storage the app lives in: persistence (so the browser does not evict a learner's history under
 * storage pressure), usage and quota for Settings, and what a full disk means for a write.
 *
 * Functions take the `StorageManager` as a parameter (default: the browser's), so they run anywhere.
 */

export type StorageInfo = {
  /** Whether the browser promised not to evict this origin's data; null when the browser cannot tell. */
  persisted: boolean | null;
  /** Bytes used by this origin, and the most it may use; null when the browser cannot tell. */
  usage: number | null;
  quota: number | null;
};

/** The part of `navigator.storage` used here; absent in old browsers and insecure contexts. */
export type StorageApi = Pick<StorageManager, 'persist' | 'persisted' | 'estimate'>;

function browserStorage(): StorageApi | undefined {
  return typeof navigator === 'undefined' ? undefined : navigator.storage;
}

/** Persisted, usage and quota, for Settings. Never throws: an unknown figure is null. */
export async function getStorageInfo(storage = browserStorage()): Promise<StorageInfo> {
  if (!storage) return { persisted: null, usage: null, quota: null };
  const [persisted, estimate] = await Promise.all([
    storage.persisted().catch(() => null),
    storage.estimate().catch(() => null),
  ]);
  return { persisted, usage: estimate?.usage ?? null, quota: estimate?.quota ?? null };
}

/** Where the "already asked" mark is kept, so the browser is asked once, after the first review session. */
export const PERSIST_ASKED_KEY = 'coursedeck.persist-asked';

/**
 * Asks the browser to keep this origin's storage (`navigator.storage.persist()`), once: after the learner's first
 * review session, when there is a history worth keeping (Chrome decides silently from engagement; Firefox asks the
 * learner, which is why it is not asked on the first visit). Returns whether storage is persisted (null: unknown).
 */
export async function requestPersistentStorage(
  storage = browserStorage(),
  marks: Pick<Storage, 'getItem' | 'setItem'> | undefined = globalThis.localStorage,
): Promise<boolean | null> {
  if (!storage) return null;
  if (await storage.persisted().catch(() => false)) return true;
  if (marks?.getItem(PERSIST_ASKED_KEY)) return false;
  marks?.setItem(PERSIST_ASKED_KEY, new Date().toISOString());
  return storage.persist().catch(() => false);
}

/** What the learner reads when the device has no room left for a write. */
export const STORAGE_FULL_MESSAGE =
  'Your device has no storage space left for Coursedeck, so this change was not saved. ' +
  'Everything saved before is safe. Free some space (or export a backup), then try again.';

type ErrorLike = { name?: unknown; inner?: unknown; cause?: unknown };

/**
 * True when `error` is a quota error: a `QuotaExceededError` DOMException, or an `AbortError` (IndexedDB aborts the
 * transaction, Dexie reports `AbortError`) whose inner error or cause is one. An aborted transaction writes nothing,
 * so nothing saved before is touched.
 */
export function isQuotaExceeded(error: unknown, depth = 0): boolean {
  if (depth > 5 || typeof error !== 'object' || error === null) return false;
  const { name, inner, cause } = error as ErrorLike;
  if (name === 'QuotaExceededError') return true;
  // DOMException's legacy code 22 is QUOTA_EXCEEDED_ERR (older Safari names it differently).
  if ((error as { code?: unknown }).code === 22) return true;
  return isQuotaExceeded(inner, depth + 1) || isQuotaExceeded(cause, depth + 1);
}

/** A write refused because storage is full; `message` is meant for the learner. */
export class StorageFullError extends Error {
  override name = 'StorageFullError';
  constructor(cause: unknown) {
    super(STORAGE_FULL_MESSAGE, { cause });
  }
}

/** Runs a write and turns a quota failure into a {@link StorageFullError}; other errors pass through. */
export async function guardStorageWrite<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isQuotaExceeded(error)) throw new StorageFullError(error);
    throw error;
  }
}

/** A short human size: 1 decimal for KB/MB/GB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
