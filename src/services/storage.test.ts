import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  getStorageInfo,
  guardStorageWrite,
  isQuotaExceeded,
  PERSIST_ASKED_KEY,
  requestPersistentStorage,
  STORAGE_FULL_MESSAGE,
  StorageFullError,
  type StorageApi,
} from './storage';

/** A StorageManager with fixed answers that counts persist() calls (Node has no navigator.storage). */
function fakeStorage(persisted: boolean, grant = true) {
  const calls = { persist: 0 };
  const storage: StorageApi = {
    persisted: async () => persisted,
    persist: async () => {
      calls.persist++;
      return grant;
    },
    estimate: async () => ({ usage: 2048, quota: 10 * 1024 * 1024 }),
  };
  return { storage, calls };
}

function memoryMarks() {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
  };
}

describe('storage info', () => {
  it('reports persisted, usage and quota from the storage manager', async () => {
    const { storage } = fakeStorage(true);
    expect(await getStorageInfo(storage)).toEqual({
      persisted: true,
      usage: 2048,
      quota: 10 * 1024 * 1024,
    });
  });

  it('reports unknown figures as null when the browser has no storage manager', async () => {
    expect(await getStorageInfo(undefined)).toEqual({ persisted: null, usage: null, quota: null });
  });

  it('formats sizes for people', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2048)).toBe('2.0 KB');
    expect(formatBytes(5.5 * 1024 * 1024)).toBe('5.5 MB');
  });
});

describe('asking for persistent storage', () => {
  it('asks the browser once and remembers that it asked', async () => {
    const { storage, calls } = fakeStorage(false, false);
    const marks = memoryMarks();
    expect(await requestPersistentStorage(storage, marks)).toBe(false);
    expect(marks.getItem(PERSIST_ASKED_KEY)).not.toBeNull();
    expect(await requestPersistentStorage(storage, marks)).toBe(false);
    expect(calls.persist).toBe(1);
  });

  it('does not ask when storage is already persisted', async () => {
    const { storage, calls } = fakeStorage(true);
    expect(await requestPersistentStorage(storage, memoryMarks())).toBe(true);
    expect(calls.persist).toBe(0);
  });

  it('returns what the browser granted', async () => {
    const { storage } = fakeStorage(false, true);
    expect(await requestPersistentStorage(storage, memoryMarks())).toBe(true);
  });
});

describe('quota errors', () => {
  const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError');

  it('recognises a QuotaExceededError DOMException', () => {
    expect(isQuotaExceeded(quota)).toBe(true);
  });

  it('recognises a quota error wrapped in an AbortError, as Dexie reports an aborted transaction', () => {
    expect(isQuotaExceeded(new Dexie.AbortError('Transaction aborted', quota))).toBe(true);
    expect(isQuotaExceeded(new Error('aborted', { cause: quota }))).toBe(true);
  });

  it('does not mistake other failures for a full disk', () => {
    expect(isQuotaExceeded(new Dexie.AbortError('Transaction aborted'))).toBe(false);
    expect(isQuotaExceeded(new DOMException('x', 'ConstraintError'))).toBe(false);
    expect(isQuotaExceeded('QuotaExceededError')).toBe(false);
    expect(isQuotaExceeded(null)).toBe(false);
  });

  it('turns a quota failure into a clear message and lets other errors through', async () => {
    const full = guardStorageWrite(() => Promise.reject(new Dexie.AbortError('aborted', quota)));
    await expect(full).rejects.toBeInstanceOf(StorageFullError);
    await expect(full).rejects.toThrow(STORAGE_FULL_MESSAGE);
    const other = new Error('card changed');
    await expect(guardStorageWrite(() => Promise.reject(other))).rejects.toBe(other);
    expect(await guardStorageWrite(async () => 7)).toBe(7);
  });

  it('keeps what was saved before when a transaction aborts on a full disk', async () => {
    const db = new Dexie('quota-test');
    db.version(1).stores({ log: 'id' });
    await db.table('log').put({ id: 'saved' });
    const write = guardStorageWrite(() =>
      db.transaction('rw', db.table('log'), async (tx) => {
        await tx.table('log').put({ id: 'new' });
        // What the browser does when the commit does not fit: the transaction aborts with a quota error.
        throw quota;
      }),
    );
    await expect(write).rejects.toBeInstanceOf(StorageFullError);
    expect(await db.table('log').toCollection().primaryKeys()).toEqual(['saved']);
    db.close();
  });
});
