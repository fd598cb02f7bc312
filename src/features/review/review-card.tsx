import type { RefObject } from 'react';
import type { AnswerPreview, CardRecord, DeckRecord, Grade } from '../../services';
import { Button } from '../../ui/button';
import { Markdown } from '../../ui/markdown';
import { obsidianUrl } from '../common/obsidian-link';

const QUEUE_LABEL = { new: 'New card', learning: 'Learning', review: 'Review' } as const;

type Props = {
  card: CardRecord;
  deck: DeckRecord | undefined;
  queue: keyof typeof QUEUE_LABEL;
};

/** Where the card comes from: chapter, section and its queue, above the card. */
export function CardContext({ card, deck, queue }: Props) {
  const chapter = `Chapter ${card.chapter}${deck ? `: ${deck.title}` : ''}`;
  return (
    <p className="review__context">{`${chapter} · ${card.section} · ${QUEUE_LABEL[queue]}`}</p>
  );
}

/** The card's source note and line, with a link that opens it in Obsidian when the vault is known. */
export function CardSource({ card, deck }: Omit<Props, 'queue'>) {
  const url = obsidianUrl(deck?.vault, card.source.file);
  return (
    <p className="review__source">
      Source: {card.source.file}, line {card.source.line}
      {url && (
        <>
          {' · '}
          <a href={url}>Open in Obsidian</a>
        </>
      )}
    </p>
  );
}

/** The back of a card, or a prompt to grade oneself when the notes hold no answer. */
export function CardBack({ card }: { card: CardRecord }) {
  if (card.back.trim() === '') {
    return (
      <p className="muted">
        No answer is written in the notes for this card: answer from memory, check your notes, and
        grade yourself.
      </p>
    );
  }
  return <Markdown source={card.back} />;
}

/** The question and, once revealed, the answer: each a focusable region so focus can follow the reveal. */
export function CardFaces({
  card,
  revealed,
  frontRef,
  answerRef,
}: {
  card: CardRecord;
  revealed: boolean;
  frontRef: RefObject<HTMLDivElement | null>;
  answerRef: RefObject<HTMLDivElement | null>;
}) {
  return (
    <div className="review__card">
      <div ref={frontRef} tabIndex={-1} role="region" aria-label="Question">
        <Markdown source={card.front} />
      </div>
      {revealed && (
        <>
          <hr className="review__divider" />
          <div ref={answerRef} tabIndex={-1} role="region" aria-label="Answer">
            <CardBack card={card} />
          </div>
        </>
      )}
    </div>
  );
}

const GRADE_BUTTONS: {
  grade: Grade;
  name: 'Again' | 'Hard' | 'Good' | 'Easy';
  variant: 'again' | 'hard' | 'good' | 'easy';
}[] = [
  { grade: 1, name: 'Again', variant: 'again' },
  { grade: 2, name: 'Hard', variant: 'hard' },
  { grade: 3, name: 'Good', variant: 'good' },
  { grade: 4, name: 'Easy', variant: 'easy' },
];

/**
 * "Show answer", then the four grades with the interval each would give (from the scheduler's preview: the UI never
 * computes intervals). Accessible names start with exactly "Again", "Hard", "Good", "Easy".
 */
export function AnswerControls({
  revealed,
  preview,
  onReveal,
  onAnswer,
}: {
  revealed: boolean;
  preview: Record<Grade, AnswerPreview>;
  onReveal: () => void;
  onAnswer: (grade: Grade) => void;
}) {
  if (!revealed) {
    return (
      <Button
        variant="primary"
        large
        className="review__reveal"
        onClick={onReveal}
        aria-keyshortcuts="Space Enter"
      >
        Show answer
      </Button>
    );
  }
  return (
    <div className="review__answers" role="group" aria-label="Grade your answer">
      {GRADE_BUTTONS.map((b) => (
        <Button
          key={b.grade}
          variant={b.variant}
          large
          onClick={() => onAnswer(b.grade)}
          aria-keyshortcuts={String(b.grade)}
        >
          <span>{b.name}</span> <span className="button__hint">{preview[b.grade].label}</span>
        </Button>
      ))}
    </div>
  );
}
