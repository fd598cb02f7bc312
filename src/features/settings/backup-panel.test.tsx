import { configure, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { gzipSync, strToU8 } from 'fflate';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dump, freshDb, seed } from '../../../tests/backup/helpers';
import { pickVault } from '../../../tests/backup/vault-files';
import { freshDevice, START } from '../../../tests/support/collections';
import type { CoursedeckDb } from '../../db/schema';
import { AppEnvProvider } from '../common/app-context';
import { BackupPanel, type Download } from './backup-panel';

const NOW = Date.UTC(2026, 10, 26, 12);

// Exports, restores and imports run real gzip and IndexedDB work: allow more than a second on a loaded machine.
configure({ asyncUtilTimeout: 15_000 });

let db: CoursedeckDb;
let saved: { content: Uint8Array | string; filename: string; mime: string }[];
const download: Download = (content, filename, mime) => saved.push({ content, filename, mime });

beforeEach(async () => {
  saved = [];
  db = freshDb();
  const device = freshDevice('d', 3);
  device.answer('card-0', 3, START + 60_000);
  device.answer('card-1', 2, START + 120_000);
  await seed(db, device.collection());
});
afterEach(() => {
  vi.useRealTimers();
});

function renderPanel(persisted: boolean | null = false) {
  return render(
    <AppEnvProvider env={{ db, fetchJson: async () => ({}), baseUrl: '/' }}>
      <BackupPanel now={() => NOW} download={download} persisted={async () => persisted} />
    </AppEnvProvider>,
  );
}

async function axeViolations(container: HTMLElement) {
  // Colour contrast needs layout, which jsdom has not.
  const results = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`);
}

function fileOf(content: Uint8Array | string, name: string): File {
  return new File([typeof content === 'string' ? content : new Uint8Array(content)], name);
}

// IndexedDB work and fast-check runs: generous time on a loaded 2-core machine.
describe('the backup panel', { timeout: 30_000 }, () => {
  it('names every control, reminds to export, and is axe-clean', async () => {
    const { container } = renderPanel(false);
    for (const name of [
      'Export backup',
      'Restore',
      'Merge',
      'Export review log (CSV)',
      'Check database',
    ]) {
      expect(screen.getByRole('button', { name })).toBeInTheDocument();
    }
    expect(screen.getByRole('button', { name: 'Import a notes folder' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Import note files' })).toBeInTheDocument();
    expect(await screen.findByText(/You have never exported a backup/)).toBeInTheDocument();
    expect(await axeViolations(container)).toEqual([]);
  });

  it('exports a backup, then restores it after confirmation, listing the safety snapshot', async () => {
    const user = userEvent.setup();
    renderPanel(true);
    const before = await dump(db);
    await user.click(screen.getByRole('button', { name: 'Export backup' }));
    expect(
      await screen.findByText(
        /Backup saved as coursedeck-backup-2026-11-26T1200\.json\.gz: 2 decks, 3 cards and 2 reviews\./,
      ),
    ).toBeInTheDocument();
    const [backup] = saved;
    expect(backup?.mime).toBe('application/gzip');

    await db.reviewLog.clear();
    await user.upload(
      screen.getByLabelText('Backup file to restore'),
      fileOf(backup!.content, backup!.filename),
    );
    expect(screen.getByText(/Restoring replaces everything on this device/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Replace my data' }));
    expect(
      await screen.findByText(/Restored: 2 decks, 3 cards and 2 reviews\./),
    ).toBeInTheDocument();
    expect(await dump(db)).toEqual(before);
    expect(
      await screen.findByRole('button', { name: /^Restore this snapshot \(.*before a restore\)$/ }),
    ).toBeInTheDocument();
  });

  it('says in plain words why a hostile file was refused, and changes nothing', async () => {
    const user = userEvent.setup();
    renderPanel();
    const before = await dump(db);
    const evil = gzipSync(
      strToU8('{"format":"coursedeck-backup","version":1,"__proto__":{"x":1}}'),
    );
    await user.upload(screen.getByLabelText('Backup file to merge'), fileOf(evil, 'evil.json.gz'));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      /"__proto__" key.*nothing was changed/,
    );
    expect(await dump(db)).toEqual(before);
  });

  it('merges a backup from another device and reports what came in', async () => {
    const user = userEvent.setup();
    const other = freshDb();
    const device = freshDevice('laptop', 3);
    device.answer('card-2', 4, START + 300_000);
    await seed(other, device.collection());
    const { exportBackup } = await import('../../services/backup');
    const file = await exportBackup(other);
    renderPanel();
    await user.upload(
      screen.getByLabelText('Backup file to merge'),
      fileOf(file.bytes, file.filename),
    );
    expect(await screen.findByText(/Merged: 1 review added/)).toBeInTheDocument();
    expect(await db.reviewLog.count()).toBe(3);
  });

  it('exports the review log as CSV and checks the database', async () => {
    const user = userEvent.setup();
    renderPanel();
    await user.click(screen.getByRole('button', { name: 'Export review log (CSV)' }));
    expect(
      await screen.findByText(/Review log saved as .*\.csv \(2 reviews\)/),
    ).toBeInTheDocument();
    expect(
      String(saved[0]?.content).startsWith(
        'card_id,review_time,review_rating,review_state,review_duration',
      ),
    ).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Check database' }));
    expect(
      await screen.findByText('Your database is healthy: nothing needed repairing.'),
    ).toBeInTheDocument();
  });

  it('imports a picked notes folder and shows the parser warnings', async () => {
    const user = userEvent.setup();
    renderPanel();
    await user.upload(screen.getByLabelText('Notes folder to import'), pickVault());
    expect(
      await screen.findByText(/Imported 4 chapters from your notes/, {}, { timeout: 10_000 }),
    ).toBeInTheDocument();
    const warnings = screen.getByRole('list', { name: 'Import warnings' });
    expect(warnings).toHaveTextContent(/warning/);
    await waitFor(async () => expect((await db.decks.get('deforai-01'))?.imported).toBe(true));
  });
});
