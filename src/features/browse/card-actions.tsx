import { useState } from 'react';
import { resetCard, suspendCards, unsuspendCards, type CardRecord } from '../../services';
import { Button } from '../../ui/button';
import { useDb } from '../common/app-context';

type Props = {
  card: Pick<CardRecord, 'id' | 'suspended' | 'memory'>;
  /** Short description of the card for the buttons' accessible names ("Suspend: What is a feature store?"). */
  label: string;
  onDone?: (message: string) => void;
  onError?: (message: string) => void;
};

/** Suspend or unsuspend a card, and reset it (forget) after a confirmation; each one transaction in the services. */
export function CardActions({ card, label, onDone, onError }: Props) {
  const db = useDb();
  const [confirming, setConfirming] = useState(false);

  const run = async (action: () => Promise<unknown>, message: string) => {
    try {
      await action();
      onDone?.(message);
    } catch (error) {
      onError?.(error instanceof Error ? error.message : String(error));
    }
  };

  if (confirming) {
    return (
      <span className="actions" role="group" aria-label={`Confirm reset: ${label}`}>
        <span>Forget its progress?</span>
        <Button
          variant="danger"
          aria-label={`Yes, reset: ${label}`}
          onClick={() => {
            setConfirming(false);
            void run(
              () => resetCard(db, card.id, Date.now()),
              'Card reset: it is new again; its history is kept.',
            );
          }}
        >
          Yes, reset
        </Button>
        <Button aria-label={`Cancel reset: ${label}`} onClick={() => setConfirming(false)}>
          Cancel
        </Button>
      </span>
    );
  }

  return (
    <span className="actions">
      {card.suspended ? (
        <Button
          aria-label={`Unsuspend: ${label}`}
          onClick={() => void run(() => unsuspendCards(db, [card.id]), 'Card unsuspended.')}
        >
          Unsuspend
        </Button>
      ) : (
        <Button
          aria-label={`Suspend: ${label}`}
          onClick={() => void run(() => suspendCards(db, [card.id]), 'Card suspended.')}
        >
          Suspend
        </Button>
      )}
      {card.memory.phase !== 'new' && (
        <Button variant="danger" aria-label={`Reset: ${label}`} onClick={() => setConfirming(true)}>
          Reset
        </Button>
      )}
    </span>
  );
}
