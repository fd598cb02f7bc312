import { useEffect, useLayoutEffect, useRef } from 'react';

/**
 * Listens for keydown on the window with the handler of the latest render. The handler is swapped in a layout effect,
 * which runs in the same commit that puts the new screen in the DOM: a key pressed the moment a new card appears is
 * handled with that card's state. Re-adding the listener in a plain effect left a window (until the passive effects
 * ran) in which the previous card's handler — for instance one that thinks the answer is already shown — got the key.
 */
export function useWindowKeydown(handler: (event: KeyboardEvent) => void): void {
  const latest = useRef(handler);
  useLayoutEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => latest.current(event);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
