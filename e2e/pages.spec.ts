import type { ConsoleMessage, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { PAGES, tracePagePath } from './pages';

/**
 * Every page of the demo, opened by a browser in another time zone than the server's: anything
 * rendered differently on the server and in the browser (times, above all) shows up as a React
 * hydration error in the console, and so does a missing favicon (a 404 in the console).
 */
test.use({ timezoneId: 'Asia/Tokyo', locale: 'en-US' });

/** Console errors and uncaught exceptions from the moment this is called. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error') errors.push(`${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  return errors;
}

test.describe('every page', () => {
  // normalDemo: the fulfillment bug in place, so the DLQ holds a message to trace even if an earlier spec emptied it.
  test('renders in a browser in Tokyo without a console error', async ({ page, normalDemo: demo }) => {
    test.setTimeout(180_000);
    const errors = collectErrors(page);
    const trace = await tracePagePath(page, demo.appUrl);
    for (const path of [...PAGES, trace]) {
      await test.step(path, async () => {
        const before = errors.length;
        const res = await page.goto(`${demo.appUrl}${path}`);
        expect(res?.status(), path).toBe(200);
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        // The root layout marks the document once React has hydrated it: hydration errors come before.
        await expect(page.locator('html[data-hydrated]')).toBeAttached();
        expect(errors.slice(before), `console errors on ${path}`).toEqual([]);
      });
    }
  });

  test('times are 24-hour and name the browser’s time zone, not the server’s', async ({ page, demo }) => {
    await page.goto(`${demo.appUrl}/queues`);
    await expect(page.locator('html[data-hydrated]')).toBeAttached();
    const sampled = page.locator('time[data-format="time"]').first();
    // Tokyo is UTC+9 all year round.
    await expect(sampled).toHaveText(/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d GMT\+9$/);
    await expect(sampled).toHaveAttribute('title', /^\d{4}-\d\d-\d\d ([01]\d|2[0-3]):[0-5]\d:[0-5]\d GMT\+9$/);
  });
});
