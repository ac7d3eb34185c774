import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { expect, test } from './fixtures';
import { docsScreenshot } from './docs-screenshot';

test.describe('the local demo', () => {
  // The demo is shared by the worker's specs: whatever this test switched on is switched off.
  test.afterEach(({ demo }) => demo.simulation.reset());

  test('shows live traffic, its first dead letters, and the banner’s switches working', async ({ page, demo }) => {
    await page.goto(demo.appUrl);
    await expect(page.getByTestId('connection-indicator')).toContainText(`Local demo endpoint 127.0.0.1:${demo.emulator.port}`);
    await expect(page.getByTestId('connection-indicator')).toHaveAttribute('data-status', 'ok');

    const banner = page.getByRole('region', { name: 'Local demo' });
    await expect(banner).toContainText('Fragile items fail in fulfillment');
    for (const name of ['Fix the fulfillment bug', 'Traffic spike', 'Stall the notifier', 'Break a subscription', 'Reset']) {
      await expect(banner.getByRole('button', { name })).toBeVisible();
    }

    // The first dead letters arrive within a minute: fulfillment retries a fragile order 3 times.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Queues', exact: true }).click();
    const dlqRow = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'fulfillment-dlq', exact: true }) });
    await expect(dlqRow).toContainText('DLQ of fulfillment');
    await expect(async () => {
      await page.reload();
      const visible = Number((await dlqRow.getByRole('cell').nth(3).innerText()).replace(/,/g, ''));
      expect(visible).toBeGreaterThan(0);
    }).toPass({ timeout: 60_000, intervals: [2_000] });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview', exact: true }).click();
    await expect(page.getByText('Dead-letter queues holding messages')).toBeVisible();
    await docsScreenshot(page, 'demo.png');

    await banner.getByRole('button', { name: 'Fix the fulfillment bug' }).click();
    await expect(banner.getByTestId('demo-state')).toContainText('Fulfillment bug fixed');
    await expect(banner.getByRole('button', { name: 'Fix the fulfillment bug' })).toHaveAttribute('aria-pressed', 'true');

    // A new fragile order now goes through: the worker marks it FULFILLED in the orders table.
    const orderId = `e2e-fragile-${Date.now()}`;
    await demo.clients.dynamodb.send(
      new PutItemCommand({
        TableName: 'orders',
        Item: marshall({
          orderId,
          customerId: 'cust-0042',
          items: [{ sku: 'GLASS-VASE', quantity: 1, unitPrice: 29.9 }],
          total: 29.9,
          status: 'PLACED',
          createdAt: new Date().toISOString(),
        }),
      }),
    );
    await expect
      .poll(
        async () => {
          const out = await demo.clients.dynamodb.send(new GetItemCommand({ TableName: 'orders', Key: marshall({ orderId }), ConsistentRead: true }));
          return out.Item ? unmarshall(out.Item).status : 'missing';
        },
        { timeout: 45_000, intervals: [500] },
      )
      .toBe('FULFILLED');

    await test.step('each switch switches off again when pressed a second time', async () => {
      const state = banner.getByTestId('demo-state');
      const fix = banner.getByRole('button', { name: 'Fix the fulfillment bug' });
      await fix.click();
      await expect(fix).toHaveAttribute('aria-pressed', 'false');
      await expect(state).toContainText('Fragile items fail in fulfillment');

      const stall = banner.getByRole('button', { name: 'Stall the notifier' });
      await stall.click();
      await expect(stall).toHaveAttribute('aria-pressed', 'true');
      await expect(state).toContainText('notifier stalled');
      await stall.click();
      await expect(stall).toHaveAttribute('aria-pressed', 'false');
      await expect(state).toContainText('notifier running');

      const spike = banner.getByRole('button', { name: 'Traffic spike' });
      await spike.click();
      await expect(spike).toHaveAttribute('aria-pressed', 'true');
      await expect(state).toContainText('traffic spike');
      await spike.click();
      await expect(spike).toHaveAttribute('aria-pressed', 'false');
      await expect(state).not.toContainText('traffic spike');
      await expect(state).toContainText(`${demo.simulation.status().rate}/s orders`);
    });

    await test.step('Reset switches everything off', async () => {
      await banner.getByRole('button', { name: 'Stall the notifier' }).click();
      await expect(banner.getByTestId('demo-state')).toContainText('notifier stalled');
      await banner.getByRole('button', { name: 'Traffic spike' }).click();
      await expect(banner.getByTestId('demo-state')).toContainText('traffic spike');

      await banner.getByRole('button', { name: 'Reset' }).click();
      await expect(banner.getByTestId('demo-state')).toContainText('Fragile items fail in fulfillment');
      await expect(banner.getByTestId('demo-state')).toContainText('notifier running');
      await expect(banner.getByTestId('demo-state')).not.toContainText('traffic spike');
      for (const name of ['Fix the fulfillment bug', 'Traffic spike', 'Stall the notifier']) {
        await expect(banner.getByRole('button', { name })).toHaveAttribute('aria-pressed', 'false');
      }
    });
  });
});
