import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import type { ExportReminder } from '../../services/backup/backup';
import { Notice } from '../../ui/notice';
import { useDb } from '../common/app-context';

export type ExportReminderNoticeProps = {
  /** Whether the browser promised to keep this storage; default `navigator.storage.persisted()` (null: unknown). */
  persisted?: () => Promise<boolean | null>;
  now?: () => number;
};

const browserPersisted = async (): Promise<boolean | null> =>
  typeof navigator !== 'undefined' && navigator.storage?.persisted
    ? navigator.storage.persisted()
    : null;

/**
 * The Settings backup panel's export reminder, on Today where the learner looks every day: shown when the browser
 * may evict this storage and there was no export for 14 days (or ever) while there are reviews to lose. The backup
 * service is loaded on demand (the same chunk the start-up snapshots load), and not at all when storage is persisted.
 */
export function ExportReminderNotice({
  persisted = browserPersisted,
  now = Date.now,
}: ExportReminderNoticeProps) {
  const db = useDb();
  const [reminder, setReminder] = useState<ExportReminder | null>(null);
  useEffect(() => {
    let live = true;
    void (async () => {
      const isPersisted = await persisted().catch(() => null);
      if (isPersisted === true) return;
      const { exportReminder } = await import('../../services/backup/backup');
      const result = await exportReminder(db, { now: now(), persisted: isPersisted });
      if (live) setReminder(result);
    })().catch(() => undefined);
    return () => {
      live = false;
    };
  }, [db, persisted, now]);

  if (!reminder?.due) return null;
  return (
    <Notice tone="warning">
      {reminder.lastExportAt === null
        ? 'You have never exported a backup'
        : `Your last backup is from ${new Date(reminder.lastExportAt).toLocaleDateString()}`}
      , and this browser may clear its storage when the device runs low on space.{' '}
      <Link to="/settings">Export a backup in Settings</Link> to keep your review history safe.
    </Notice>
  );
}
