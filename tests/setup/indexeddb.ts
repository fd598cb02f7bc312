// A real (in-memory) IndexedDB for every test file, and a brand-new one for every test: no test sees another's data.
import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach } from 'vitest';

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  globalThis.IDBKeyRange = IDBKeyRange;
});

// Dexie captures the IndexedDB factory when it loads; point it at the fresh one too.
import Dexie from 'dexie';
beforeEach(() => {
  Dexie.dependencies.indexedDB = globalThis.indexedDB;
  Dexie.dependencies.IDBKeyRange = globalThis.IDBKeyRange;
});
