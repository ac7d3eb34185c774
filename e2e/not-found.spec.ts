import { expect, test } from './fixtures';

/**
 * A page for something that does not exist answers HTTP 404 with its route's not-found page,
 * not 200 with an error panel; a failure that is not "missing" keeps its panel.
 */
test.describe('a page for something that does not exist', () => {
  const missing = `e2e-missing-${Date.now()}`;
  const cases = [
    { path: `/queues/${missing}`, heading: 'No such queue', back: 'All queues' },
    { path: `/streams/${missing}`, heading: 'No such table', back: 'All tables' },
    { path: `/functions/${missing}`, heading: 'No such function', back: 'Back to the overview' },
    { path: `/traces/${missing}/a-message-id`, heading: 'No such queue', back: 'Search traces' },
    { path: `/${missing}`, heading: 'Nothing flows here', back: 'Back to the overview' },
  ];
  for (const { path, heading, back } of cases) {
    test(`${path.replace(missing, '<missing>')} answers 404`, async ({ page, demo }) => {
      const res = await page.goto(`${demo.appUrl}${path}`);
      expect(res?.status()).toBe(404);
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
      await expect(page.getByRole('link', { name: back })).toBeVisible();
    });
  }

  test('a page for something that exists still answers 200', async ({ page, demo }) => {
    for (const path of ['/queues/fulfillment', '/streams/orders', '/functions/fulfillment-worker']) {
      await test.step(path, async () => {
        const res = await page.goto(`${demo.appUrl}${path}`);
        expect(res?.status(), path).toBe(200);
      });
    }
  });
});
