import { useEffect, useState } from 'react';
import type { DeckIndex } from '../domain/deck-format';

/** Stand-in until the review app lands: lists the built decks, loaded at run time (never bundled). */
export function App() {
  const [index, setIndex] = useState<DeckIndex | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    fetch(`${import.meta.env.BASE_URL}decks/index.json`)
      .then((response) => {
        if (!response.ok) throw new Error(`decks/index.json: HTTP ${response.status}`);
        return response.json() as Promise<DeckIndex>;
      })
      .then(setIndex, (reason: unknown) => setError(String(reason)));
  }, []);
  return (
    <main>
      <h1>Coursedeck</h1>
      {error && <p role="alert">Could not load the decks: {error}</p>}
      {index && (
        <ul>
          {index.decks.map((deck) => (
            <li key={deck.id}>
              {deck.course} · Chapter {deck.chapter}: {deck.title} ({deck.cardCount} cards)
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
