import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { expect, test } from './fixtures';
import { docsScreenshot } from './docs-screenshot';
import { DemoBannerPage, mainNav } from './pages';
import { emptyDemoQueue } from './sqs';

test.describe('the local demo', () => {
  // normalDemo: the switches start off (the bug in place, so dead letters arrive), and whatever
  // this test switched on is switched off after it, passed or failed: the demo is the worker's.
  test('shows live traffic, its first dead letters, and the banner’s switches working', async ({ page, normalDemo: demo, demoOrders }) => {
    // Waits out a purge refused for 60 s after another, for the first dead letters and a fulfilled
    // order, then flips every switch both ways.
    test.setTimeout(240_000);
    // The dead letters counted below are this test's: none left by earlier specs.
    await emptyDemoQueue(demo, 'fulfillment-dlq');
    await page.goto(demo.appUrl);
    await expect(page.getByTestId('connection-indicator')).toContainText(`Local demo endpoint 127.0.0.1:${demo.emulator.port}`);
    await expect(page.getByTestId('connection-indicator')).toHaveAttribute('data-status', 'ok');

    const demoBanner = new DemoBannerPage(page);
    const banner = demoBanner.region;
    await expect(banner).toContainText('Fragile items fail in fulfillment');
    for (const name of ['Fix the fulfillment bug', 'Traffic spike', 'Stall the notifier', 'Break a subscription', 'Reset']) {
      await expect(banner.getByRole('button', { name })).toBeVisible();
    }

    // The first dead letters arrive within a minute: fulfillment retries a fragile order 3 times.
    await mainNav(page).open('Queues');
    const dlqRow = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'fulfillment-dlq', exact: true }) });
    await expect(dlqRow).toContainText('DLQ of fulfillment');
    await expect(async () => {
      await page.reload();
      const visible = Number((await dlqRow.getByRole('cell').nth(3).innerText()).replace(/,/g, ''));
      expect(visible).toBeGreaterThan(0);
    }).toPass({ timeout: 60_000, intervals: [2_000] });
    await mainNav(page).open('Overview');
    await expect(page.getByText('Dead-letter queues holding messages')).toBeVisible();
    await docsScreenshot(page, 'demo.png');

    await demoBanner.turn('Fix the fulfillment bug', true);
    await expect(demoBanner.state).toContainText('Fulfillment bug fixed');

    // A new fragile order now goes through: the worker marks it FULFILLED in the orders table.
    const orderId = demoOrders.uniqueId('fragile');
    await demoOrders.place({ orderId, customerId: 'cust-0042', sku: 'GLASS-VASE', unitPrice: 29.9 });
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
      await demoBanner.turn('Fix the fulfillment bug', false);
      await expect(demoBanner.state).toContainText('Fragile items fail in fulfillment');
      await demoBanner.turn('Stall the notifier', true);
      await expect(demoBanner.state).toContainText('notifier stalled');
      await demoBanner.turn('Stall the notifier', false);
      await expect(demoBanner.state).toContainText('notifier running');
      await demoBanner.turn('Traffic spike', true);
      await expect(demoBanner.state).toContainText('traffic spike');
      await demoBanner.turn('Traffic spike', false);
      await expect(demoBanner.state).not.toContainText('traffic spike');
      await expect(demoBanner.state).toContainText(`${demo.simulation.status().rate}/s orders`);
    });

    await test.step('Reset switches everything off', async () => {
      await demoBanner.turn('Stall the notifier', true);
      await demoBanner.turn('Traffic spike', true);
      await demoBanner.reset();
      await expect(demoBanner.state).toContainText('Fragile items fail in fulfillment');
      await expect(demoBanner.state).toContainText('notifier running');
      await expect(demoBanner.state).not.toContainText('traffic spike');
      for (const name of ['Fix the fulfillment bug', 'Traffic spike', 'Stall the notifier']) {
        await expect(demoBanner.switchButton(name)).toHaveAttribute('aria-pressed', 'false');
      }
    });
  });
});
