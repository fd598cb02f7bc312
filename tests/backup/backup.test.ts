import type Dexie from 'dexie';
import fc from 'fast-check';
import { gunzipSync, gzipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { compareLogEntries } from '../../src/domain/backup';
import type { MemoryState, ReviewLogEntry } from '../../src/domain/model';
import { newMemoryState, next } from '../../src/domain/scheduler';
import { DEFAULT_SETTINGS_DOC } from '../../src/domain/settings';
import {
  BackupError,
  checkDatabase,
  decodeBackup,
  encodeBackup,
  exportBackup,
  exportReminder,
  exportReviewLogCsv,
  listSnapshots,
  maybeTakePeriodicSnapshot,
  mergeBackup,
  readCollection,
  restoreBackup,
  restoreSnapshot,
} from '../../src/services/backup';
import { diverge, divergedArb, freshDevice, SCHEDULING, START } from '../support/collections';
import { dump, freshDb, seed } from './helpers';
import { fixDate } from '../support/fixed-date';

const NOW = Date.UTC(2029, 0, 1, 12);

fixDate(NOW);

const textArb = fc.string({ unit: 'binary', maxLength: 40 });

// IndexedDB work and fast-check runs: generous time on a loaded 2-core machine.
describe('export → wipe → restore', { timeout: 30_000 }, () => {
  it('gives back a deep-equal database for random collections', async () => {
    await fc.assert(
      fc.asyncProperty(divergedArb, textArb, textArb, async (spec, front, title) => {
        const { phone } = diverge(spec);
        const collection = phone.collection();
        collection.cards = collection.cards.map((c, i) =>
          i === 0 ? { ...c, front, suspended: true } : c,
        );
        collection.decks = collection.decks.map((d, i) =>
          i === 0 ? { ...d, title, focus: 'Why' } : d,
        );
        const db = freshDb();
        await seed(db, collection, {
          global: { ...DEFAULT_SETTINGS_DOC.global, desiredRetention: 0.85 },
          perCourse: { 'Test course': { newPerDay: 5 } },
        });
        if (front.length % 2 === 0) {
          await db.meta.put({
            key: 'chapterPacing',
            value: { 'test-01': 'studying', 'test-02': 'not-yet' },
          });
        }
        const before = await dump(db);
        const { bytes } = await exportBackup(db);
        await db.delete();
        const wiped = freshDb();
        await restoreBackup(wiped, bytes);
        expect(await dump(wiped)).toEqual(before);
        wiped.close();
      }),
      { seed: 42, numRuns: 12 },
    );
  }, 120_000);

  it('reports progress while it works', async () => {
    const db = freshDb();
    await seed(db, freshDevice('d', 3).collection());
    const phases: string[] = [];
    const { bytes } = await exportBackup(db, { onProgress: (p) => phases.push(p.phase) });
    await restoreBackup(db, bytes, { onProgress: (p) => phases.push(p.phase) });
    expect(phases).toEqual(
      expect.arrayContaining(['Reading', 'Compressing', 'Unpacking', 'Checking', 'Writing']),
    );
  });
});

// IndexedDB work and fast-check runs: generous time on a loaded 2-core machine.
describe(
  'restore refuses hostile or damaged files, leaving the database unchanged',
  { timeout: 30_000 },
  () => {
    async function setUp() {
      const db = freshDb();
      const device = freshDevice('d', 3);
      device.answer('card-0', 3, START + 60_000);
      device.answer('card-1', 1, START + 120_000);
      await seed(db, device.collection());
      const good = await exportBackup(db);
      const json = JSON.parse(new TextDecoder().decode(decodeRaw(good.bytes))) as {
        data: Record<string, Record<string, unknown>[]>;
      };
      return { db, good, json, before: await dump(db) };
    }

    const decodeRaw = (bytes: Uint8Array) => gunzipSync(bytes);

    const gz = (text: string) => gzipSync(strToU8(text));

    async function expectRefused(
      db: Awaited<ReturnType<typeof setUp>>['db'],
      before: unknown,
      bytes: Uint8Array,
      message: RegExp,
      options: Parameters<typeof restoreBackup>[2] = {},
    ) {
      const restore = restoreBackup(db, bytes, options);
      await expect(restore).rejects.toBeInstanceOf(BackupError);
      await expect(restoreBackup(db, bytes, options)).rejects.toThrow(message);
      await expect(mergeBackup(db, bytes, options)).rejects.toThrow(message);
      expect(await dump(db)).toEqual(before);
      // Refused before anything was written: not even a safety snapshot was needed.
      expect(await listSnapshots(db)).toEqual([]);
    }

    it('refuses a __proto__ key', async () => {
      const { db, json, before } = await setUp();
      const text = JSON.stringify(json).replace(
        '"front":',
        '"__proto__":{"polluted":true},"front":',
      );
      await expectRefused(db, before, gz(text), /"__proto__" key.*nothing was changed/);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('refuses a __proto__ key spelt with a JSON escape, deep inside a review-log row', async () => {
      const { db, json, before } = await setUp();
      // "\u005f" is "_": the key is only "__proto__" once parsed, so no look at the raw text would find it.
      const text = JSON.stringify(json).replace(
        '"rating":',
        '"stateAfter2":[[{"\\u005f_proto__":{"polluted":true}}]],"rating":',
      );
      expect(text).toContain('\\u005f_proto__');
      await expectRefused(db, before, gz(text), /"__proto__" key.*nothing was changed/);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('refuses a constructor key, even as a course name in the settings', async () => {
      const { db, json, before } = await setUp();
      const text = JSON.stringify(json).replace(
        '"perCourse":{}',
        '"perCourse":{"constructor":{"newPerDay":1}}',
      );
      expect(text).toContain('"constructor"');
      await expectRefused(db, before, gz(text), /"constructor" key/);
    });

    it('refuses unknown keys', async () => {
      const { db, json, before } = await setUp();
      json.data.cards![0]!.evil = 1;
      await expectRefused(db, before, gz(JSON.stringify(json)), /card 1 \("card-0"\).*evil/i);
    });

    it('refuses wrong types, naming the field', async () => {
      const { db, json, before } = await setUp();
      (json.data.cards![0]!.memory as Record<string, unknown>).due = 'tomorrow';
      await expectRefused(db, before, gz(JSON.stringify(json)), /card 1 \("card-0"\), memory\.due/);
    });

    it('refuses out-of-range values: a difficulty of 11 and a retention of 2', async () => {
      const { db, json, before } = await setUp();
      const card = json.data.cards!.find((c) => c.id === 'card-0')!;
      (card.memory as Record<string, unknown>).difficulty = 11;
      await expectRefused(db, before, gz(JSON.stringify(json)), /difficulty/);
      const other = structuredClone(json) as unknown as {
        data: { settings: { global: Record<string, unknown> } };
      };
      other.data.settings.global.desiredRetention = 2;
      await expectRefused(
        db,
        before,
        gz(JSON.stringify(other)),
        /Desired retention must be between 0\.70 and 0\.99/,
      );
    });

    it('refuses huge counts before checking any row', async () => {
      const { db, json, before } = await setUp();
      // Five million and one rows (zeros: cheap to make, and the count is refused before any row is looked at).
      const text = JSON.stringify(json).replace(
        '"tombstones":[]',
        `"tombstones":[0${',0'.repeat(1_000_000)}]`,
      );
      await expectRefused(db, before, gz(text), /1,000,001 undo records; at most 1,000,000/);
      // (The default limit; the same check with a small limit on the review log:)
      await expectRefused(
        db,
        before,
        gz(JSON.stringify(json)),
        /review-log rows; at most 1 are accepted/,
        {
          limits: {
            maxFileBytes: 1e9,
            maxJsonBytes: 1e9,
            maxDecks: 10,
            maxCards: 10,
            maxReviewLog: 1,
            maxTombstones: 10,
            maxStringLength: 1000,
            maxDepth: 12,
          },
        },
      );
    }, 60_000);

    it('refuses a file that unpacks to more than the limit', async () => {
      const { db, good, before } = await setUp();
      await expectRefused(db, before, good.bytes, /unpacks to more than/, {
        limits: {
          maxFileBytes: 1e9,
          maxJsonBytes: 200,
          maxDecks: 10,
          maxCards: 10,
          maxReviewLog: 10,
          maxTombstones: 10,
          maxStringLength: 1000,
          maxDepth: 12,
        },
      });
    });

    it('refuses a truncated gzip file', async () => {
      const { db, good, before } = await setUp();
      await expectRefused(
        db,
        before,
        good.bytes.slice(0, good.bytes.length - 12),
        /incomplete|damaged/,
      );
      await expectRefused(
        db,
        before,
        good.bytes.slice(0, Math.floor(good.bytes.length / 2)),
        /incomplete|damaged/,
      );
    });

    it('refuses a review log pointing at missing cards', async () => {
      const { db, json, before } = await setUp();
      json.data.cards = json.data.cards!.filter((c) => c.id !== 'card-1');
      await expectRefused(
        db,
        before,
        gz(JSON.stringify(json)),
        /1 answer\(s\) for cards that are not in the file.*"card-1"/,
      );
    });

    it('refuses files that are not backups at all', async () => {
      const { db, json, before } = await setUp();
      await expectRefused(db, before, new Uint8Array(), /empty/);
      await expectRefused(db, before, strToU8('hello'), /not valid JSON/);
      await expectRefused(db, before, gz('[1,2]'), /not a Coursedeck backup/);
      await expectRefused(
        db,
        before,
        gz(JSON.stringify({ ...json, version: 99 })),
        /newer Coursedeck/,
      );
      await expectRefused(
        db,
        before,
        new Uint8Array([0xff, 0xfe, 0x00, 0x01]),
        /not text|not valid JSON/,
      );
    });

    it('leaves the database as it was when the write itself fails half-way', async () => {
      const { db, good, before } = await setUp();
      let rows = 0;
      db.reviewLog.hook('creating', () => {
        if (++rows === 2) throw new Error('disk on fire');
      });
      await expect(restoreBackup(db, good.bytes)).rejects.toThrow(
        /could not be saved \(.*disk on fire.*\)\. Your data is exactly as it was before/,
      );
      expect(await dump(db)).toEqual(before);
    });
  },
);

/** The reference: fold every surviving answer of a card, oldest first, from a New card. */
function replayUnion(cardId: string, log: readonly ReviewLogEntry[]): MemoryState {
  let memory = newMemoryState(NOW);
  for (const row of log.filter((r) => r.cardId === cardId).sort(compareLogEntries)) {
    if (row.rating !== 0) memory = next(cardId, memory, row.reviewedAt, row.rating, SCHEDULING);
  }
  return memory;
}

// IndexedDB work and fast-check runs: generous time on a loaded 2-core machine.
describe('merge of two diverged devices', { timeout: 30_000 }, () => {
  it('equals replaying the union, in either order, and merging the same file twice changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(divergedArb, async (spec) => {
        const { phone, laptop } = diverge(spec);
        const phoneDb = freshDb();
        const laptopDb = freshDb();
        await seed(phoneDb, phone.collection());
        await seed(laptopDb, laptop.collection());
        const phoneFile = (await exportBackup(phoneDb)).bytes;
        const laptopFile = (await exportBackup(laptopDb)).bytes;

        await mergeBackup(phoneDb, laptopFile);
        await mergeBackup(laptopDb, phoneFile);
        const a = await readCollection(phoneDb);
        const b = await readCollection(laptopDb);
        // Same history and states both ways (versions are per device: each bumps its own).
        const strip = (c: typeof a) => ({
          ...c,
          cards: c.cards.map(({ version: _v, ...rest }) => rest),
        });
        expect(strip(a)).toEqual(strip(b));

        const tombstoned = new Set([...phone.tombstones, ...laptop.tombstones].map((t) => t.id));
        const expectedIds = [...phone.log, ...laptop.log]
          .map((r) => r.id)
          .filter((id) => !tombstoned.has(id));
        expect(new Set(a.reviewLog.map((r) => r.id))).toEqual(new Set(expectedIds));
        for (const card of a.cards) {
          if (a.reviewLog.some((r) => r.cardId === card.id)) {
            expect(card.memory).toEqual(replayUnion(card.id, a.reviewLog));
          }
        }

        const once = await dump(phoneDb);
        const again = await mergeBackup(phoneDb, laptopFile);
        expect(again.unchanged).toBe(true);
        expect(await dump(phoneDb)).toEqual(once);
        phoneDb.close();
        laptopDb.close();
      }),
      { seed: 42, numRuns: 10 },
    );
  }, 120_000);

  it("adds the other device's pacing marks without overriding this device's", async () => {
    const phoneDb = freshDb();
    const laptopDb = freshDb();
    await seed(phoneDb, freshDevice('p', 2).collection());
    await seed(laptopDb, freshDevice('l', 2).collection());
    await phoneDb.meta.put({ key: 'chapterPacing', value: { 'test-01': 'studying' } });
    await laptopDb.meta.put({
      key: 'chapterPacing',
      value: { 'test-01': 'not-yet', 'test-02': 'not-yet' },
    });
    const report = await mergeBackup(phoneDb, (await exportBackup(laptopDb)).bytes);
    expect(report.unchanged).toBe(false);
    expect((await phoneDb.meta.get('chapterPacing'))?.value).toEqual({
      'test-01': 'studying',
      'test-02': 'not-yet',
    });
    expect((await mergeBackup(phoneDb, (await exportBackup(laptopDb)).bytes)).unchanged).toBe(true);
  });

  it('reports what it added, and takes a snapshot first', async () => {
    const { phone, laptop } = diverge({
      cardCount: 2,
      base: [{ card: 0, grade: 3, minutes: 5, undo: false }],
      phone: [{ card: 1, grade: 3, minutes: 5, undo: false }],
      laptop: [
        { card: 0, grade: 3, minutes: 5000, undo: false },
        { card: 0, grade: 1, minutes: 5, undo: false },
        { card: 0, grade: 1, minutes: 5, undo: true },
      ],
    });
    const phoneDb = freshDb();
    await seed(phoneDb, phone.collection());
    const laptopDb = freshDb();
    await seed(laptopDb, laptop.collection());
    const report = await mergeBackup(phoneDb, (await exportBackup(laptopDb)).bytes);
    expect(report).toMatchObject({
      reviewsAdded: 1,
      reviewsUndone: 0,
      cardsAdded: 0,
      cardsUpdated: 1,
      unchanged: false,
    });
    expect(report.snapshot.reason).toBe('before-merge');
    expect((await listSnapshots(phoneDb)).map((s) => s.reason)).toEqual(['before-merge']);
  });
});

// IndexedDB work and fast-check runs: generous time on a loaded 2-core machine.
describe('check database', { timeout: 30_000 }, () => {
  it('repairs damage once, takes a snapshot first, and finds nothing the second time', async () => {
    const db = freshDb();
    const device = freshDevice('d', 3);
    device.answer('card-0', 3, START + 60_000);
    device.answer('card-0', 3, START + 3 * 86_400_000);
    const c = device.collection();
    c.cards[0] = { ...c.cards[0]!, memory: { ...c.cards[0]!.memory, difficulty: 12 } };
    c.cards[1] = { ...c.cards[1]!, memory: { ...c.cards[1]!.memory, due: Number.NaN } };
    c.reviewLog.push({
      ...c.reviewLog[0]!,
      id: 'stray',
      cardId: 'nowhere',
      reviewedAt: NOW + 86_400_000,
    });
    await seed(db, c);
    const first = await checkDatabase(db);
    expect(first.byRule).toMatchObject({ 'card-state': 2, 'orphan-log': 1, 'log-time': 1 });
    expect(first.snapshot?.reason).toBe('before-repair');
    const card0 = await db.cards.get('card-0');
    expect(card0?.memory.difficulty).toBeGreaterThanOrEqual(1);
    expect(card0?.memory.difficulty).toBeLessThanOrEqual(10);
    expect(await db.reviewLog.get('stray')).toMatchObject({ reviewedAt: NOW });
    const after = await dump(db);
    const second = await checkDatabase(db);
    expect(second.fixes).toEqual([]);
    expect(await dump(db)).toEqual(after);
  });
});

// IndexedDB work and fast-check runs: generous time on a loaded 2-core machine.
describe('snapshots', { timeout: 30_000 }, () => {
  it('are taken before a restore and can put the old data back', async () => {
    const db = freshDb();
    const device = freshDevice('d', 2);
    device.answer('card-0', 3, START + 60_000);
    await seed(db, device.collection());
    const original = await dump(db);
    const other = freshDb();
    await seed(other, freshDevice('x', 5).collection());
    await restoreBackup(db, (await exportBackup(other)).bytes);
    expect((await dump(db)).cards).toHaveLength(5);
    const [snapshot] = await listSnapshots(db);
    expect(snapshot).toMatchObject({ reason: 'before-restore', cards: 2, reviews: 1 });
    await restoreSnapshot(db, snapshot!.id);
    expect(await dump(db)).toEqual(original);
  });

  it('are taken at most every 30 minutes, and only after changes', async () => {
    const db = freshDb();
    const device = freshDevice('d', 2);
    device.answer('card-0', 3, START + 60_000);
    await seed(db, device.collection());
    expect(await maybeTakePeriodicSnapshot(db, { now: NOW })).not.toBeNull();
    // Nothing changed: none, however late.
    expect(await maybeTakePeriodicSnapshot(db, { now: NOW + 3_600_000 })).toBeNull();
    await db.reviewLog.add({ ...device.log[0]!, id: 'new-answer', reviewedAt: NOW + 60_000 });
    expect(await maybeTakePeriodicSnapshot(db, { now: NOW + 10 * 60_000 })).toBeNull();
    expect(await maybeTakePeriodicSnapshot(db, { now: NOW + 31 * 60_000 })).not.toBeNull();
    expect(await listSnapshots(db)).toHaveLength(2);
  });
});

// IndexedDB work and fast-check runs: generous time on a loaded 2-core machine.
describe('export extras', { timeout: 30_000 }, () => {
  it('writes the review log as optimizer CSV', async () => {
    const db = freshDb();
    const device = freshDevice('d', 1);
    device.answer('card-0', 3, START + 60_000);
    await seed(db, device.collection());
    const csv = await exportReviewLogCsv(db);
    expect(csv.text.split('\r\n')[0]).toBe(
      'card_id,review_time,review_rating,review_state,review_duration',
    );
    expect(csv.rows).toBe(1);
    expect(csv.filename).toMatch(/^coursedeck-review-log-2029-01-01T1200\.csv$/);
  });

  it('reminds to export when storage is not persistent and the last export is old', async () => {
    const db = freshDb();
    const device = freshDevice('d', 1);
    device.answer('card-0', 3, START + 60_000);
    await seed(db, device.collection());
    expect((await exportReminder(db, { persisted: false })).due).toBe(true);
    expect((await exportReminder(db, { persisted: true })).due).toBe(false);
    await exportBackup(db);
    expect((await exportReminder(db, { persisted: false })).due).toBe(false);
    expect((await exportReminder(db, { persisted: false, now: NOW + 15 * 86_400_000 })).due).toBe(
      true,
    );
  });

  it('encodes and decodes the same file', () => {
    const file = {
      format: 'coursedeck-backup' as const,
      version: 1 as const,
      exportedAt: NOW,
      app: 'test',
      data: { settings: null, decks: [], cards: [], reviewLog: [], tombstones: [] },
    };
    expect(decodeBackup(encodeBackup(file))).toEqual(file);
  });
});

// IndexedDB work and fast-check runs: generous time on a loaded 2-core machine.
describe('snapshot before a schema upgrade', { timeout: 30_000 }, () => {
  it('keeps the data as it was before a newer schema version opens it, once', async () => {
    const { openDatabase } = await import('../../src/db/schema');
    const { snapshotBeforeUpgrade } = await import('../../src/services/backup');
    const old = openDatabase('upgrade-test');
    const device = freshDevice('d', 2);
    device.answer('card-0', 3, START + 60_000);
    await seed(old, device.collection());
    old.close();
    // The next release: the current versions as they are, plus one more (an extra index).
    const makeNext = () => {
      const db = openDatabase('upgrade-test');
      (db as unknown as InstanceType<typeof Dexie>)
        .version(db.verno + 1)
        .stores({ decks: 'id, course, [course+chapter], title' });
      return db;
    };
    const next = makeNext();
    const snapshot = await snapshotBeforeUpgrade(next);
    expect(snapshot).toMatchObject({ reason: 'before-upgrade', cards: 2, reviews: 1 });
    await next.open();
    expect(await next.reviewLog.count()).toBe(1);
    next.close();
    expect(await snapshotBeforeUpgrade(makeNext())).toBeNull();
  });
});

// IndexedDB work and fast-check runs: generous time on a loaded 2-core machine.
describe('snapshot pruning in storage', { timeout: 30_000 }, () => {
  it('keeps the newest snapshots within the size budget', async () => {
    const { pruneStoredSnapshots, storeSnapshot } =
      await import('../../src/services/backup/snapshots');
    const db = freshDb();
    for (let i = 0; i < 5; i++) {
      await storeSnapshot(
        db,
        {
          id: `s${i}`,
          createdAt: NOW - i * 60_000,
          reason: 'periodic',
          size: 100,
          cards: 0,
          reviews: 0,
          signature: '',
        },
        new Uint8Array(1),
      );
    }
    expect(await pruneStoredSnapshots(db, { budgetBytes: 250 })).toBe(3);
    expect((await listSnapshots(db)).map((s) => s.id)).toEqual(['s0', 's1']);
  });
});
