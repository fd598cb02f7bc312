import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import {
  checkDatabase,
  exportBackup,
  exportReminder,
  exportReviewLogCsv,
  importNotes,
  listSnapshots,
  mergeBackup,
  restoreBackup,
  restoreSnapshot,
  type CheckReport,
  type MergeReport,
  type NotesImportReport,
  type Progress,
  type RestoreReport,
  type SnapshotInfo,
} from '../../services/backup';
import { getStorageInfo } from '../../services/storage';
import { Button } from '../../ui/button';
import { Notice } from '../../ui/notice';
import { ProgressBar } from '../../ui/progress-bar';
import { useDb } from '../common/app-context';

/** Saves bytes or text as a file the learner downloads. */
export type Download = (content: Uint8Array | string, filename: string, mime: string) => void;

export type BackupPanelProps = {
  /** The clock (tests pass a fixed one). */
  now?: () => number;
  /** How files are saved; defaults to a browser download. */
  download?: Download;
  /** Whether the browser promised to keep this storage; defaults to `navigator.storage.persisted()`. */
  persisted?: () => Promise<boolean | null>;
};

const browserDownload: Download = (content, filename, mime) => {
  const part = typeof content === 'string' ? content : new Uint8Array(content);
  const url = URL.createObjectURL(new Blob([part], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
};

const defaultPersisted = async () => (await getStorageInfo()).persisted;

/** Progress is shown only for work that takes more than a moment. */
const PROGRESS_DELAY_MS = 200;

type Result = { tone: 'success' | 'error' | 'info'; body: ReactNode };

const REASONS: Record<SnapshotInfo['reason'], string> = {
  'before-restore': 'before a restore',
  'before-merge': 'before a merge',
  'before-upgrade': 'before an app update',
  'before-import': 'before importing notes',
  'before-repair': 'before a database repair',
  periodic: 'automatic',
};

function when(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString()} ${word}${n === 1 ? '' : 's'}`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Settings › "Backup and restore": export (backup file and review-log CSV), restore, merge, snapshots, check
 * database, and import of the learner's own notes (folder or files). Every result is said in plain words.
 */
export function BackupPanel({
  now = Date.now,
  download = browserDownload,
  persisted = defaultPersisted,
}: BackupPanelProps) {
  const db = useDb();
  const [busy, setBusy] = useState<string | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  const [pendingRestore, setPendingRestore] = useState<File | null>(null);
  const [courseName, setCourseName] = useState('');
  const restoreInput = useRef<HTMLInputElement>(null);
  const mergeInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const filesInput = useRef<HTMLInputElement>(null);
  const courseId = useId();
  const coursesId = useId();
  const titleId = useId();

  const snapshots = useLiveQuery(() => listSnapshots(db), [db, result]);
  const courses = useLiveQuery(
    async () => [...new Set((await db.decks.toArray()).map((d) => d.course))].sort(),
    [db, result],
  );
  // Asked once outside the live query: a live query may only await the database.
  const [isPersisted, setIsPersisted] = useState<boolean | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void persisted()
      .catch(() => null)
      .then((value) => live && setIsPersisted(value));
    return () => {
      live = false;
    };
  }, [persisted]);
  const reminder = useLiveQuery(
    async () =>
      isPersisted === undefined
        ? undefined
        : exportReminder(db, { now: now(), persisted: isPersisted }),
    [db, result, isPersisted],
  );

  // No snapshot is started here: the app takes the periodic ones at a pause in the learner's work
  // (src/app/backup-safety.ts). Encoding a snapshot runs on the main thread, and on a large collection (1M log rows)
  // it froze this screen for 2-8 s right as it opened.

  // Each operation has a number; its progress bar appears once it has run for more than a moment.
  const [runId, setRunId] = useState(0);
  const [shownRun, setShownRun] = useState(-1);
  useEffect(() => {
    if (!busy) return;
    const timer = setTimeout(() => setShownRun(runId), PROGRESS_DELAY_MS);
    return () => clearTimeout(timer);
  }, [busy, runId]);
  const showProgress = busy !== null && shownRun === runId;

  async function run(label: string, work: (onProgress: (p: Progress) => void) => Promise<Result>) {
    setRunId((id) => id + 1);
    setBusy(label);
    setProgress(null);
    setResult(null);
    try {
      setResult(await work(setProgress));
    } catch (error) {
      setResult({ tone: 'error', body: errorText(error) });
    } finally {
      setBusy(null);
      setProgress(null);
    }
  }

  const onExport = () =>
    run('Exporting', async (onProgress) => {
      const out = await exportBackup(db, { now: now(), onProgress });
      download(out.bytes, out.filename, 'application/gzip');
      return {
        tone: 'success',
        body: `Backup saved as ${out.filename}: ${plural(out.counts.decks, 'deck')}, ${plural(out.counts.cards, 'card')} and ${plural(out.counts.reviews, 'review')}.`,
      };
    });

  const onExportCsv = () =>
    run('Exporting', async () => {
      const out = await exportReviewLogCsv(db, { now: now() });
      download(out.text, out.filename, 'text/csv');
      return {
        tone: 'success',
        body: `Review log saved as ${out.filename} (${plural(out.rows, 'review')}), in the columns FSRS optimizer tools read.`,
      };
    });

  const restoreMessage = (report: RestoreReport, what: string): Result => ({
    tone: 'success',
    body: `${what}: ${plural(report.decks, 'deck')}, ${plural(report.cards, 'card')} and ${plural(report.reviews, 'review')}. What you had before is kept as a snapshot from ${when(report.snapshot.createdAt)}.`,
  });

  const onRestoreConfirmed = (file: File) =>
    run('Restoring', async (onProgress) => {
      setPendingRestore(null);
      const bytes = new Uint8Array(await file.arrayBuffer());
      return restoreMessage(await restoreBackup(db, bytes, { now: now(), onProgress }), 'Restored');
    });

  const mergeMessage = (report: MergeReport): Result =>
    report.unchanged
      ? {
          tone: 'info',
          body: 'Nothing to merge: this device already has everything in that backup.',
        }
      : {
          tone: 'success',
          body: `Merged: ${plural(report.reviewsAdded, 'review')} added${report.reviewsUndone ? `, ${plural(report.reviewsUndone, 'review')} removed because they were undone on the other device` : ''}, ${plural(report.cardsAdded, 'card')} added and ${plural(report.cardsUpdated, 'card')} brought up to date. A snapshot from before the merge is kept.`,
        };

  const onMerge = (file: File) =>
    run('Merging', async (onProgress) => {
      const bytes = new Uint8Array(await file.arrayBuffer());
      return mergeMessage(await mergeBackup(db, bytes, { now: now(), onProgress }));
    });

  const checkMessage = (report: CheckReport): Result =>
    report.fixes.length === 0
      ? { tone: 'success', body: 'Your database is healthy: nothing needed repairing.' }
      : {
          tone: 'success',
          body: (
            <>
              <p>
                Repaired {plural(report.fixes.length, 'problem')} (a snapshot from before the repair
                is kept):
              </p>
              <ul>
                {report.fixes.slice(0, 50).map((fix) => (
                  <li key={`${fix.rule}-${fix.id}-${fix.message}`}>
                    {fix.id}: {fix.message}
                  </li>
                ))}
              </ul>
              {report.fixes.length > 50 ? <p>…and {report.fixes.length - 50} more.</p> : null}
            </>
          ),
        };

  const onCheck = () =>
    run('Checking', async () => checkMessage(await checkDatabase(db, { now: now() })));

  const onRestoreSnapshot = (snapshot: SnapshotInfo) =>
    run('Restoring', async (onProgress) =>
      restoreMessage(
        await restoreSnapshot(db, snapshot.id, { now: now(), onProgress }),
        `Snapshot from ${when(snapshot.createdAt)} restored`,
      ),
    );

  const importMessage = (report: NotesImportReport): Result => ({
    tone: 'success',
    body: (
      <>
        <p>Imported {plural(report.decks.length, 'chapter')} from your notes:</p>
        <ul>
          {report.decks.map((d) => (
            <li key={d.deckId}>
              {d.title} ({d.deckId}): {d.added} new, {d.updated + d.restored} updated
              {d.retired ? `, ${d.retired} gone from the notes (hidden, history kept)` : ''},{' '}
              {d.unchanged} unchanged
            </li>
          ))}
        </ul>
        {report.diagnostics.length > 0 ? (
          <>
            <p>The notes have {plural(report.diagnostics.length, 'warning')}:</p>
            <ul aria-label="Import warnings">
              {report.diagnostics.map((d) => (
                <li key={`${d.file}:${d.line}:${d.message}`}>
                  {d.file}:{d.line}: {d.severity}: {d.message}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </>
    ),
  });

  const onImport = (files: File[]) =>
    run('Importing notes', async (onProgress) =>
      importMessage(
        await importNotes(db, files, {
          now: now(),
          onProgress,
          ...(courseName.trim() ? { courseName: courseName.trim() } : {}),
        }),
      ),
    );

  /** Reads the picked files and clears the input, so picking the same file again fires again. */
  const picked = (input: HTMLInputElement): File[] => {
    const files = [...(input.files ?? [])];
    input.value = '';
    return files;
  };

  const disabled = busy !== null;

  return (
    <section aria-labelledby={titleId} className="backup-panel">
      <h2 id={titleId}>Backup and restore</h2>
      {reminder?.due ? (
        <Notice tone="warning">
          {reminder.lastExportAt === null
            ? 'You have never exported a backup, and this browser may clear its storage when the device runs low on space.'
            : `Your last backup is from ${when(reminder.lastExportAt)}, and this browser may clear its storage when the device runs low on space.`}{' '}
          Export a backup to keep your review history safe.
        </Notice>
      ) : null}

      <p>
        A backup holds your settings, decks, cards with their state and your whole review history.
        Restore replaces everything on this device with a backup; merge adds a backup from another
        device (phone and laptop) without losing a review on either.
      </p>
      <div className="button-row">
        <Button variant="primary" onClick={onExport} disabled={disabled}>
          Export backup
        </Button>
        <Button onClick={() => restoreInput.current?.click()} disabled={disabled}>
          Restore
        </Button>
        <Button onClick={() => mergeInput.current?.click()} disabled={disabled}>
          Merge
        </Button>
        <Button onClick={onExportCsv} disabled={disabled}>
          Export review log (CSV)
        </Button>
        <Button onClick={onCheck} disabled={disabled}>
          Check database
        </Button>
      </div>
      <input
        ref={restoreInput}
        type="file"
        accept=".gz,.json,application/gzip,application/json"
        aria-label="Backup file to restore"
        hidden
        onChange={(e) => {
          const [file] = picked(e.currentTarget);
          if (file) setPendingRestore(file);
        }}
      />
      <input
        ref={mergeInput}
        type="file"
        accept=".gz,.json,application/gzip,application/json"
        aria-label="Backup file to merge"
        hidden
        onChange={(e) => {
          const [file] = picked(e.currentTarget);
          if (file) void onMerge(file);
        }}
      />

      {pendingRestore ? (
        <Notice tone="warning">
          <p>
            Restoring replaces everything on this device with the backup “{pendingRestore.name}”. A
            snapshot of what you have now is taken first, so you can go back.
          </p>
          <div className="button-row">
            <Button variant="danger" onClick={() => void onRestoreConfirmed(pendingRestore)}>
              Replace my data
            </Button>
            <Button onClick={() => setPendingRestore(null)}>Cancel</Button>
          </div>
        </Notice>
      ) : null}

      {busy && showProgress ? (
        <ProgressBar
          label={`${busy} progress`}
          value={progress?.done ?? 0}
          max={progress?.total ?? 1}
          text={progress ? `${progress.phase}…` : `${busy}…`}
        />
      ) : null}
      {busy ? <p role="status">{busy}…</p> : null}
      {result ? <Notice tone={result.tone}>{result.body}</Notice> : null}

      <h3>Import your own notes</h3>
      <p>
        Pick a folder of notes (your Obsidian vault, a course or one chapter) and they become decks,
        right here and offline. Where the browser has no folder picker (as on iPhone and iPad), pick
        a chapter’s README and notes together. Importing edited notes again keeps your review
        history.
      </p>
      <div className="field">
        <label htmlFor={courseId}>
          Course name (for a single chapter or a folder named Course)
        </label>
        <input
          id={courseId}
          list={coursesId}
          value={courseName}
          onChange={(e) => setCourseName(e.target.value)}
          placeholder="My notes"
        />
        <datalist id={coursesId}>
          {(courses ?? []).map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
        <span className="field__hint">
          Choose a course you already study to update its chapter with your notes.
        </span>
      </div>
      <div className="button-row">
        <Button onClick={() => folderInput.current?.click()} disabled={disabled}>
          Import a notes folder
        </Button>
        <Button onClick={() => filesInput.current?.click()} disabled={disabled}>
          Import note files
        </Button>
      </div>
      <input
        ref={folderInput}
        type="file"
        multiple
        aria-label="Notes folder to import"
        hidden
        // React does not know the non-standard folder attributes; set them as plain attributes.
        {...{ webkitdirectory: '', directory: '' }}
        onChange={(e) => {
          const files = picked(e.currentTarget);
          if (files.length) void onImport(files);
        }}
      />
      <input
        ref={filesInput}
        type="file"
        multiple
        accept=".md,.markdown,text/markdown,.json"
        aria-label="Note files to import"
        hidden
        onChange={(e) => {
          const files = picked(e.currentTarget);
          if (files.length) void onImport(files);
        }}
      />

      <h3>Snapshots on this device</h3>
      <p>
        Coursedeck keeps snapshots of your data before each restore, merge, import and app update,
        and at most every 30 minutes while you study, at a pause in your reviews (recent, daily,
        weekly and monthly ones are kept).
      </p>
      {snapshots === undefined ? (
        <p role="status">Loading snapshots…</p>
      ) : snapshots.length === 0 ? (
        <p>No snapshots yet.</p>
      ) : (
        <ul className="snapshot-list">
          {snapshots.map((s) => (
            <li key={s.id}>
              <span>
                {when(s.createdAt)}, {REASONS[s.reason]}: {plural(s.cards, 'card')},{' '}
                {plural(s.reviews, 'review')}
              </span>{' '}
              <Button
                onClick={() => void onRestoreSnapshot(s)}
                disabled={disabled}
                aria-label={`Restore this snapshot (${when(s.createdAt)}, ${REASONS[s.reason]})`}
              >
                Restore this snapshot
              </Button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
