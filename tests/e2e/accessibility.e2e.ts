/**
 * Scenario 5, accessibility: axe-core finds no violations on any screen once its data has loaded (a card shown, its
 * answer revealed, lists filled), in the light and the dark theme.
 *
 * axe is evaluated through the DevTools protocol rather than added as a <script> tag: the app's CSP rightly refuses
 * inline scripts, and the test must not weaken it (no `bypassCSP`), since scenario 6 watches for violations here too.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { navigate, openToday, reviewByKeyboard, reviewLog } from './harness/app.ts';
import { openSession, type Session } from './harness/session.ts';

const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

type AxeViolation = { id: string; impact: string; help: string; nodes: { target: string[] }[] };

async function axeViolations(page: Page): Promise<string[]> {
  const hasAxe = await page.evaluate(() => 'axe' in window);
  if (!hasAxe) await page.evaluate(AXE_SOURCE);
  const { violations, passes } = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            context: Document,
            options: object,
          ) => Promise<{ violations: AxeViolation[]; passes: unknown[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return { violations: result.violations, passes: result.passes.length };
  });
  assert.ok(passes > 10, `axe ran its rules (${passes} passed)`);
  return violations.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
  );
}

/** The screens, each opened as a learner would and waited on until its data shows. */
const SCREENS: { name: string; open: (page: Page, url: string) => Promise<void> }[] = [
  {
    name: 'Today',
    open: (page, url) => openToday(page, url),
  },
  {
    name: 'Decks',
    open: async (page, url) => {
      await openToday(page, url);
      // Waits for the Decks heading: Today's stays on screen until the Decks screen has loaded and replaced it.
      await navigate(page, 'Decks');
      await page.locator('main a[href*="/decks/"]').first().waitFor();
    },
  },
  {
    name: 'Chapter',
    open: async (page, url) => {
      await openToday(page, url);
      await page
        .getByRole('table', { name: /Cards due today per deck/ })
        .locator('tbody th a')
        .first()
        .click();
      // Today's own table is still there until the chapter page replaces it: wait for the chapter's URL and heading.
      await page.waitForURL(/\/decks\/[^/]+$/);
      await page.waitForFunction(() => {
        const heading = document.querySelector('main h1')?.textContent;
        return heading !== undefined && heading !== 'Today';
      });
      await page.locator('main table tbody tr').first().waitFor();
      await page.waitForFunction(
        () => !document.querySelector('main [role="status"]')?.textContent?.startsWith('Loading'),
      );
    },
  },
  {
    name: 'Review, front',
    open: async (page, url) => {
      await page.goto(`${url}review`);
      await page.getByRole('region', { name: 'Question' }).waitFor();
    },
  },
  {
    name: 'Review, answer revealed',
    open: async (page, url) => {
      await page.goto(`${url}review`);
      await page.getByRole('button', { name: 'Show answer' }).click();
      await page.getByRole('button', { name: /^Good/ }).waitFor();
    },
  },
  {
    name: 'Browse',
    open: async (page, url) => {
      await page.goto(`${url}browse`);
      await page
        .getByRole('table', { name: 'Cards matching the filters' })
        .locator('tbody tr')
        .first()
        .waitFor();
    },
  },
  {
    name: 'Card info',
    open: async (page, url) => {
      const [row] = await reviewLog(page);
      assert.ok(row, 'a reviewed card');
      await page.goto(`${url}browse/${encodeURIComponent(row.cardId)}`);
      await page
        .getByRole('table', { name: /Every answer to this card/ })
        .locator('tbody tr')
        .first()
        .waitFor();
    },
  },
  {
    name: 'Settings',
    open: async (page, url) => {
      await page.goto(`${url}settings`);
      await page.getByRole('button', { name: /^Save/ }).first().waitFor();
      await page.getByTestId('app-version').waitFor();
    },
  },
  {
    name: 'Stats',
    open: async (page, url) => {
      await openToday(page, url);
      const link = page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Stats' });
      // The Stats screen is part of the build only once it exists (see src/app/routes.tsx).
      if ((await link.count()) === 0) return;
      await link.click();
      await page.getByRole('heading', { level: 1, name: /Stat/ }).waitFor();
      await page.waitForFunction(
        () => !document.querySelector('main [role="status"]')?.textContent?.startsWith('Loading'),
      );
    },
  },
  {
    name: 'Not found',
    open: async (page, url) => {
      await page.goto(`${url}no-such-screen`);
      await page.locator('main h1').first().waitFor();
    },
  },
];

let session: Session;
before(async () => {
  session = await openSession();
  const { page, server } = session;
  // Some history first, so Browse, the card's history and Today's figures are filled.
  await openToday(session.page, server.url);
  await page.goto(`${server.url}review`);
  await reviewByKeyboard(page, 3, 3);
});
after(async () => {
  await session?.close();
});

for (const scheme of ['light', 'dark'] as const) {
  for (const screen of SCREENS) {
    test(`${screen.name} has no axe violations in the ${scheme} theme`, async () => {
      const { page, server } = session;
      await page.emulateMedia({ colorScheme: scheme });
      await screen.open(page, server.url);
      assert.deepEqual(await axeViolations(page), []);
    });
  }
}

test('no console errors and no CSP violations while checking accessibility', () => {
  session.assertNoProblems();
});
