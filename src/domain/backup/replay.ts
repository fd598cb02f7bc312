/**
 * The replay merge and check use: a card's full history replayed from a New card, under the settings in force for
 * its course. Starting from New (not from the first row's `before`) matters after a merge: when an undone answer's
 * row is dropped, the next row's `before` still contains its effect, and only a replay from the start removes it.
 */
import type { CardRecord, ReviewLogEntry } from '../model';
import { newMemoryState, replay, type SchedulingSettings } from '../scheduler';
import type { ReplayFn } from './merge';

/** A {@link ReplayFn}; a card left with no rows becomes New, due `now`. */
export function replayFromNew(
  settingsFor: (card: CardRecord) => SchedulingSettings,
  now: number,
): ReplayFn {
  return (card: CardRecord, log: readonly ReviewLogEntry[]) =>
    log.length === 0
      ? newMemoryState(now)
      : (replay(card.id, log, settingsFor(card), newMemoryState(log[0]?.reviewedAt ?? now)) ??
        newMemoryState(now));
}
