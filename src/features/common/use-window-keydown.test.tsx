import { render } from '@testing-library/react';
import { useLayoutEffect } from 'react';
import { describe, expect, it } from 'vitest';
import { useWindowKeydown } from './use-window-keydown';

function Listener({ card, seen }: { card: string; seen: string[] }) {
  useWindowKeydown((event) => seen.push(`${card}:${event.key}`));
  return null;
}

/** Presses a key in the commit that shows `card`, before any passive effect of that commit has run. */
function KeyInSameCommit({ card }: { card: string }) {
  useLayoutEffect(() => {
    window.dispatchEvent(new KeyboardEvent('keydown', { key: ' ' }));
  }, [card]);
  return null;
}

describe('useWindowKeydown', () => {
  it('hands a key pressed in the very commit that shows a screen or a new card to that card’s handler', () => {
    const seen: string[] = [];
    const view = render(
      <>
        <Listener card="first" seen={seen} />
        <KeyInSameCommit card="first" />
      </>,
    );
    view.rerender(
      <>
        <Listener card="second" seen={seen} />
        <KeyInSameCommit card="second" />
      </>,
    );
    // Each press reaches the handler of the card shown in that commit, the very first one included.
    expect(seen).toEqual(['first: ', 'second: ']);
  });

  it('stops listening when the screen unmounts', () => {
    const seen: string[] = [];
    const view = render(<Listener card="only" seen={seen} />);
    window.dispatchEvent(new KeyboardEvent('keydown', { key: '3' }));
    view.unmount();
    window.dispatchEvent(new KeyboardEvent('keydown', { key: '3' }));
    expect(seen).toEqual(['only:3']);
  });
});
