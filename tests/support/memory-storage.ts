import type { SnapshotStorage } from '../../src/services/today-snapshot';

/** localStorage's part that the snapshot uses, in memory: what the tests inspect and clear. */
export class MemoryStorage implements SnapshotStorage {
  readonly items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
}
