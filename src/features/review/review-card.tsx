import type { CardRecord, DeckRecord } from '../../services';
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
