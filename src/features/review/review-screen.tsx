import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import {
  answerCard,
  CardChangedError,
  getCourseSettings,
  getDeck,
  getTodayCounts,
  nextCard,
  nextCards,
  PREPARED_MAX_AGE_MS,
  previewAnswers,
  takePreparedCard,
  undoDepth,
  undoLast,
  type AnswerPreview,
  type AnswerResult,
  type CardRecord,
  type CoursedeckDb,
  type Grade,
  type NextCard,
  type QueueName,
  type ShownCard,
} from '../../services';
import { Button } from '../../ui/button';
import { Notice } from '../../ui/notice';
import { ProgressBar } from '../../ui/progress-bar';
import { useAppEnv } from '../common/app-context';
import { readFirstCardSnapshot, type SnapshotStorage } from '../../services/today-snapshot';
import { useSyncStatus } from '../common/sync-status';
import { useWindowKeydown } from '../common/use-window-keydown';
import { AnswerControls, CardContext, CardFaces, CardSource } from './review-card';
import { reviewKeyAction } from './review-keys';
import { SessionSummary, type SessionTally } from './session-summary';
import { primeOptimizerAfterSession } from '../../workers/prime';

type Current = {
  card: CardRecord;
  queue: QueueName;
  preview: Record<Grade, AnswerPreview>;
  /** When the card was shown (epoch ms), for the answer's duration. */
  shownAt: number;
};

/**
 * The cards prepared to follow the one on screen (`afterId`), in order. `cards` is undefined until the first look-up
 * returns (`lookup`); `groups` are the groups answered since they were planned, whose siblings an answer may bury.
 */
type Ahead = {
  afterId: string;
  preparedAt: number;
  cards: ShownCard[] | undefined;
  groups: Set<string>;
  lookup: Promise<void>;
};

/**
 * How many cards are kept ready: an answer shows the next one even when saves and look-ups fall behind (a durable
 * commit can wait seconds for a busy disk; eight cover that at a fast answer every half second).
 */
const AHEAD = 8;

type View =
  | { kind: 'loading' }
  | { kind: 'card'; current: Current; revealed: boolean }
  | { kind: 'done'; nextLearningDue: number | null };

type Message = { tone: 'warning' | 'error' | 'info'; text: string; cardId?: string };

const EMPTY_TALLY: SessionTally = { answered: 0, grades: { 1: 0, 2: 0, 3: 0, 4: 0 }, logIds: [] };

function queueOfPhase(card: CardRecord): QueueName {
  const phase = card.memory.phase;
  return phase === 'new' ? 'new' : phase === 'review' ? 'review' : 'learning';
}

/** The first card kept with Today's snapshot (all-decks sessions only), previewed at `now`; else loading. */
function keptCardView(
  db: CoursedeckDb,
  storage: SnapshotStorage | undefined,
  deckId: string | undefined,
  now: number,
): View {
  const kept = !deckId && storage ? readFirstCardSnapshot(db, storage, now) : null;
  if (!kept) return { kind: 'loading' };
  const { next, settings } = kept;
  return {
    kind: 'card',
    current: {
      card: next.card,
      queue: next.queue,
      preview: previewAnswers(next.card, now, settings),
      shownAt: now,
    },
    revealed: false,
  };
}

/**
 * `/review` and `/review/:deckId`: one card at a time, front then answer, graded Again/Hard/Good/Easy with the
 * interval each would give (previewed by the scheduler, never computed here). The card that follows is looked up
 * while the learner reads the current one, so an answer shows it at once and is saved behind it (in order; a save
 * that fails brings its card back with the reason); Undo waits for the saves and takes back the last answers one by
 * one.
 */
export function ReviewScreen() {
  const { deckId } = useParams();
  // A new session (fresh tally and progress) for each deck, even when only the address changes.
  return <ReviewSession key={deckId ?? ''} deckId={deckId} />;
}

function ReviewSession({ deckId }: { deckId: string | undefined }) {
  const env = useAppEnv();
  const { db, snapshotStorage } = env;
  const guardMs = env.revealGuardMs ?? 300;

  // On a cold start the card kept with Today's snapshot shows before the database has opened (and before the deck
  // sync: if the sync changes that card, its answer is refused as changed and the next card is shown).
  const [initialView] = useState(() => keptCardView(db, snapshotStorage, deckId, Date.now()));
  const fromSnapshot = initialView.kind === 'card';
  const [view, setView] = useState<View>(initialView);
  const [tally, setTally] = useState<SessionTally>(EMPTY_TALLY);
  const [remaining, setRemaining] = useState<number | null>(null);
  const [canUndo, setCanUndo] = useState(false);
  const [message, setMessage] = useState<Message | null>(null);
  const busy = useRef(false);
  /** The card to show after the one on screen, looked up while the learner reads it (see `prepareAfter`). */
  const ahead = useRef<Ahead | null>(null);
  /** Saves of answers already shown as done, in order: the next save, an undo and each look-ahead wait for them. */
  const saving = useRef<Promise<unknown>>(Promise.resolve());
  const revealedAt = useRef(0);
  const frontRef = useRef<HTMLDivElement>(null);
  const answerRef = useRef<HTMLDivElement>(null);

  const card = view.kind === 'card' ? view.current.card : null;
  const deck = useLiveQuery(
    () => (card ? getDeck(db, card.deckId) : Promise.resolve(undefined)),
    [db, card?.deckId],
  );
  const scopeDeck = useLiveQuery(
    () => (deckId ? getDeck(db, deckId) : Promise.resolve(undefined)),
    [db, deckId],
  );

  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  /** When today's study day ends (epoch ms), from the last full count: an answered card due before it stays. */
  const dayEnd = useRef<number | null>(null);

  /**
   * Counts left for the progress bar; read after the next card is on screen so it never delays it. Only at the start,
   * after an undo or a conflict and at the end: after a plain answer the count is updated from the answer itself
   * (see `answer`), because a count is a read across the cards and the log that the next answer would wait behind.
   */
  const refreshCounts = useCallback(async () => {
    const [counts, depth] = await Promise.all([getTodayCounts(db, Date.now()), undoDepth(db)]);
    // The count is read in the background: the screen may be gone by the time it arrives.
    if (!mounted.current) return;
    const scope = deckId ? counts.decks.filter((d) => d.deckId === deckId) : counts.decks;
    dayEnd.current = counts.day.end;
    setRemaining(scope.reduce((a, d) => a + d.new + d.learning + d.review, 0));
    setCanUndo(depth > 0);
  }, [db, deckId]);

  const showNext = useCallback(
    (next: NextCard, now: number, recount = true) => {
      if (!mounted.current) return;
      if (next.card) {
        setView({
          kind: 'card',
          current: { card: next.card, queue: next.queue, preview: next.preview, shownAt: now },
          revealed: false,
        });
      } else {
        setView({ kind: 'done', nextLearningDue: next.nextLearningDue });
      }
      if (recount || !next.card) void refreshCounts();
    },
    [refreshCounts],
  );

  const loadNext = useCallback(
    async (recount = true) => {
      const now = Date.now();
      showNext(await nextCard(db, now, deckId ? { deckId } : {}), now, recount);
    },
    [db, deckId, showNext],
  );

  // The first card is read once the start-up deck sync has finished, so a first visit starts with the new decks;
  // Today has usually looked it up already (services/prepared-card.ts).
  const syncing = useSyncStatus().state === 'syncing';
  const started = useRef(fromSnapshot);
  useEffect(() => {
    // The kept card is on screen: only the counts for the progress bar are read.
    if (fromSnapshot) void refreshCounts();
  }, [fromSnapshot, refreshCounts]);
  useEffect(() => {
    if (started.current) return;
    if (syncing) return;
    started.current = true;
    const now = Date.now();
    const opts = deckId ? { deckId } : {};
    void takePreparedCard(db, now, opts)
      .then((prepared) => prepared ?? nextCard(db, now, opts))
      .then((next) => showNext(next, now));
  }, [db, deckId, showNext, syncing]);

  /**
   * Looks up the cards that follow `current` as if it were answered (nextCards with `after`), once the saves before
   * it are done, so the answer can show the next one at once. Cards carried over from the previous look-up (see
   * `answer`) serve until it returns. A failed look-up leaves the carried cards, or nothing: the answer then waits.
   */
  const prepareAfter = useCallback(
    (current: Current) => {
      const carried = ahead.current?.afterId === current.card.id ? ahead.current : null;
      const after = { id: current.card.id, course: current.card.course, queue: current.queue };
      const entry: Ahead = carried ?? {
        afterId: current.card.id,
        preparedAt: Date.now(),
        cards: undefined,
        groups: new Set(),
        lookup: Promise.resolve(),
      };
      entry.lookup = saving.current
        .then(() => {
          const now = Date.now();
          return nextCards(db, now, deckId ? { deckId, after } : { after }, AHEAD).then((cards) => {
            entry.cards = cards;
            entry.preparedAt = now;
            entry.groups = new Set();
          });
        })
        .catch(() => undefined);
      ahead.current = entry;
    },
    [db, deckId],
  );
  const current = view.kind === 'card' ? view.current : null;
  useEffect(() => {
    if (current) prepareAfter(current);
  }, [current, prepareAfter]);

  // The session's summary after answers: a quiet moment to prime the optimizer in the background (the learner may close
  // the app here without ever leaving the review screen).
  const sessionEnded = view.kind === 'done' && tally.answered > 0;
  useEffect(() => {
    if (sessionEnded) primeOptimizerAfterSession(db);
  }, [sessionEnded, db]);

  // A new card takes the focus, so Space reveals it and screen readers read it; a revealed answer likewise.
  const shownId = view.kind === 'card' ? view.current.card.id : null;
  const revealed = view.kind === 'card' && view.revealed;
  useEffect(() => {
    if (shownId === null) return;
    (revealed ? answerRef : frontRef).current?.focus({ preventScroll: false });
  }, [shownId, revealed]);

  const reveal = () => {
    if (view.kind !== 'card' || view.revealed) return;
    revealedAt.current = performance.now();
    setView({ ...view, revealed: true });
  };

  /** What an answer changes on screen once it is saved: the tally, the count left, Undo and a leech notice. */
  const onSaved = (result: AnswerResult, grade: Grade, shown: CardRecord) => {
    if (!mounted.current) return;
    setTally((t) => ({
      answered: t.answered + 1,
      grades: { ...t.grades, [grade]: t.grades[grade] + 1 },
      logIds: [...t.logIds, { id: result.entry.id, grade }],
    }));
    setMessage(
      result.becameLeech
        ? {
            tone: 'warning',
            text: `This card has lapsed ${result.card.memory.lapses} times: it is now tagged as a leech and suspended. Consider rewriting it in your notes; you can unsuspend it in Browse.`,
            cardId: shown.id,
          }
        : null,
    );
    // The answered card leaves today's count unless it comes back today (a learning step); buried siblings may
    // change the count in ways only a full count knows.
    const phase = result.card.memory.phase;
    const staysToday =
      !result.card.suspended &&
      (phase === 'learning' || phase === 'relearning') &&
      dayEnd.current !== null &&
      result.card.memory.due < dayEnd.current;
    setRemaining((r) => (r === null ? r : Math.max(0, r - 1 + (staysToday ? 1 : 0))));
    setCanUndo(true);
  };

  const answer = async (grade: Grade) => {
    if (view.kind !== 'card' || !view.revealed || busy.current) return;
    // The guard: a second tap landing right after the reveal must not grade the card.
    if (performance.now() - revealedAt.current < guardMs) return;
    const shownNow = view.current;
    const { card: shown, shownAt } = shownNow;
    const now = Date.now();
    const input = {
      cardId: shown.id,
      expectedVersion: shown.version,
      grade,
      now,
      durationMs: now - shownAt,
    };
    const recountAfter = (result: AnswerResult) =>
      result.buriedSiblings > 0 || dayEnd.current === null || now >= dayEnd.current;

    // The next card prepared while this one was read shows at once, and the answer is saved behind it (a look-up
    // still running is waited for). Not when the cards are stale, when nothing would follow (the session's end needs
    // the saved state: when does the next step come due?), nor a sibling that an answer since may bury.
    const prepared = ahead.current?.afterId === shown.id ? ahead.current : null;
    ahead.current = null;
    if (prepared && prepared.cards === undefined) {
      busy.current = true;
      await prepared.lookup;
      busy.current = false;
    }
    const groups = new Set(prepared?.groups);
    if (shown.group) groups.add(shown.group);
    const [next, ...later] =
      prepared?.cards && Date.now() - prepared.preparedAt <= PREPARED_MAX_AGE_MS
        ? prepared.cards.filter((c) => c.card.id !== shown.id && !groups.has(c.card.group))
        : [];
    if (next && mounted.current) {
      const save = saving.current.then(() => answerCard(db, input));
      saving.current = save.catch(() => undefined);
      // The rest serve the next answer until a fresh look-up (prepareAfter) replaces them.
      ahead.current = {
        afterId: next.card.id,
        preparedAt: prepared!.preparedAt,
        cards: later,
        groups,
        lookup: Promise.resolve(),
      };
      showNext(next, Date.now(), false);
      try {
        const result = await save;
        onSaved(result, grade, shown);
        if (recountAfter(result) && mounted.current) void refreshCounts();
      } catch (error) {
        if (!mounted.current) return;
        if (error instanceof CardChangedError) {
          setMessage({ tone: 'info', text: error.message });
        } else {
          // Nothing was saved: the card comes back so the learner can answer it again.
          setMessage({
            tone: 'error',
            text: `Your answer could not be saved: ${error instanceof Error ? error.message : String(error)}`,
          });
          setView({ kind: 'card', current: { ...shownNow, shownAt: Date.now() }, revealed: false });
        }
      }
      return;
    }

    busy.current = true;
    try {
      await saving.current;
      const result = await answerCard(db, input);
      onSaved(result, grade, shown);
      await loadNext(recountAfter(result));
    } catch (error) {
      if (error instanceof CardChangedError) {
        setMessage({ tone: 'info', text: error.message });
        await loadNext();
      } else {
        // Nothing was saved; the card stays on screen so the learner can try again.
        setMessage({
          tone: 'error',
          text: `Your answer could not be saved: ${error instanceof Error ? error.message : String(error)}`,
        });
      }
    } finally {
      busy.current = false;
    }
  };

  const undo = async () => {
    if (busy.current) return;
    busy.current = true;
    ahead.current = null;
    try {
      // The answers already shown as done are saved first: Undo takes back the last one.
      await saving.current;
      const result = await undoLast(db, Date.now());
      if (!result) {
        setMessage({ tone: 'info', text: 'Nothing to undo.' });
        setCanUndo(false);
        return;
      }
      const now = Date.now();
      const settings = await getCourseSettings(db, result.card.course);
      setTally((t) => {
        const entry = t.logIds.find((l) => l.id === result.logId);
        if (!entry) return t;
        return {
          answered: t.answered - 1,
          grades: { ...t.grades, [entry.grade]: t.grades[entry.grade] - 1 },
          logIds: t.logIds.filter((l) => l.id !== result.logId),
        };
      });
      setMessage({ tone: 'info', text: 'Answer undone: the card is back as it was.' });
      setView({
        kind: 'card',
        current: {
          card: result.card,
          queue: queueOfPhase(result.card),
          preview: previewAnswers(result.card, now, settings),
          shownAt: now,
        },
        revealed: false,
      });
      void refreshCounts();
    } catch (error) {
      setMessage({
        tone: 'error',
        text: `Could not undo: ${error instanceof Error ? error.message : String(error)}`,
      });
    } finally {
      busy.current = false;
    }
  };

  // Shortcuts are listened for on the window, so they work wherever focus is (except in form fields).
  useWindowKeydown((event) => {
    const action = reviewKeyAction(event);
    if (!action) return;
    if (action.type === 'undo') {
      event.preventDefault();
      void undo();
    } else if (action.type === 'reveal') {
      if (view.kind === 'card' && !view.revealed) {
        event.preventDefault();
        reveal();
      }
    } else if (view.kind === 'card' && view.revealed) {
      event.preventDefault();
      void answer(action.grade);
    }
  });

  const title = scopeDeck ? `Review: Chapter ${scopeDeck.chapter}, ${scopeDeck.title}` : 'Review';
  const done = tally.answered;
  const total = remaining === null ? null : done + remaining;

  return (
    <section aria-labelledby="review-title" className="review">
      <div className="review__toolbar">
        <h1 id="review-title">{title}</h1>
        <Button onClick={() => void undo()} disabled={!canUndo} aria-keyshortcuts="U Control+Z">
          Undo
        </Button>
      </div>
      {total !== null && view.kind !== 'done' && (
        <ProgressBar
          label="Session progress"
          value={done}
          max={total}
          text={`${done} done, ${remaining} left`}
        />
      )}
      {message && (
        <Notice tone={message.tone}>
          {message.text}
          {message.cardId && (
            <>
              {' '}
              <Link to={`/browse/${encodeURIComponent(message.cardId)}`}>See the card</Link>
            </>
          )}
        </Notice>
      )}
      {view.kind === 'loading' && <p role="status">Loading the next card…</p>}
      {view.kind === 'done' && (
        <SessionSummary
          tally={tally}
          nextLearningDue={view.nextLearningDue}
          onCheckAgain={() => void loadNext()}
        />
      )}
      {view.kind === 'card' && (
        <>
          <CardContext card={view.current.card} deck={deck} queue={view.current.queue} />
          <CardFaces
            card={view.current.card}
            revealed={view.revealed}
            frontRef={frontRef}
            answerRef={answerRef}
          />
          <AnswerControls
            revealed={view.revealed}
            preview={view.current.preview}
            onReveal={reveal}
            onAnswer={(grade) => void answer(grade)}
          />
          <CardSource card={view.current.card} deck={deck} />
          <p className="muted">
            Keys: Space or Enter shows the answer, 1–4 answer, U or Ctrl+Z undoes.
          </p>
        </>
      )}
    </section>
  );
}
