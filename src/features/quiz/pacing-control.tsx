import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useState } from 'react';
import { getChapterPacing, setChapterPacing, type ChapterPacing } from '../../services';
import { Notice } from '../../ui/notice';
import { useDb } from '../common/app-context';

type Choice = ChapterPacing | 'course';

const CHOICES: { value: Choice; label: string; hint: string }[] = [
  {
    value: 'course',
    label: 'In course order',
    hint: 'New cards come after the earlier chapters’.',
  },
  { value: 'studying', label: 'Studying now', hint: 'New cards of this chapter come first.' },
  {
    value: 'not-yet',
    label: 'Not yet',
    hint: 'No new cards from this chapter until you change this.',
  },
];

/** "Studying now" / "Not yet" for a chapter's new cards (course pacing); saved at once. */
export function PacingControl({ deckId }: { deckId: string }) {
  const db = useDb();
  const pacing = useLiveQuery(() => getChapterPacing(db), [db]);
  const [error, setError] = useState<string | null>(null);
  // The choice shows at once; the stored value takes over again once it is saved (or if saving fails).
  const [pending, setPending] = useState<Choice | null>(null);
  const name = useId();
  const current: Choice = pending ?? pacing?.[deckId] ?? 'course';

  const choose = async (value: Choice) => {
    setPending(value);
    try {
      setError(null);
      await setChapterPacing(db, deckId, value === 'course' ? null : value);
    } catch (e) {
      setError(`Could not save: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setPending(null);
    }
  };

  return (
    <fieldset className="pacing" disabled={pacing === undefined}>
      <legend>New cards of this chapter</legend>
      {CHOICES.map((c) => (
        <div key={c.value} className="pacing__choice">
          <input
            type="radio"
            id={`${name}-${c.value}`}
            name={name}
            value={c.value}
            checked={current === c.value}
            onChange={() => void choose(c.value)}
            aria-describedby={`${name}-${c.value}-hint`}
          />{' '}
          <label htmlFor={`${name}-${c.value}`}>{c.label}</label>{' '}
          <span id={`${name}-${c.value}-hint`} className="muted">
            {c.hint}
          </span>
        </div>
      ))}
      {error && <Notice tone="error">{error}</Notice>}
    </fieldset>
  );
}
