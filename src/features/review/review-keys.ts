/** What a key press means on the review screen, or null for keys it leaves alone. */
export type ReviewKeyAction =
  { type: 'reveal' } | { type: 'answer'; grade: 1 | 2 | 3 | 4 } | { type: 'undo' };

type KeyLike = Pick<
  KeyboardEvent,
  'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey' | 'repeat'
> & {
  target: EventTarget | null;
};

const GRADE_KEYS: Partial<Record<string, 1 | 2 | 3 | 4>> = { '1': 1, '2': 2, '3': 3, '4': 4 };

const TYPING = new Set(['INPUT', 'TEXTAREA', 'SELECT']);
const ACTIVATES = new Set(['BUTTON', 'A', 'SUMMARY']);

/**
 * Keyboard shortcuts: Space or Enter reveals, 1–4 answer, Ctrl+Z (⌘Z) or U undoes. Keys typed into a form field are
 * never shortcuts, and Space/Enter on a focused button or link keep their native meaning (activate it) so one key
 * press never acts twice. Held-down keys (auto-repeat) are ignored so a long press cannot grade several cards.
 */
export function reviewKeyAction(event: KeyLike): ReviewKeyAction | null {
  if (event.repeat) return null;
  const target = event.target as (HTMLElement & { isContentEditable?: boolean }) | null;
  const tag = target?.tagName ?? '';
  if (TYPING.has(tag) || target?.isContentEditable) return null;
  const { key } = event;
  if ((event.ctrlKey || event.metaKey) && !event.altKey && (key === 'z' || key === 'Z')) {
    return { type: 'undo' };
  }
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  if (key === 'u' || key === 'U') return { type: 'undo' };
  if (key === ' ' || key === 'Enter') return ACTIVATES.has(tag) ? null : { type: 'reveal' };
  const grade = GRADE_KEYS[key];
  return grade === undefined ? null : { type: 'answer', grade };
}
