import type { BrowseQuery, BrowseState, CardKind } from '../../services';

const KINDS: readonly CardKind[] = [
  'concept',
  'objective',
  'subchapter',
  'tool',
  'reading',
  'inline',
  'cloze',
];
const STATES: readonly BrowseState[] = [
  'new',
  'learning',
  'review',
  'relearning',
  'suspended',
  'buried',
  'leech',
  'retired',
];

export const BROWSE_KINDS = KINDS;
export const BROWSE_STATES = STATES;

/** The Browse filters as they sit in the address bar (`?q=…&deck=…&kind=…&state=…&due=…&lapses=…`). */
export function queryFromParams(params: URLSearchParams): BrowseQuery {
  const q: BrowseQuery = {};
  const text = params.get('q')?.trim();
  if (text) q.text = text;
  const deck = params.get('deck');
  if (deck) q.deckId = deck;
  const kind = params.get('kind');
  const knownKind = KINDS.find((k) => k === kind);
  if (knownKind) q.kind = knownKind;
  const state = params.get('state');
  const knownState = STATES.find((s) => s === state);
  if (knownState) q.state = knownState;
  const due = params.get('due');
  if (due === 'today' || due === 'overdue') q.due = due;
  const lapses = Number(params.get('lapses'));
  if (params.get('lapses') && Number.isInteger(lapses) && lapses > 0) q.minLapses = lapses;
  return q;
}
