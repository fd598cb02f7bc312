import { lazy, type ComponentType } from 'react';
import type { RouteObject } from 'react-router-dom';
import { TodayScreen } from '../features/today/today-screen';
import { AppShell } from './app-shell';
import { NotFound } from './not-found';

// Every screen but Today is its own chunk, so the first screen's JS stays small. Today is in the entry: a cold start
// paints it without waiting for another chunk (its counting and readiness code still load on demand).
const DecksScreen = lazy(() =>
  import('../features/decks/decks-screen').then((m) => ({ default: m.DecksScreen })),
);
const DeckScreen = lazy(() =>
  import('../features/decks/deck-screen').then((m) => ({ default: m.DeckScreen })),
);
const ReviewScreen = lazy(() =>
  import('../features/review/review-screen').then((m) => ({ default: m.ReviewScreen })),
);
const BrowseScreen = lazy(() =>
  import('../features/browse/browse-screen').then((m) => ({ default: m.BrowseScreen })),
);
const CardInfoScreen = lazy(() =>
  import('../features/browse/card-info-screen').then((m) => ({ default: m.CardInfoScreen })),
);
const QuizScreen = lazy(() =>
  import('../features/quiz/quiz-screen').then((m) => ({ default: m.QuizScreen })),
);
const SettingsScreen = lazy(() =>
  import('../features/settings/settings-screen').then((m) => ({ default: m.SettingsScreen })),
);

// The Stats screen is built separately; the glob is empty until its file exists, so the route and the nav link
// appear exactly when the screen does and the build never breaks on a missing import.
const statsModules = import.meta.glob<{ StatsScreen?: ComponentType; default?: ComponentType }>(
  '../features/stats/stats-screen.tsx',
);
const loadStats = Object.values(statsModules)[0];
const StatsScreen = loadStats
  ? lazy(() =>
      loadStats().then((m) => {
        const Component = m.StatsScreen ?? m.default;
        if (!Component) throw new Error('stats-screen.tsx exports no StatsScreen');
        return { default: Component };
      }),
    )
  : null;

/** Whether the Stats screen is part of this build (its nav link is shown only then). */
export const hasStats = StatsScreen !== null;

/** The app's routes, shared by the browser router (main.tsx) and the tests' memory router. */
export const routes: RouteObject[] = [
  {
    path: '/',
    element: <AppShell showStats={hasStats} />,
    children: [
      { index: true, element: <TodayScreen /> },
      { path: 'decks', element: <DecksScreen /> },
      { path: 'decks/:deckId', element: <DeckScreen /> },
      { path: 'review', element: <ReviewScreen /> },
      { path: 'review/:deckId', element: <ReviewScreen /> },
      { path: 'quiz/:deckId', element: <QuizScreen /> },
      { path: 'browse', element: <BrowseScreen /> },
      { path: 'browse/:cardId', element: <CardInfoScreen /> },
      { path: 'settings', element: <SettingsScreen /> },
      ...(StatsScreen ? [{ path: 'stats', element: <StatsScreen /> }] : []),
      { path: '*', element: <NotFound /> },
    ],
  },
];
