/**
 * A pause in the learner's work, as the app's background jobs wait for it: no database write for a while. Background
 * jobs that read across the collection or keep a core busy (the start-up snapshot check in backup-safety.ts, priming
 * the optimizer in optimizer-priming.ts) start only then, so they do not meet the learner's answers.
 */
import Dexie from 'dexie';

/**
 * Calls `onQuiet` once no database write has been announced for `quietMs` (Dexie's `storagemutated`: every committed
 * write of this tab, and of other tabs through BroadcastChannel); each write starts the wait again. Returns a function
 * that stops waiting.
 */
export function whenQuiet(quietMs: number, onQuiet: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    clearTimeout(timer);
    Dexie.on.storagemutated.unsubscribe(restart);
  };
  function restart() {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stop();
      onQuiet();
    }, quietMs);
  }
  Dexie.on('storagemutated', restart);
  restart();
  return stop;
}
