import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetQueueUrlCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { RunningDemo } from '../server/launch/demo';
import { expect, test } from './fixtures';

async function placeOrder(demo: RunningDemo, order: { orderId: string; customerId: string; sku: string }) {
  await demo.clients.dynamodb.send(
    new PutItemCommand({
      TableName: 'orders',
      Item: marshall({ orderId: order.orderId, customerId: order.customerId, items: [{ sku: order.sku, quantity: 1, unitPrice: 9.9 }], total: 9.9, status: 'PLACED', createdAt: new Date().toISOString() }),
    }),
  );
}

/** The id of the dead letter whose body contains `text` (DLQs have no redrive policy: a receive costs nothing). */
async function deadLetterId(demo: RunningDemo, queue: string, text: string): Promise<string> {
  const { QueueUrl } = await demo.clients.sqs.send(new GetQueueUrlCommand({ QueueName: queue }));
  let id: string | undefined;
  await expect(async () => {
    const { Messages = [] } = await demo.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0, WaitTimeSeconds: 1 }));
    id = Messages.find((m) => (m.Body ?? '').includes(text))?.MessageId;
    expect(id).toBeTruthy();
  }).toPass({ timeout: 60_000, intervals: [500] });
  return id as string;
}

test.describe('why did it fail: the logs', () => {
  test('a fulfillment dead letter’s trace shows the worker’s error line naming the fragile SKU, and the function page filters its logs', async ({ page, demo }) => {
    demo.simulation.reset();
    const orderId = `ord-e2e-logs-${Date.now()}`;
    await placeOrder(demo, { orderId, customerId: 'cust-0077', sku: 'CRYSTAL-BOWL' });
    const messageId = await deadLetterId(demo, 'fulfillment-dlq', orderId);

    await test.step('the trace shows the error line with its time, and groups similar failures by it', async () => {
      await page.goto(`${demo.appUrl}/traces/fulfillment-dlq/${messageId}`);
      const section = page.getByRole('region', { name: 'Error lines from the logs' });
      await expect(section.getByTestId('log-reason').first()).toHaveText('WarehouseRejection: CRYSTAL-BOWL is fragile: the carrier refuses it');
      await expect(section.getByTestId('log-line').first()).toContainText(orderId);
      await expect(section.locator('time').first()).toHaveAttribute('datetime', /^\d{4}-\d\d-\d\dT/);
      await expect(page.getByTestId('signature')).toHaveText('WarehouseRejection: CRYSTAL-BOWL is fragile: the carrier refuses it');
    });

    await test.step('“Open the function’s logs” lands on the function page with the filter in the URL', async () => {
      await page.getByRole('link', { name: 'Open the function’s logs' }).click();
      await expect(page).toHaveURL(/\/functions\/fulfillment-worker\?logFilter=/);
      const logs = page.getByRole('region', { name: 'Function logs' });
      await expect(logs.getByRole('list', { name: 'Log events' }).getByTestId('log-line').filter({ hasText: 'START' }).first()).toBeVisible();
      await expect(logs.getByTestId('log-line').filter({ hasText: 'CRYSTAL-BOWL is fragile' }).first()).toBeVisible();
    });

    await test.step('a JSON filter pattern narrows the view to that order’s error lines', async () => {
      const logs = page.getByRole('region', { name: 'Function logs' });
      await logs.getByLabel('Filter pattern').fill(`{ $.orderId = "${orderId}" }`);
      await logs.getByRole('button', { name: 'Apply filter' }).click();
      await expect(page).toHaveURL(/logFilter=%7B/);
      await expect(logs.getByTestId('log-line')).not.toHaveCount(0);
      for (const line of await logs.getByTestId('log-line').all()) await expect(line).toContainText(orderId);
      await logs.getByLabel('Filter pattern').fill('{ $.orderId = }');
      await logs.getByRole('button', { name: 'Apply filter' }).click();
      await expect(logs.getByRole('alert')).toContainText(/filter pattern is not valid/);
    });
  });

  test('an order-projector failure’s trace names the blocked customer', async ({ page, demo }) => {
    test.setTimeout(150_000);
    const orderId = `ord-e2e-blocked-${Date.now()}`;
    await placeOrder(demo, { orderId, customerId: 'cust-blocked-3', sku: 'MUG-CLASSIC' });
    // The failure record names a stream range and the last invocation's request id, not the order:
    // the projector's error lines for the order give its request ids, and the record with one of
    // them is the order's (the demo's own blocked customers fail beside it all the time).
    const { QueueUrl } = await demo.clients.sqs.send(new GetQueueUrlCommand({ QueueName: 'order-projector-failures' }));
    const requestIds = new Set<string>();
    let messageId: string | undefined;
    await expect(async () => {
      const { events = [] } = await demo.clients.logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/order-projector', filterPattern: `"${orderId}"` }));
      for (const e of events) {
        const id = (JSON.parse(e.message ?? '{}') as { requestId?: string }).requestId;
        if (id) requestIds.add(id);
      }
      // A failure queue has no redrive policy: receives move nothing; each is leased for 2 s so the
      // next receive sees the next messages.
      const { Messages = [] } = await demo.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 2 }));
      messageId ??= Messages.find((m) => requestIds.has((JSON.parse(m.Body ?? '{}') as { requestContext?: { requestId?: string } }).requestContext?.requestId ?? ''))?.MessageId;
      expect(messageId).toBeTruthy();
    }).toPass({ timeout: 90_000, intervals: [300] });
    // Visible again before the trace reads it.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    await page.goto(`${demo.appUrl}/traces/order-projector-failures/${messageId}`);
    const section = page.getByRole('region', { name: 'Error lines from the logs' });
    await expect(section.getByTestId('log-reason').filter({ hasText: orderId }).first()).toHaveText(`BlockedCustomerError: Customer cust-blocked-3 is blocked: order ${orderId} cannot be projected`);
    await expect(page.getByTestId('signature')).toHaveText('BlockedCustomerError: Customer <id> is blocked: order <id> cannot be projected');
  });
});
