/**
 * The deck build's second thread (started by scripts/deck-threads.ts for a large build, as a plain-JavaScript bundle
 * of this file). It takes the main thread's plan and the notes it read (shared memory), then claims chunks of decks
 * from the shared counter, writes their files and reports each chunk on its port.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { importPlan } from '../src/domain/decks/index.ts';
import { buildClaimedDecks, sharedFiles } from './deck-shards.ts';
import type { DeckWriter, WorkerJob, WorkerReport } from './deck-shards.ts';

const { port, claims } = workerData as { port: MessagePort; claims: Int32Array };

port.once('message', (job: WorkerJob) => {
  const report = (message: WorkerReport) => port.postMessage(message);
  try {
    const plan = importPlan(job.plan, sharedFiles(job.source));
    const writer: DeckWriter = { dir: job.dir };
    let reported: string | undefined;
    buildClaimedDecks(
      plan,
      claims,
      writer,
      (decks) => {
        // A write error is reported once, with the chunk that met it; the main thread gives up the output.
        const writeError = writer.error && !reported ? writer.error.message : undefined;
        if (writeError) reported = writeError;
        report(writeError ? { decks, writeError } : { decks });
      },
      (error) => report({ failure: error instanceof Error ? error.message : String(error) }),
    );
  } catch (error) {
    report({ failure: error instanceof Error ? error.message : String(error) });
  }
  port.close();
});
