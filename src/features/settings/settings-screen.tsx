import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useState, type FormEvent } from 'react';
import { getSettings, resolveSettings, saveSettings } from '../../services';
import type { SettingsDoc } from '../../services';
import { Button } from '../../ui/button';
import { Notice } from '../../ui/notice';
import { useDb } from '../common/app-context';
import { BackupPanel } from './backup-panel';
import { DeviceSection } from './device-section';
import { OptimizerPanel } from './optimizer-panel';
import {
  fromDraft,
  overrideOf,
  toDraft,
  type EditableKey,
  type SettingsDraft,
} from './settings-form';

const GLOBAL = '';

/** `/settings`: scheduling and daily limits, for all courses or overridden for one. */
export function SettingsScreen() {
  const db = useDb();
  const doc = useLiveQuery(() => getSettings(db), [db]);
  const courses = useLiveQuery(
    async () => [...new Set((await db.decks.toArray()).map((d) => d.course))].sort(),
    [db],
  );
  const [scope, setScope] = useState(GLOBAL);
  const scopeId = useId();

  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <h2>Scheduling and daily limits</h2>
      <div className="field">
        <label htmlFor={scopeId}>Applies to</label>
        <select id={scopeId} value={scope} onChange={(e) => setScope(e.target.value)}>
          <option value={GLOBAL}>All courses (global)</option>
          {(courses ?? []).map((c) => (
            <option key={c} value={c}>
              Course {c} only
            </option>
          ))}
        </select>
        <span className="field__hint">
          A course's own values override the global ones; fields left equal to the global value
          follow it.
        </span>
      </div>
      {doc ? (
        // Keyed by scope so switching course starts from that course's values.
        <SettingsForm key={`form-${scope}`} doc={doc} scope={scope} />
      ) : (
        <p role="status">Loading settings…</p>
      )}
      <OptimizerPanel key={`optimizer-${scope}`} scope={scope === GLOBAL ? null : scope} />
      <BackupPanel />
      <DeviceSection />
    </section>
  );
}

type FormProps = { doc: SettingsDoc; scope: string };

function SettingsForm({ doc, scope }: FormProps) {
  const db = useDb();
  const isGlobal = scope === GLOBAL;
  const resolved = resolveSettings(doc, isGlobal ? undefined : scope);
  const [draft, setDraft] = useState<SettingsDraft>(() => toDraft(resolved));
  const [problems, setProblems] = useState<string[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const overridden = new Set(isGlobal ? [] : Object.keys(doc.perCourse[scope] ?? {}));

  const set = <K extends EditableKey>(key: K, value: SettingsDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setSaved(null);
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const values = fromDraft(draft);
    const next: SettingsDoc = isGlobal
      ? { global: { ...doc.global, ...values }, perCourse: doc.perCourse }
      : {
          global: doc.global,
          perCourse: { ...doc.perCourse, [scope]: overrideOf(values, resolveSettings(doc)) },
        };
    try {
      await saveSettings(db, next);
      setProblems([]);
      setSaved(isGlobal ? 'Settings saved.' : `Settings for ${scope} saved.`);
    } catch (error) {
      const list =
        error instanceof Error && 'problems' in error && Array.isArray(error.problems)
          ? error.problems.map(String)
          : [error instanceof Error ? error.message : String(error)];
      setProblems(list);
      setSaved(null);
    }
  };

  const clearOverrides = async () => {
    const perCourse = { ...doc.perCourse };
    delete perCourse[scope];
    await saveSettings(db, { global: doc.global, perCourse });
    setDraft(toDraft(resolveSettings({ ...doc, perCourse })));
    setProblems([]);
    setSaved(`${scope} now follows the global settings.`);
  };

  const hint = (key: EditableKey, text: string) =>
    overridden.has(key) ? `${text} Overrides the global value for this course.` : text;

  return (
    <form className="form-grid" onSubmit={onSubmit} noValidate aria-label="Scheduling settings">
      {problems.length > 0 && (
        <Notice tone="error">
          <p>These settings were not saved:</p>
          <ul>
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </Notice>
      )}
      <NumberField
        id="desiredRetention"
        label="Desired retention"
        hint={hint(
          'desiredRetention',
          'Probability of recalling a card when it comes due, 0.70 to 0.99. Higher means more reviews.',
        )}
        value={draft.desiredRetention}
        onChange={(v) => set('desiredRetention', v)}
        min={0.7}
        max={0.99}
        step={0.01}
      />
      <NumberField
        id="maximumIntervalDays"
        label="Maximum interval (days)"
        hint={hint(
          'maximumIntervalDays',
          'The longest a card may wait between reviews, 1 to 36500.',
        )}
        value={draft.maximumIntervalDays}
        onChange={(v) => set('maximumIntervalDays', v)}
        min={1}
        max={36500}
        step={1}
      />
      <TextField
        id="learningSteps"
        label="Learning steps"
        hint={hint(
          'learningSteps',
          'Durations for new cards, separated by spaces, e.g. 1m 10m (m, h or d).',
        )}
        value={draft.learningSteps}
        onChange={(v) => set('learningSteps', v)}
      />
      <TextField
        id="relearningSteps"
        label="Relearning steps"
        hint={hint('relearningSteps', 'Durations after a lapse, separated by spaces, e.g. 10m.')}
        value={draft.relearningSteps}
        onChange={(v) => set('relearningSteps', v)}
      />
      <div className="field">
        <span>
          <input
            id="fuzz"
            type="checkbox"
            checked={draft.fuzz}
            onChange={(e) => set('fuzz', e.target.checked)}
            aria-describedby="fuzz-hint"
          />{' '}
          <label htmlFor="fuzz">Fuzz intervals</label>
        </span>
        <span id="fuzz-hint" className="field__hint">
          {hint(
            'fuzz',
            'Spread due dates a little (the same for a card every time) so cards learned together part.',
          )}
        </span>
      </div>
      <NumberField
        id="newPerDay"
        label="New cards per day"
        hint={hint('newPerDay', 'How many unseen cards to introduce each day.')}
        value={draft.newPerDay}
        onChange={(v) => set('newPerDay', v)}
        min={0}
        max={9999}
        step={1}
      />
      <NumberField
        id="reviewsPerDay"
        label="Reviews per day"
        hint={hint('reviewsPerDay', 'The most review cards to show each day.')}
        value={draft.reviewsPerDay}
        onChange={(v) => set('reviewsPerDay', v)}
        min={0}
        max={9999}
        step={1}
      />
      <NumberField
        id="nextDayStartsAt"
        label="Next day starts at (hour)"
        hint={hint('nextDayStartsAt', 'Local hour, 0 to 23, at which a new study day begins.')}
        value={draft.nextDayStartsAt}
        onChange={(v) => set('nextDayStartsAt', v)}
        min={0}
        max={23}
        step={1}
      />
      <NumberField
        id="leechThreshold"
        label="Leech threshold (lapses)"
        hint={hint(
          'leechThreshold',
          'After this many lapses a card is tagged as a leech and suspended.',
        )}
        value={draft.leechThreshold}
        onChange={(v) => set('leechThreshold', v)}
        min={1}
        max={99}
        step={1}
      />
      <div className="actions">
        <Button type="submit" variant="primary">
          Save settings
        </Button>
        {!isGlobal && overridden.size > 0 && (
          <Button onClick={() => void clearOverrides()}>Use global settings for {scope}</Button>
        )}
      </div>
      {saved && <Notice tone="success">{saved}</Notice>}
    </form>
  );
}

type FieldProps = {
  id: string;
  label: string;
  hint: string;
  value: string;
  onChange: (value: string) => void;
};

function NumberField({
  id,
  label,
  hint,
  value,
  onChange,
  min,
  max,
  step,
}: FieldProps & { min: number; max: number; step: number }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        value={value}
        min={min}
        max={max}
        step={step}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={`${id}-hint`}
      />
      <span id={`${id}-hint`} className="field__hint">
        {hint}
      </span>
    </div>
  );
}

function TextField({ id, label, hint, value, onChange }: FieldProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={`${id}-hint`}
        autoComplete="off"
        spellCheck={false}
      />
      <span id={`${id}-hint`} className="field__hint">
        {hint}
      </span>
    </div>
  );
}
