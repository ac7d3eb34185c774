import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetQueueUrlCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { RunningDemo } from '../server/launch/demo';
import { expect, test } from './fixtures';
import { FunctionPage, TracePage } from './pages';

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
  test('a fulfillment dead letter’s trace shows the worker’s error line naming the fragile SKU, and the function page filters its logs', async ({ page, normalDemo: demo, demoOrders }) => {
    // Several live waits in a row: on a loaded machine they outlast the default 90 s.
    test.setTimeout(180_000);
    const orderId = demoOrders.uniqueId('logs');
    const trace = new TracePage(page, demo.appUrl);
    const worker = new FunctionPage(page);
    let messageId = '';
    await test.step('a fragile order is placed and dead-lettered by fulfillment', async () => {
      // normalDemo: the fulfillment bug is in place, whatever another spec switched.
      await demoOrders.place({ orderId, customerId: 'cust-0077', sku: 'CRYSTAL-BOWL' });
      messageId = await deadLetterId(demo, 'fulfillment-dlq', orderId);
    });

    await test.step('the trace shows the error line with its time, and groups similar failures by it', async () => {
      await trace.goto('fulfillment-dlq', messageId);
      await expect(trace.errorLines.getByTestId('log-reason').first()).toHaveText('WarehouseRejection: CRYSTAL-BOWL is fragile: the carrier refuses it');
      await expect(trace.errorLines.getByTestId('log-line').first()).toContainText(orderId);
      await expect(trace.errorLines.locator('time').first()).toHaveAttribute('datetime', /^\d{4}-\d\d-\d\dT/);
      await expect(trace.signature).toHaveText('WarehouseRejection: CRYSTAL-BOWL is fragile: the carrier refuses it');
    });

    await test.step('“Open the function’s logs” lands on the function page with the filter in the URL', async () => {
      await page.getByRole('link', { name: 'Open the function’s logs' }).click();
      await expect(page).toHaveURL(/\/functions\/fulfillment-worker\?logFilter=/);
      await expect(worker.logs.getByRole('list', { name: 'Log events' }).getByTestId('log-line').filter({ hasText: 'START' }).first()).toBeVisible();
      await expect(worker.logLines.filter({ hasText: 'CRYSTAL-BOWL is fragile' }).first()).toBeVisible();
    });

    await test.step('a JSON filter pattern narrows the view to that order’s error lines', async () => {
      await worker.filterLogs(`{ $.orderId = "${orderId}" }`);
      await expect(page).toHaveURL(/logFilter=%7B/);
      await expect(worker.logLines).not.toHaveCount(0);
      for (const line of await worker.logLines.all()) await expect(line).toContainText(orderId);
      await worker.filterLogs('{ $.orderId = }');
      await expect(worker.logs.getByRole('alert')).toContainText(/filter pattern is not valid/);
    });
  });

  test('an order-projector failure’s trace names the blocked customer', async ({ page, normalDemo: demo, demoOrders }) => {
    test.setTimeout(150_000);
    const orderId = demoOrders.uniqueId('blocked');
    const trace = new TracePage(page, demo.appUrl);
    let messageId: string | undefined;
    await test.step('an order of a blocked customer is placed, and its failure record found', async () => {
      await demoOrders.place({ orderId, customerId: 'cust-blocked-3', sku: 'MUG-CLASSIC' });
      // The failure record names a stream range and the last invocation's request id, not the order:
      // the projector's error lines for the order give its request ids, and the record with one of
      // them is the order's (the demo's own blocked customers fail beside it all the time).
      const { QueueUrl } = await demo.clients.sqs.send(new GetQueueUrlCommand({ QueueName: 'order-projector-failures' }));
      const requestIds = new Set<string>();
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
    });

    await test.step('its trace shows the projector’s error line naming the customer and the order', async () => {
      await trace.goto('order-projector-failures', messageId!);
      await expect(trace.errorLines.getByTestId('log-reason').filter({ hasText: orderId }).first()).toHaveText(`BlockedCustomerError: Customer cust-blocked-3 is blocked: order ${orderId} cannot be projected`);
      await expect(trace.signature).toHaveText('BlockedCustomerError: Customer <id> is blocked: order <id> cannot be projected');
    });
  });
});
