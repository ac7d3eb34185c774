import { PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

function eventRows(page: Page) {
  return page.getByRole('list', { name: 'Events' }).getByRole('listitem');
}

test.describe('live events', () => {
  test('a write appears live, opens in detail with its diff, filters by key and survives a reload', async ({ page, demo }) => {
    await test.step('the streams list shows orders with its stream', async () => {
      await page.goto(`${demo.appUrl}/streams`);
      const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'orders', exact: true }) });
      await expect(row).toContainText('NEW_AND_OLD_IMAGES');
      await expect(row).toContainText('ENABLED');
      await row.getByRole('link', { name: 'orders', exact: true }).click();
      await expect(page).toHaveURL(/\/streams\/orders$/);
      await expect(page.getByRole('heading', { name: 'orders', level: 1 })).toBeVisible();
      await expect(page.getByTestId('tail-status')).toHaveAttribute('data-state', 'running');
      // Both shards are being read before the write, so "appears live" is what is tested.
      // (A shard whose read the emulator just throttled is still being read: Eddy backs off and goes on.)
      const reading = ['reading', 'idle', 'throttled'].map((state) => `[data-testid="shard"][data-reader-state="${state}"]`).join(', ');
      await expect(page.locator(reading)).toHaveCount(2);
    });

    const orderId = `e2e-live-${Date.now()}`;
    await test.step('a PutItem through the SDK appears in the list', async () => {
      await demo.clients.dynamodb.send(
        new PutItemCommand({
          TableName: 'orders',
          Item: marshall({
            orderId,
            customerId: 'cust-0042',
            items: [{ sku: 'PAPER-CUP', quantity: 2, unitPrice: 1.5 }],
            total: 3,
            status: 'PLACED',
            note: '<img src=x onerror=alert(1)>first',
            big: 12345678901234567890123456789012345678n,
            createdAt: new Date().toISOString(),
          }),
        }),
      );
      const insert = eventRows(page).filter({ hasText: orderId }).filter({ hasText: 'INSERT' });
      await expect(insert).toHaveCount(1);
      await insert.getByRole('button').click();
      await expect(page).toHaveURL(new RegExp(`event=`));
      const detail = page.getByRole('region', { name: 'Event detail' });
      await expect(detail).toContainText('INSERT');
      await expect(detail.getByRole('list', { name: 'Keys' })).toContainText(orderId);
      // Item content is text, never HTML; a 38-digit number keeps every digit.
      await expect(detail.getByRole('list', { name: 'New image' })).toContainText('"<img src=x onerror=alert(1)>first"');
      await expect(detail.getByRole('list', { name: 'New image' })).toContainText('12345678901234567890123456789012345678');
      await expect(detail.getByRole('table', { name: 'Changes' }).getByRole('row').filter({ hasText: 'note' })).toContainText('added');
    });

    let filteredUrl = '';
    await test.step('filtering by key keeps only that item’s events, in the URL', async () => {
      await page.getByLabel('Key (equals, or prefix*)').fill(orderId);
      await page.getByLabel('Key (equals, or prefix*)').press('Enter');
      await expect(page).toHaveURL(new RegExp(`key=${orderId}`));
      await expect(eventRows(page).filter({ hasText: 'INSERT' })).toHaveCount(1);
      for (const text of await eventRows(page).allInnerTexts()) expect(text).toContain(orderId);
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
      const modify = eventRows(page).filter({ hasText: orderId }).filter({ hasText: 'MODIFY' }).filter({ hasText: 'note' });
      await expect(modify).toHaveCount(1);
      await modify.getByRole('button').click();
      const change = page.getByRole('region', { name: 'Event detail' }).getByRole('table', { name: 'Changes' }).getByRole('row').filter({ hasText: 'note' });
      await expect(change).toHaveAttribute('data-kind', 'changed');
      await expect(change).toContainText('"<img src=x onerror=alert(1)>first"');
      await expect(change).toContainText('"second"');
      for (const text of await eventRows(page).allInnerTexts()) expect(text).toContain(orderId);
      filteredUrl = page.url();
    });

    await test.step('a reload of the URL shows the same view', async () => {
      await page.reload();
      expect(page.url()).toBe(filteredUrl);
      await expect(page.getByLabel('Key (equals, or prefix*)')).toHaveValue(orderId);
      await expect(eventRows(page).filter({ hasText: 'INSERT' })).toHaveCount(1);
      await expect(eventRows(page).filter({ hasText: 'note' })).toHaveCount(1);
      for (const text of await eventRows(page).allInnerTexts()) expect(text).toContain(orderId);
      const change = page.getByRole('region', { name: 'Event detail' }).getByRole('table', { name: 'Changes' }).getByRole('row').filter({ hasText: 'note' });
      await expect(change).toHaveAttribute('data-kind', 'changed');
    });

    await test.step('a bad condition is explained, not sent', async () => {
      await page.getByLabel('Attribute condition').fill('total >');
      await page.getByLabel('Attribute condition').press('Enter');
      await expect(page.getByRole('alert').filter({ hasText: 'A value is missing after “>”' })).toBeVisible();
      await expect(page).toHaveURL(/where=total/);
    });
  });

  test('“Oldest retained” starts at the trim horizon and pages forward beside the live tail, never throttling the demo’s consumers', async ({ page, demo }) => {
    // Throttles are counted from here: earlier specs of this worker share the demo (and its traffic spikes).
    await fetch(`${demo.emulatorUrl}/_eddy/stats`, { method: 'DELETE' });
    await page.goto(`${demo.appUrl}/streams/orders?start=trim_horizon&type=INSERT`);
    await expect(page.getByLabel('Start')).toHaveValue('trim_horizon');
    await expect(page.getByTestId('tail-status')).toHaveAttribute('data-state', 'running');
    // The first page from the trim horizon loads by itself, through the shards' read schedulers.
    await expect(page.getByText(/[1-9]\d* older event\(s\) loaded/)).toBeVisible({ timeout: 60_000 });
    await expect(eventRows(page).filter({ hasText: 'INSERT' }).first()).toBeVisible();
    const more = page.getByRole('button', { name: /Load more older events|No older events/ });
    await expect(more).toBeVisible();
    if (await more.isEnabled()) await more.click();
    await expect(page.getByRole('button', { name: /Loading older events/ })).toHaveCount(0, { timeout: 60_000 });
    const stats = (await (await fetch(`${demo.emulatorUrl}/_eddy/stats`)).json()) as { shards: Record<string, { throttled: Record<string, number> }> };
    for (const shard of Object.values(stats.shards)) expect(shard.throttled['eddy-demo'] ?? 0).toBe(0);
  });
});
