import type { CardRecord } from '../../services';

/** A one-line plain-text excerpt of card markdown, for lists and accessible names. */
export function snippet(markdown: string, max = 90): string {
  const text = markdown
    .replace(/```[\s\S]*?```/g, ' [code] ')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`#>|=~]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A local date and time, short ("26 Nov 2026, 14:05"). */
export function formatDateTime(ms: number): string {
  return new Date(ms).toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** A local date, short ("26 Nov 2026"). */
export function formatDate(ms: number): string {
  return new Date(ms).toLocaleDateString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
  });
}

/** A probability as a whole percentage ("87%"). */
export function formatPercent(p: number): string {
  return `${Math.round(p * 100)}%`;
}

const PHASE: Record<CardRecord['memory']['phase'], string> = {
  new: 'New',
  learning: 'Learning',
  review: 'Review',
  relearning: 'Relearning',
};

/** The card's state in words: its FSRS phase plus why it is out of the queue, if it is. */
export function stateLabel(
  card: Pick<CardRecord, 'memory' | 'suspended' | 'leech' | 'retired'>,
  buried = false,
): string {
  const parts = [PHASE[card.memory.phase]];
  if (card.suspended) parts.push('suspended');
  if (card.leech) parts.push('leech');
  if (buried) parts.push('buried');
  if (card.retired) parts.push('retired');
  return parts.join(', ');
}

/** When the card is due, in words: "New" cards have no due date yet. */
export function dueLabel(card: Pick<CardRecord, 'memory'>): string {
  return card.memory.phase === 'new' ? 'Not yet studied' : formatDateTime(card.memory.due);
}

export const KIND_LABEL: Record<CardRecord['kind'], string> = {
  concept: 'Key concept',
  objective: 'Objective',
  subchapter: 'Subchapter',
  tool: 'Tool',
  reading: 'Reading',
  inline: 'Inline card',
  cloze: 'Cloze',
};
