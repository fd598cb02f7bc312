/**
 * A card's queue field, on its own so the database layer (in the first screen's JS) can keep it without loading the
 * scheduler and its FSRS library, which the rest of domain/queue.ts needs.
 */
import type { CardPhase, CardRecord } from './model';

/**
 * Where a card stands for the queue, stored alongside the card and indexed: its phase while active, otherwise
 * why it is out (suspended or retired win over the phase). Burying is time-bound and kept in `buriedUntil`.
 */
export type CardQueue = CardPhase | 'suspended' | 'retired';

/** The queue field of a card (rule: retired > suspended > phase). */
export function queueOf(card: Pick<CardRecord, 'retired' | 'suspended' | 'memory'>): CardQueue {
  if (card.retired) return 'retired';
  if (card.suspended) return 'suspended';
  return card.memory.phase;
}
