import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueUrlCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { marshall } from '@aws-sdk/util-dynamodb';
import { expect, test } from './fixtures';
import { QueuePage, TracePage, TraceSearchPage, mainNav, queueMessages } from './pages';

test.describe('failure traces', () => {
  test('from a fulfillment dead letter to the order’s history, its receives and the DLQ move; then the search', async ({ page, normalDemo: demo, demoOrders }) => {
    // Several live waits in a row: on a loaded machine they outlast the default 90 s.
    test.setTimeout(180_000);
    const orderId = demoOrders.uniqueId('trace');
    const twinId = demoOrders.uniqueId('trace-twin');
    const dlq = new QueuePage(page, demo.appUrl, 'fulfillment-dlq');
    const messages = queueMessages(page);
    const trace = new TracePage(page, demo.appUrl);

    await test.step('two fragile orders are placed, one paid: the warehouse rejects them until they are dead-lettered', async () => {
      // normalDemo: the fulfillment bug is in place, whatever another spec switched.
      await demoOrders.place({ orderId, customerId: 'cust-0042', sku: 'GLASS-VASE', unitPrice: 29.9 });
      await demoOrders.place({ orderId: twinId, customerId: 'cust-0043', sku: 'GLASS-VASE', unitPrice: 29.9 });
      await demo.clients.dynamodb.send(
        new UpdateItemCommand({
          TableName: 'orders',
          Key: marshall({ orderId }),
          UpdateExpression: 'SET #s = :paid, paidAt = :at',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: marshall({ ':paid': 'PAID', ':at': new Date().toISOString() }),
        }),
      );
    });

    await test.step('“Trace” on the message in fulfillment-dlq opens its trace', async () => {
      await dlq.goto();
      await messages.browseUntil(twinId);
      await dlq.goto();
      const row = await messages.browseUntil(`"${orderId}"`);
      await row.getByRole('link', { name: 'Trace' }).click();
      await expect(page).toHaveURL(/\/traces\/fulfillment-dlq\/[0-9a-f-]+$/);
      await expect(trace.heading).toBeVisible();
    });

    await test.step('the timeline shows the order’s INSERT and MODIFY, the send, the receives against maxReceiveCount and the DLQ move', async () => {
      await expect(trace.event(`INSERT of orders orderId=${orderId}`)).toHaveCount(1);
      await expect(trace.event(`MODIFY of orders orderId=${orderId}`)).toHaveCount(1);
      await expect(trace.event('Sent to fulfillment')).toHaveCount(1);
      await expect(trace.event(/Received \d+ time\(s\) · maxReceiveCount 3/)).toContainText('3 from fulfillment before the move');
      await expect(trace.event('Moved from fulfillment to fulfillment-dlq')).toContainText('maxReceiveCount 3');
      await expect(trace.gaps).toHaveCount(0);
    });

    await test.step('the item history shows the MODIFY with its diff, and links to the item’s live view', async () => {
      const history = trace.streamHistory('orders', `orderId = ${orderId}`);
      await expect(history.getByTestId('stream-record')).toHaveCount(2);
      const modify = history.locator('[data-event-name="MODIFY"]');
      await expect(modify.getByRole('row').filter({ hasText: 'status' })).toHaveAttribute('data-kind', 'changed');
      await expect(modify.getByRole('row').filter({ hasText: 'status' })).toContainText('"PLACED"');
      await expect(modify.getByRole('row').filter({ hasText: 'status' })).toContainText('"PAID"');
      await expect(modify.getByRole('row').filter({ hasText: 'paidAt' })).toHaveAttribute('data-kind', 'added');
      await expect(page.getByRole('link', { name: 'Open the item’s live view' })).toHaveAttribute('href', `/e/default/streams/orders?key=${orderId}&start=trim_horizon`);
    });

    await test.step('similar failures list other dead letters of the same kind', async () => {
      // The worker's error line from the logs names the cause, and the signature is made from it.
      await expect(trace.signature).toHaveText('WarehouseRejection: GLASS-VASE is fragile: the carrier refuses it');
      await expect(trace.similar.getByRole('row').filter({ hasText: twinId })).toContainText('fulfillment-dlq');
    });

    await test.step('“Redrive this message” puts it back; it fails again and its new trace shows the redrive', async () => {
      await page.getByRole('button', { name: 'Redrive this message' }).click();
      await page.getByRole('button', { name: 'Confirm redrive' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'Redriven' })).toHaveText('Redriven to fulfillment.');
      // The warehouse still rejects fragile items: the copy comes back after three receives.
      await dlq.goto();
      const row = await messages.browseUntil(`"${orderId}"`);
      await row.getByRole('link', { name: 'Trace' }).click();
      await expect(trace.event('Redriven before from fulfillment-dlq')).toHaveCount(1);
      await expect(trace.event('redrive-selected on fulfillment-dlq, fulfillment: succeeded').first()).toBeVisible();
    });

    await test.step('searching the orderId finds its history and the dead letter', async () => {
      const search = new TraceSearchPage(page, demo.appUrl);
      await mainNav(page).open('Traces');
      await search.search(`orderId = ${orderId}`);
      await expect(page).toHaveURL(/\/traces\?q=orderId/);
      const found = search.inQueue('fulfillment-dlq');
      await expect(found).toHaveCount(1);
      await expect(found).toContainText('attribute orderId');
      await expect(trace.streamHistory('orders', `orderId = ${orderId}`).getByTestId('stream-record')).toHaveCount(2);
      // A reload reproduces the search from the URL.
      await page.reload();
      await expect(search.inQueue('fulfillment-dlq')).toHaveCount(1);
    });
  });

  test('a Lambda on-failure record resolves to the failed stream record; a damaged one gives a readable partial trace', async ({ page, normalDemo: demo, demoOrders }) => {
    // Several live waits in a row: on a loaded machine they outlast the default 90 s.
    test.setTimeout(180_000);
    const orderId = demoOrders.uniqueId('blocked');
    const trace = new TracePage(page, demo.appUrl);
    await test.step('an order of a blocked customer makes order-projector give up on its record', async () => {
      await demoOrders.place({ orderId, customerId: 'cust-blocked-e2e', sku: 'PAPER-CUP', unitPrice: 29.9 });
    });

    await test.step('“Trace” on its record in order-projector-failures shows the resolved record with its image', async () => {
      // The failure record carries no data: it is found by searching the order, whose INSERT its range holds.
      const search = new TraceSearchPage(page, demo.appUrl);
      await search.goto(`orderId = ${orderId}`);
      const found = search.inQueue('order-projector-failures');
      await expect(async () => {
        await page.reload();
        await expect(found).toHaveCount(1, { timeout: 5_000 });
      }).toPass({ timeout: 60_000, intervals: [2_000] });
      await expect(found).toContainText(/failed range holds its INSERT record/);
      const messageId = (await found.getByRole('link').textContent()) ?? '';
      expect(messageId).toMatch(/^[0-9a-f-]{36}$/);
      await new QueuePage(page, demo.appUrl, 'order-projector-failures').goto();
      const row = await queueMessages(page).browseUntil(messageId);
      await row.getByRole('link', { name: 'Trace' }).click();
      await expect(page).toHaveURL(new RegExp(`/traces/order-projector-failures/${messageId}$`));
      const failed = page.getByRole('list', { name: 'Failed stream records' }).getByTestId('stream-record');
      await expect(failed).toHaveCount(1);
      await expect(failed).toContainText('INSERT');
      await expect(failed).toContainText('cust-blocked-e2e');
      await expect(trace.timeline).toContainText('Lambda gave up: RetryAttemptsExhausted after 3 invocation(s)');
      await expect(trace.timeline).toContainText(`INSERT record that order-projector failed on (orderId=${orderId})`);
      await expect(trace.signature).toHaveText('BlockedCustomerError: Customer <id> is blocked: order <id> cannot be projected');
    });

    await test.step('a failure record cut short and a text body each give a partial trace that says why', async () => {
      // A trace reads these as failure records only in a Lambda's failure destination: they go among the demo's own.
      const { QueueUrl } = await demo.clients.sqs.send(new GetQueueUrlCommand({ QueueName: 'order-projector-failures' }));
      const cut = `{"requestContext":{"functionArn":"arn:aws:lambda:us-east-1:000000000000:function:order-projector","condition":"RetryAttemptsExhausted"},"DDBStreamBatchInfo":{"shardId":"shardId-e2e-${Date.now()}","startSeq`;
      const sent = await demo.clients.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: cut }));
      await trace.goto('order-projector-failures', sent.MessageId!);
      await expect(trace.gaps).toContainText('not complete JSON');
      await expect(trace.gaps).toContainText('DDBStreamBatchInfo lacks streamArn, startSequenceNumber, endSequenceNumber');
      await expect(page.getByText(/The failed records were not looked up/)).toBeVisible();

      const text = await demo.clients.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: '<b>not json</b> at all' }));
      await trace.goto('order-projector-failures', text.MessageId!);
      await expect(trace.gaps).toContainText('Neither the body nor the attributes carry a key of');
      // Untrusted content is text, never HTML.
      await expect(trace.body).toHaveText('<b>not json</b> at all');
    });
  });

  test('a message that is not in the queue any more, and a bad search, are explained', async ({ page, demo }) => {
    const trace = new TracePage(page, demo.appUrl);
    await trace.goto('fulfillment-dlq', '00000000-0000-0000-0000-000000000000');
    await expect(page.getByRole('alert').filter({ hasText: 'Not found' })).toContainText('is not in fulfillment-dlq now');
    await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();
    const search = new TraceSearchPage(page, demo.appUrl);
    await search.goto('nosuchkey = 1');
    await expect(search.notes).toContainText('is not a key of any table');
  });
});
