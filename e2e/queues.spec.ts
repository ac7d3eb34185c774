import { CreateQueueCommand, DeleteQueueCommand } from '@aws-sdk/client-sqs';
import type { FaultRule } from '../server/emulator/core/faults';
import { expect, test } from './fixtures';
import { QueuePage } from './pages';

test.describe('queues', () => {
  test('the queue list: roles, depth sparklines, forecasts, a filter kept in the URL, pages', async ({ page, demo, tempQueues }) => {
    const prefix = tempQueues.uniqueName('many');
    await test.step('create 60 queues', async () => {
      for (let i = 0; i < 60; i++) await tempQueues.create(`${prefix}-${String(i).padStart(2, '0')}`);
    });

    await page.goto(`${demo.appUrl}/queues`);
    const table = page.getByRole('table', { name: 'Queues' });
    const dlqRow = table.getByRole('row').filter({ has: page.getByRole('link', { name: 'fulfillment-dlq', exact: true }) });
    await expect(dlqRow).toContainText('DLQ of fulfillment');
    const sourceRow = table.getByRole('row').filter({ has: page.getByRole('link', { name: 'fulfillment', exact: true }) });
    await expect(sourceRow).toContainText('→ fulfillment-dlq after 3 receives');
    await expect(table.getByRole('row').filter({ hasText: 'order-projector-failures' })).toContainText('Failure destination of order-projector');

    // The sampler keeps history: after two samples the depth sparkline and a forecast show.
    await expect(async () => {
      await page.reload();
      await expect(sourceRow.getByRole('img', { name: /fulfillment depth/ })).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 40_000, intervals: [3_000] });
    await expect(sourceRow.getByRole('cell').nth(8)).toHaveText(/drains in|growing|steady|empty/);

    await page.getByRole('searchbox', { name: 'Filter by name' }).fill(prefix);
    await expect(page).toHaveURL(new RegExp(`q=${prefix}`));
    await expect(page.getByText(/^60 of \d+ queues/)).toBeVisible();
    await expect(table.getByRole('row')).toHaveCount(51);
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByText('Page 2 of 2')).toBeVisible();
    await expect(table.getByRole('row')).toHaveCount(11);
    await page.reload();
    await expect(page.getByText('Page 2 of 2')).toBeVisible();

    await page.goto(`${demo.appUrl}/queues?role=dlq`);
    await expect(table.getByRole('row').filter({ hasText: 'DLQ of' })).toHaveCount(2);
    await expect(table.getByRole('row')).toHaveCount(3);
  });

  test('the list paints the names first: a queue whose attributes are not read yet shows "—", never 0, until they are', async ({ page, demo, tempQueues }) => {
    const name = tempQueues.uniqueName('names-first');
    const setFaults = (rules: FaultRule[]) => fetch(`${demo.emulatorUrl}/_eddy/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rules }) });
    // Its GetQueueAttributes answers 15 s late, so no refresh that lists it can finish before the
    // page paints; the other queues answer at once. Created after the rule, with no attribute read.
    expect((await setFaults([{ target: 'AmazonSQS.GetQueueAttributes', bodyContains: name, latencyMs: 15_000 }])).status).toBe(200);
    const url = (await demo.clients.sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl as string;
    try {
      await page.goto(`${demo.appUrl}/queues?q=${name}`);
      const table = page.getByRole('table', { name: 'Queues' });
      const row = table.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
      await test.step('the name at once, every figure unknown', async () => {
        await expect(row).toBeVisible();
        await expect(table).toHaveAttribute('aria-busy', 'true');
        await expect(row.getByRole('cell').nth(1)).toHaveText('Standard');
        await expect(row.getByTestId('figure-pending')).toHaveCount(7);
        await expect(row.getByRole('cell').nth(3)).toHaveText('—');
        await expect(page.getByText(/^1 of \d+ queues · reading their figures…/)).toBeVisible();
      });
      await test.step('then the figures, once its attributes are read', async () => {
        await expect(table).toHaveAttribute('aria-busy', 'false', { timeout: 40_000 });
        await expect(row.getByTestId('figure-pending')).toHaveCount(0);
        await expect(row.getByRole('cell').nth(3)).toHaveText('0');
        await expect(page.getByText(/^1 of \d+ queues · sampled/)).toBeVisible();
      });
    } finally {
      await fetch(`${demo.emulatorUrl}/_eddy/faults`, { method: 'DELETE' });
      await demo.clients.sqs.send(new DeleteQueueCommand({ QueueUrl: url })).catch(() => undefined);
    }
  });

  test('a queue page links its DLQ and back, and charts its depth', async ({ page, demo }) => {
    await page.goto(`${demo.appUrl}/queues/fulfillment`);
    await expect(page.getByRole('heading', { name: 'fulfillment', level: 1 })).toBeVisible();
    await expect(page.getByText('Dead letters go to fulfillment-dlq after 3 receives.')).toBeVisible();
    await expect(page.getByTestId('browse-refused')).toContainText('maxReceiveCount of 3');
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId('depth-chart').getByRole('application')).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 40_000, intervals: [3_000] });

    await page.getByRole('link', { name: 'fulfillment-dlq' }).first().click();
    await expect(page.getByRole('heading', { name: 'fulfillment-dlq', level: 1 })).toBeVisible();
    await expect(page.getByText(/Dead-letter queue of\s+fulfillment/)).toBeVisible();
    await page.getByRole('link', { name: 'fulfillment', exact: true }).first().click();
    await expect(page.getByRole('heading', { name: 'fulfillment', level: 1 })).toBeVisible();
  });

  test('a queue page charts over a range kept in the URL, and its settings read like a person wrote them', async ({ page, demo, tempQueues }) => {
    const { source } = await tempQueues.createWithDlq(tempQueues.uniqueName('settings'), 4, { source: { VisibilityTimeout: '30', MessageRetentionPeriod: '345600', MaximumMessageSize: '262144' } });
    const queue = new QueuePage(page, demo.appUrl, source.name);
    await queue.goto();

    await test.step('settings in words', async () => {
      await expect(queue.setting('Retention')).toHaveText('4 d');
      await expect(queue.setting('Visibility timeout')).toHaveText('30 s');
      await expect(queue.setting('Maximum message size')).toHaveText('256 KiB');
      await expect(queue.setting('Dead letters')).toHaveText(`to ${source.name}-dlq after 4 receives`);
      await expect(queue.setting('Created')).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d /);
    });

    await test.step('the range: an hour by default, 24 h chosen, kept in the URL', async () => {
      await expect(queue.range.getByRole('button', { name: '1 h' })).toHaveAttribute('aria-pressed', 'true');
      await queue.range.getByRole('button', { name: '24 h' }).click();
      await expect(page).toHaveURL(/[?&]minutes=1440\b/);
      await expect(queue.range.getByRole('button', { name: '24 h' })).toHaveAttribute('aria-pressed', 'true');
      await expect(queue.chartsHeading).toContainText('last 24 h');
      // Over 3 h CloudWatch is read by 5 minutes.
      await expect(page.getByText('Age of oldest message (CloudWatch, per 5 min)')).toBeVisible();
      await page.reload();
      await expect(queue.range.getByRole('button', { name: '24 h' })).toHaveAttribute('aria-pressed', 'true');
      await queue.range.getByRole('button', { name: '15 min' }).click();
      await expect(page).toHaveURL(/[?&]minutes=15\b/);
      await expect(page.getByText('Age of oldest message (CloudWatch, per 1 min)')).toBeVisible();
    });
  });

  test('a Lambda failure destination: browsable, records summarised, no move task offered', async ({ page, demo }) => {
    await page.goto(`${demo.appUrl}/queues/order-projector-failures`);
    await expect(page.getByText('Lambda on-failure destination of order-projector.')).toBeVisible();
    await expect(page.getByText(/its messages are failure records, not dead letters of a queue, so a message move task does not apply/)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Redrive', exact: true })).toHaveCount(0);
    const rows = page.getByRole('table', { name: 'Messages' }).getByRole('row');
    await expect(async () => {
      await page.getByRole('button', { name: 'Browse again' }).click();
      await expect(rows.filter({ hasText: 'Lambda failure: order-projector' }).first()).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 60_000, intervals: [2_000] });
    await rows.filter({ hasText: 'Lambda failure: order-projector' }).first().getByRole('button').click();
    const record = page.getByTestId('failure-record');
    await expect(record).toContainText('order-projector');
    await expect(record).toContainText(/RetryAttemptsExhausted|RecordAgeExceeded/);
    await expect(record).toContainText('shardId-');
    await expect(record).toContainText('Sequence range');
  });

  test('a queue deleted while its page is open says so plainly', async ({ page, demo, tempQueues }) => {
    const { name, url } = await tempQueues.create(tempQueues.uniqueName('gone'));
    await page.goto(`${demo.appUrl}/queues/${name}`);
    await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
    await demo.clients.sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
    // The page refreshes its figures every 10 s.
    await expect(page.getByRole('alert').filter({ hasText: `${name} no longer exists` })).toBeVisible({ timeout: 25_000 });
    const res = await page.reload();
    expect(res?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1, name: 'No such queue' })).toBeVisible();
  });
});
