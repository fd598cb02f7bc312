/**
 * The deck build's second thread (started by scripts/deck-threads.ts for a large build, as a plain-JavaScript bundle
 * of this file, and kept for the process's later builds). For each job it takes the main thread's plan and the notes
 * it read (shared memory), claims chunks of decks from the job's shared counter, builds them and hands each chunk's
 * results and file bytes to the main thread, which writes them.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { importPlan } from '../src/domain/decks/index.ts';
import { buildClaimedDecks, sharedFiles } from './deck-shards.ts';
import type { DeckFile, DeckWriter, WorkerJob, WorkerReport } from './deck-shards.ts';

const { port } = workerData as { port: MessagePort };

port.on('message', (job: WorkerJob) => {
  const report = (message: WorkerReport, transfer: ArrayBuffer[] = []) =>
    port.postMessage(message, transfer);
  try {
    const plan = importPlan(job.plan, sharedFiles(job.source));
    const files: DeckFile[] = [];
    const writer: DeckWriter = { dir: undefined, hand: (file) => files.push(file) };
    buildClaimedDecks(
      plan,
      job.claims,
      writer,
      (decks) => {
        const handed = files.splice(0);
        report(
          { job: job.id, decks, files: handed },
          handed.map((file) => file.bytes.buffer),
        );
      },
      (error) => report({ job: job.id, failure: errorText(error) }),
    );
  } catch (error) {
    report({ job: job.id, failure: errorText(error) });
  }
});

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
