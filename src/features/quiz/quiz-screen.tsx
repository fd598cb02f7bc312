import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import {
  answerQuizCard,
  CardChangedError,
  finishQuiz,
  getCourseSettings,
  previewAnswers,
  QuizDeckNotFoundError,
  startQuiz,
  type AnswerPreview,
  type Grade,
  type QuizAnswer,
  type QuizResult,
  type QuizSession,
} from '../../services';
import { Button } from '../../ui/button';
import { Notice } from '../../ui/notice';
import { ProgressBar } from '../../ui/progress-bar';
import { useAppEnv } from '../common/app-context';
import { useWindowKeydown } from '../common/use-window-keydown';
import { AnswerControls, CardFaces, CardSource } from '../review/review-card';
import { reviewKeyAction } from '../review/review-keys';
import { QuizResultView } from './quiz-result-view';
import './quiz.css';

type View =
  | { kind: 'loading' }
  | { kind: 'missing'; message: string }
  | { kind: 'error'; message: string }
  | { kind: 'empty'; session: QuizSession }
  | {
      kind: 'card';
      session: QuizSession;
      index: number;
      revealed: boolean;
      preview: Record<Grade, AnswerPreview>;
      shownAt: number;
    }
  | { kind: 'done'; session: QuizSession; result: QuizResult };

const ORIGIN_LABEL = {
  chapter: 'This chapter',
  related: 'Weak card of a linked chapter',
  earlier: 'Weak card of an earlier chapter',
} as const;

/**
 * `/quiz/:deckId`, "Quiz me before the exercises": the chapter's cards plus the weak cards of the chapters it builds
 * on, each asked once. Every answer is a real review saved with kind 'quiz' before the next card shows. At the end:
 * the score, the verdict (ready, with the exercises, or what to review first) and the missed cards with answers.
 */
export function QuizScreen() {
  const { deckId = '' } = useParams();
  const env = useAppEnv();
  const { db } = env;
  const guardMs = env.revealGuardMs ?? 300;
  const [view, setView] = useState<View>({ kind: 'loading' });
  const [answers, setAnswers] = useState<QuizAnswer[]>([]);
  const [message, setMessage] = useState<{
    tone: 'info' | 'warning' | 'error';
    text: string;
  } | null>(null);
  const busy = useRef(false);
  const revealedAt = useRef(0);
  const frontRef = useRef<HTMLDivElement>(null);
  const answerRef = useRef<HTMLDivElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);

  /** Shows card `index` of the session, or the result when none is left. */
  const show = useCallback(
    async (session: QuizSession, index: number, given: QuizAnswer[]) => {
      const item = session.items[index];
      if (!item) {
        setView({ kind: 'done', session, result: finishQuiz(session, given) });
        return;
      }
      const now = Date.now();
      const settings = await getCourseSettings(db, item.card.course);
      setView({
        kind: 'card',
        session,
        index,
        revealed: false,
        preview: previewAnswers(item.card, now, settings),
        shownAt: now,
      });
    },
    [db],
  );

  /** Builds the quiz at this moment (state is only set once it is built, so the effect below stays async). */
  const load = useCallback(async () => {
    try {
      const session = await startQuiz(db, deckId, Date.now());
      if (session.items.length === 0) setView({ kind: 'empty', session });
      else await show(session, 0, []);
    } catch (error) {
      if (error instanceof QuizDeckNotFoundError)
        setView({ kind: 'missing', message: error.message });
      else
        setView({
          kind: 'error',
          message: `The quiz could not be built: ${error instanceof Error ? error.message : String(error)}`,
        });
    }
  }, [db, deckId, show]);

  useEffect(() => {
    let live = true;
    void (async () => {
      if (live) await load();
    })();
    return () => {
      live = false;
    };
  }, [load]);

  const retake = () => {
    setView({ kind: 'loading' });
    setAnswers([]);
    setMessage(null);
    void load();
  };

  const shownKey = view.kind === 'card' ? `${view.index}:${view.revealed}` : view.kind;
  useEffect(() => {
    if (view.kind === 'card') (view.revealed ? answerRef : frontRef).current?.focus();
    else if (view.kind === 'done') resultRef.current?.focus();
    // Focus follows what is new on screen: the card, its answer, or the result.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shownKey]);

  const reveal = () => {
    if (view.kind !== 'card' || view.revealed) return;
    revealedAt.current = performance.now();
    setView({ ...view, revealed: true });
  };

  const answer = async (grade: Grade) => {
    if (view.kind !== 'card' || !view.revealed || busy.current) return;
    // One double tap must not reveal and grade at once.
    if (performance.now() - revealedAt.current < guardMs) return;
    const item = view.session.items[view.index];
    if (!item) return;
    busy.current = true;
    const now = Date.now();
    try {
      const result = await answerQuizCard(db, {
        cardId: item.card.id,
        expectedVersion: item.card.version,
        grade,
        now,
        durationMs: now - view.shownAt,
      });
      const given = [
        ...answers,
        {
          cardId: item.card.id,
          deckId: item.card.deckId,
          origin: item.origin,
          front: item.card.front,
          back: item.card.back,
          rating: grade,
        },
      ];
      setAnswers(given);
      setMessage(
        result.becameLeech
          ? {
              tone: 'warning',
              text: `That card has lapsed ${result.card.memory.lapses} times: it is now tagged as a leech and suspended.`,
            }
          : null,
      );
      await show(view.session, view.index + 1, given);
    } catch (error) {
      if (error instanceof CardChangedError) {
        // Answered elsewhere meanwhile: nothing was saved here; the quiz moves on without counting it.
        setMessage({ tone: 'info', text: `${error.message} The card was skipped.` });
        await show(view.session, view.index + 1, answers);
      } else {
        setMessage({
          tone: 'error',
          text: `Your answer could not be saved: ${error instanceof Error ? error.message : String(error)}`,
        });
      }
    } finally {
      busy.current = false;
    }
  };

  const endNow = () => {
    if (view.kind !== 'card') return;
    setView({ kind: 'done', session: view.session, result: finishQuiz(view.session, answers) });
  };

  useWindowKeydown((event) => {
    const action = reviewKeyAction(event);
    if (!action || view.kind !== 'card' || action.type === 'undo') return;
    if (action.type === 'reveal' && !view.revealed) {
      event.preventDefault();
      reveal();
    } else if (action.type === 'answer' && view.revealed) {
      event.preventDefault();
      void answer(action.grade);
    }
  });

  const session = 'session' in view ? view.session : null;
  const title = session
    ? `Quiz: Chapter ${session.deck.chapter}, ${session.deck.title}`
    : 'Quiz before the exercises';

  return (
    <section aria-labelledby="quiz-title" className="review quiz">
      <h1 id="quiz-title">{title}</h1>
      {message && <Notice tone={message.tone}>{message.text}</Notice>}
      {view.kind === 'loading' && <p role="status">Building the quiz…</p>}
      {view.kind === 'missing' && (
        <p>
          {view.message} <Link to="/decks">See all chapters</Link>.
        </p>
      )}
      {view.kind === 'error' && <Notice tone="error">{view.message}</Notice>}
      {view.kind === 'empty' && (
        <p>
          This chapter has no cards to quiz (all suspended?).{' '}
          <Link to={`/decks/${encodeURIComponent(view.session.deck.id)}`}>Back to the chapter</Link>
        </p>
      )}
      {view.kind === 'card' &&
        (() => {
          const item = view.session.items[view.index];
          if (!item) return null;
          const total = view.session.items.length;
          const from = view.session.deckTitles[item.card.deckId];
          return (
            <>
              <p className="muted">
                {view.index === 0
                  ? `${total} ${total === 1 ? 'card' : 'cards'}: this chapter’s, and the weak cards of the chapters it builds on, weakest first. Each answer counts as a review.`
                  : ' '}
              </p>
              <ProgressBar
                label="Quiz progress"
                value={view.index}
                max={total}
                text={`Card ${view.index + 1} of ${total}`}
              />
              <p className="review__context">
                <span>
                  Chapter {item.card.chapter}
                  {from ? `: ${from.title}` : ''}
                </span>
                {' · '}
                <span>{item.card.section}</span>
                {' · '}
                <span>{ORIGIN_LABEL[item.origin]}</span>
              </p>
              <CardFaces
                card={item.card}
                revealed={view.revealed}
                frontRef={frontRef}
                answerRef={answerRef}
              />
              <AnswerControls
                revealed={view.revealed}
                preview={view.preview}
                onReveal={reveal}
                onAnswer={(grade) => void answer(grade)}
              />
              <CardSource card={item.card} deck={view.session.deck} />
              <p className="actions">
                <span className="muted">Keys: Space or Enter shows the answer, 1–4 answer.</span>
                <Button onClick={endNow}>End the quiz now</Button>
              </p>
            </>
          );
        })()}
      {view.kind === 'done' && (
        <div ref={resultRef} tabIndex={-1}>
          <QuizResultView session={view.session} result={view.result} onRetake={retake} />
        </div>
      )}
    </section>
  );
}
