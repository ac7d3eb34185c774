import { expect, test } from './fixtures';
import { DemoBannerPage, QueuePage, StreamTablePage } from './pages';

test.describe('schema drift and the order of changes', () => {
  test('shipping a schema change on the demo: the stream page’s Schema section flags total’s new type, and the projector’s dead letters are marked', async ({ page, normalDemo: demo }) => {
    // normalDemo: no schema change shipped at the start, and none left shipped after the test, whatever its outcome.
    test.setTimeout(180_000);
    await test.step('the Schema section learns the orders’ shape from the live tail', async () => {
      await new StreamTablePage(page, demo.appUrl, 'orders').goto();
      const schema = page.locator('#schema');
      await expect(schema.getByRole('heading', { name: 'Schema' })).toBeVisible();
      // Drift is only drift once the shape is established: wait for enough images before shipping.
      await expect(async () => {
        const res = await page.request.get(`${demo.appUrl}/api/streams/orders/schema`);
        const body = (await res.json()) as { images: number };
        expect(body.images).toBeGreaterThanOrEqual(10);
      }).toPass({ timeout: 60_000, intervals: [1_000] });
      const total = schema.getByRole('table', { name: 'Learned schema' }).locator('tr[data-attribute="total"]');
      await expect(total).toContainText('N ×');
      await expect(schema.locator('[data-testid="schema-drift"][data-attribute="total"]')).toHaveCount(0);
    });

    await test.step('the banner ships the schema change', async () => {
      const banner = new DemoBannerPage(page);
      await banner.turn('Ship a schema change', true);
      await expect(banner.state).toContainText('schema change shipped');
    });

    await test.step('the Schema section flags total as a type change, and the new schemaVersion', async () => {
      const drift = page.locator('#schema [data-testid="schema-drift"][data-attribute="total"][data-kind="type_changed"]');
      await expect(drift).toBeVisible({ timeout: 60_000 });
      await expect(drift).toContainText('as S');
      await expect(drift).toContainText('had N');
      await expect(page.locator('#schema tr[data-attribute="total"]')).toContainText('S ×');
      await expect(page.locator('#schema [data-testid="schema-drift"][data-attribute="schemaVersion"]')).toBeVisible();
    });

    await test.step('the projector’s failure records for those orders are marked on its queue page, and the count filters the list', async () => {
      await new QueuePage(page, demo.appUrl, 'order-projector-failures').goto();
      const shapeLink = page.getByTestId('show-shape');
      await expect(async () => {
        await page.getByRole('button', { name: 'Browse again' }).click();
        await expect(shapeLink).toBeVisible({ timeout: 3_000 });
      }).toPass({ timeout: 60_000, intervals: [2_000] });
      await shapeLink.click();
      await expect(page).toHaveURL(/[?&]show=shape/);
      const rows = page.getByRole('table', { name: 'Messages' }).locator('tbody tr');
      await expect(rows).not.toHaveCount(0);
      for (const row of await rows.all()) await expect(row.getByTestId('shape-differs')).toBeVisible();
    });

    await test.step('the trace of a marked failure record says which of its records differ, and how', async () => {
      await page.getByRole('table', { name: 'Messages' }).locator('tbody tr').first().getByRole('link', { name: 'Trace' }).click();
      await expect(page).toHaveURL(/\/traces\/order-projector-failures\//);
      await expect(page.getByTestId('trace-shape-differs')).toContainText('total is S, recent traffic has N', { timeout: 30_000 });
    });
  });
});
