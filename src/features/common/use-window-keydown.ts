import { useLayoutEffect, useRef } from 'react';

/**
 * Listens for keydown on the window with the handler of the latest render. Both the listener and each new handler
 * are put in place in layout effects, which run in the same commit that puts the screen in the DOM: a key pressed the
 * moment a screen or a new card appears is handled with that card's state. Plain effects left a window (until the
 * passive effects ran) in which the key went to the previous card's handler — one that thinks the answer is already
 * shown — or, right after the screen mounted, to no handler at all.
 */
export function useWindowKeydown(handler: (event: KeyboardEvent) => void): void {
  const latest = useRef(handler);
  useLayoutEffect(() => {
    latest.current = handler;
  });
  useLayoutEffect(() => {
    const onKey = (event: KeyboardEvent) => latest.current(event);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
