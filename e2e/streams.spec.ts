import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { expect, test } from './fixtures';
import { StreamTablePage } from './pages';

test.describe('live events', () => {
  test('a write appears live, opens in detail with its diff, filters by key and survives a reload', async ({ page, demo, demoOrders }) => {
    // Several live waits in a row: on a loaded machine they outlast the default 90 s.
    test.setTimeout(180_000);
    const orders = new StreamTablePage(page, demo.appUrl, 'orders');
    await test.step('the streams list shows orders with its stream', async () => {
      await page.goto(`${demo.appUrl}/streams`);
      const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'orders', exact: true }) });
      await expect(row).toContainText('NEW_AND_OLD_IMAGES');
      await expect(row).toContainText('ENABLED');
      await row.getByRole('link', { name: 'orders', exact: true }).click();
      await expect(page).toHaveURL(/\/streams\/orders$/);
      await expect(orders.heading).toBeVisible();
      await expect(orders.tailStatus).toHaveAttribute('data-state', 'running');
      // Both shards are being read before the write, so "appears live" is what is tested.
      // (A shard whose read the emulator just throttled is still being read: Eddy backs off and goes on.)
      const reading = ['reading', 'idle', 'throttled'].map((state) => `[data-testid="shard"][data-reader-state="${state}"]`).join(', ');
      await expect(page.locator(reading)).toHaveCount(2);
    });

    const orderId = demoOrders.uniqueId('live');
    await test.step('a PutItem through the SDK appears in the list', async () => {
      await demoOrders.put({
        orderId,
        customerId: 'cust-0042',
        items: [{ sku: 'PAPER-CUP', quantity: 2, unitPrice: 1.5 }],
        total: 3,
        status: 'PLACED',
        note: '<img src=x onerror=alert(1)>first',
        big: 12345678901234567890123456789012345678n,
        createdAt: new Date().toISOString(),
      });
      const insert = orders.events.filter({ hasText: orderId }).filter({ hasText: 'INSERT' });
      await expect(insert).toHaveCount(1);
      await orders.openEvent(insert);
      await expect(page).toHaveURL(new RegExp(`event=`));
      await expect(orders.detail).toContainText('INSERT');
      await expect(orders.detail.getByRole('list', { name: 'Keys' })).toContainText(orderId);
      // Item content is text, never HTML; a 38-digit number keeps every digit.
      await expect(orders.detail.getByRole('list', { name: 'New image' })).toContainText('"<img src=x onerror=alert(1)>first"');
      await expect(orders.detail.getByRole('list', { name: 'New image' })).toContainText('12345678901234567890123456789012345678');
      await expect(orders.change('note')).toContainText('added');
    });

    let filteredUrl = '';
    await test.step('filtering by key keeps only that item’s events, in the URL', async () => {
      await orders.filterByKey(orderId);
      await expect(page).toHaveURL(new RegExp(`key=${orderId}`));
      await expect(orders.events.filter({ hasText: 'INSERT' })).toHaveCount(1);
      await orders.expectEveryEventContains(orderId);
    });

    await test.step('an update shows as a MODIFY with the changed attribute highlighted', async () => {
      await demo.clients.dynamodb.send(
        new UpdateItemCommand({
          TableName: 'orders',
          Key: marshall({ orderId }),
          UpdateExpression: 'SET note = :n',
          ExpressionAttributeValues: marshall({ ':n': 'second' }),
        }),
      );
      const modify = orders.events.filter({ hasText: orderId }).filter({ hasText: 'MODIFY' }).filter({ hasText: 'note' });
      await expect(modify).toHaveCount(1);
      await orders.openEvent(modify);
      const change = orders.change('note');
      await expect(change).toHaveAttribute('data-kind', 'changed');
      await expect(change).toContainText('"<img src=x onerror=alert(1)>first"');
      await expect(change).toContainText('"second"');
      await orders.expectEveryEventContains(orderId);
      filteredUrl = page.url();
    });

    await test.step('a reload of the URL shows the same view', async () => {
      await page.reload();
      expect(page.url()).toBe(filteredUrl);
      await expect(orders.keyFilter).toHaveValue(orderId);
      await expect(orders.events.filter({ hasText: 'INSERT' })).toHaveCount(1);
      await expect(orders.events.filter({ hasText: 'note' })).toHaveCount(1);
      await orders.expectEveryEventContains(orderId);
      await expect(orders.change('note')).toHaveAttribute('data-kind', 'changed');
    });

    await test.step('a bad condition is explained, not sent', async () => {
      await orders.filterByCondition('total >');
      await expect(page.getByRole('alert').filter({ hasText: 'A value is missing after “>”' })).toBeVisible();
      await expect(page).toHaveURL(/where=total/);
    });
  });

  test('“Oldest retained” starts at the trim horizon and pages forward beside the live tail, never throttling the demo’s consumers', async ({ page, demo }) => {
    const orders = new StreamTablePage(page, demo.appUrl, 'orders');
    await test.step('open the table from the trim horizon, its throttle counts reset', async () => {
      // Throttles are counted from here: earlier specs of this worker share the demo (and its traffic spikes).
      await fetch(`${demo.emulatorUrl}/_eddy/stats`, { method: 'DELETE' });
      await orders.goto('?start=trim_horizon&type=INSERT');
      await expect(page.getByLabel('Start')).toHaveValue('trim_horizon');
      await expect(orders.tailStatus).toHaveAttribute('data-state', 'running');
    });

    await test.step('the first page of older events loads by itself, and the next one on demand', async () => {
      // The first page from the trim horizon loads by itself, through the shards' read schedulers.
      await expect(page.getByText(/[1-9]\d* older event\(s\) loaded/)).toBeVisible({ timeout: 60_000 });
      await expect(orders.events.filter({ hasText: 'INSERT' }).first()).toBeVisible();
      const more = page.getByRole('button', { name: /Load more older events|No older events/ });
      await expect(more).toBeVisible();
      if (await more.isEnabled()) await more.click();
      await expect(page.getByRole('button', { name: /Loading older events/ })).toHaveCount(0, { timeout: 60_000 });
    });

    await test.step('no shard read of the demo’s consumers was throttled', async () => {
      const stats = (await (await fetch(`${demo.emulatorUrl}/_eddy/stats`)).json()) as { shards: Record<string, { throttled: Record<string, number> }> };
      for (const shard of Object.values(stats.shards)) expect(shard.throttled['eddy-demo'] ?? 0).toBe(0);
    });
  });
});
