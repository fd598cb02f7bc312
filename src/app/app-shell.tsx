import { Suspense, useEffect, useRef } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router-dom';
import { Notice } from '../ui/notice';
import { useSyncStatus } from '../features/common/sync-status';
import { PwaNotices } from './pwa/pwa-notices';

type NavItem = { to: string; label: string; end?: boolean };

const NAV: NavItem[] = [
  { to: '/', label: 'Today', end: true },
  { to: '/decks', label: 'Decks' },
  { to: '/review', label: 'Review' },
  { to: '/browse', label: 'Browse' },
];

/** The frame around every screen: skip link, navigation, deck-sync status, and the lazily loaded screen. */
export function AppShell({ showStats }: { showStats: boolean }) {
  const sync = useSyncStatus();
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  // After a navigation, move focus to the new screen so keyboard and screen-reader users start at its content.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.focus({ preventScroll: true });
  }, [location.pathname]);

  const items = [...NAV, ...(showStats ? [{ to: '/stats', label: 'Stats' }] : [])];
  items.push({ to: '/settings', label: 'Settings' });

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="shell__header">
        <Link to="/" className="shell__brand">
          Coursedeck
        </Link>
        <nav aria-label="Main">
          <ul className="nav__list">
            {items.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end ?? false} className="nav__link">
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        {sync.state === 'syncing' && (
          <span className="shell__sync" role="status">
            Updating decks…
          </span>
        )}
      </header>
      <main id="main" className="shell__main" ref={mainRef} tabIndex={-1}>
        <PwaNotices />
        {sync.state === 'error' && (
          <Notice tone="error">
            Could not update the decks: {sync.message} Your cards and reviews are safe; the decks
            will be checked again next time the app opens.
          </Notice>
        )}
        <Suspense fallback={<p role="status">Loading…</p>}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
