import { ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { parseSnsEnvelope } from '../lib/sns/envelope';
import { expect, test } from './fixtures';
import { DemoBannerPage, mainNav, QueuePage, TracePage } from './pages';
import { depth, emptyDemoQueue } from './sqs';

/**
 * Receives a queue's messages, each once, with a lease long enough to finish: until two receives
 * come back empty, or — on a queue that keeps filling — until `enough` says so and three more
 * receives found whatever sat right behind.
 */
async function sweep(sqs: SQSClient, url: string, leaseSeconds: number, enough?: (bodies: string[]) => boolean): Promise<{ messageId: string; body: string }[]> {
  const seen = new Map<string, string>();
  let after: number | undefined;
  for (let empty = 0, round = 0; empty < 2 && round < 2_000 && (after === undefined || after > 0); round++) {
    const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: leaseSeconds, WaitTimeSeconds: 1 }));
    if (!out.Messages?.length) empty++;
    for (const m of out.Messages ?? []) seen.set(m.MessageId ?? '', m.Body ?? '');
    if (after !== undefined) after--;
    else if (enough?.([...seen.values()])) after = 3;
  }
  return [...seen].map(([messageId, body]) => ({ messageId, body }));
}

test.describe('SNS in the demo', () => {
  test('the flow graph and /topics show order-events fanning out, filter on the edge', async ({ page, demo }) => {
    await page.goto(demo.appUrl);
    const graph = page.getByTestId('flow-graph');
    await expect(graph.getByRole('link', { name: 'Topic order-events', exact: true })).toBeVisible();
    await expect(graph.getByTestId('rf__edge-subscription:topic:order-events->queue:fulfillment')).toBeAttached();
    await expect(graph.getByTestId('rf__edge-environment:function:order-projector->topic:order-events')).toBeAttached();

    await mainNav(page).open('Topics');
    const topic = page.getByTestId('topic').filter({ has: page.getByRole('heading', { name: 'order-events' }) });
    await expect(topic.getByTestId('subscription')).toHaveCount(2);
    const fulfillment = topic.locator('[data-testid="subscription"][data-endpoint="fulfillment"]');
    await expect(fulfillment).toContainText('raw');
    await expect(fulfillment).toContainText('eventType: OrderPlaced');
    await expect(fulfillment).toContainText('order-events-dlq');
    await expect(topic.locator('[data-testid="subscription"][data-endpoint="notifications"]')).toContainText('SNS envelope');
  });

  // normalDemo: the subscription whole at the start, and whole again after the test, whatever its outcome.
  test('"Break a subscription" fills order-events-dlq; after Reset, redriving it delivers each message to notifications once', async ({ page, normalDemo: demo }) => {
    // Deliveries must fail, the sweeps' leases end and the redrive finish: minutes on a shared machine.
    test.setTimeout(300_000);
    const sqs = demo.clients.sqs;
    const dlqUrl = demo.simulation.resources.queues['order-events-dlq'].url;
    const notificationsUrl = demo.simulation.resources.queues.notifications.url;
    // What the test counts, lists and redrives are its own dead letters: none an earlier spec left.
    await emptyDemoQueue(demo, 'order-events-dlq');
    const banner = new DemoBannerPage(page);
    await page.goto(demo.appUrl);
    await banner.turn('Break a subscription', true);
    await expect(banner.state).toContainText('notifications subscription broken');
    await expect.poll(() => depth(sqs, dlqUrl), { timeout: 60_000 }).toBeGreaterThanOrEqual(3);

    await banner.reset();
    await expect(banner.state).not.toContainText('subscription broken');
    await demo.simulation.settled();
    // The notifier waits, so what the redrive delivers stays on notifications to be counted.
    demo.simulation.stallNotifier();

    // What the DLQ holds: SNS envelopes of OrderPlaced/OrderCancelled events, by SNS MessageId.
    const dead = await sweep(sqs, dlqUrl, 5);
    const snsIds = dead.map((m) => parseSnsEnvelope(m.body)?.messageId);
    expect(snsIds.every(Boolean)).toBe(true);
    expect(new Set(snsIds).size).toBe(dead.length);
    expect(dead.length).toBeGreaterThanOrEqual(3);

    // The sweep's leases end (5 s): then every dead letter is listed.
    await expect.poll(() => depth(sqs, dlqUrl, 'visible'), { timeout: 30_000 }).toBe(dead.length);
    await new QueuePage(page, demo.appUrl, 'order-events-dlq').goto();
    const messages = page.getByRole('table', { name: 'Messages' });
    await expect(messages.getByRole('row')).toHaveCount(dead.length + 1, { timeout: 60_000 });
    // Each row says where it was going: the queue of the subscription that dead-letters here.
    await expect(messages.getByRole('row').nth(1)).toContainText('notifications');
    await messages.getByRole('row').nth(1).getByRole('button').first().click();
    await expect(page.getByTestId('sns-envelope')).toContainText('Published to SNS topic order-events');
    await expect(page.getByTestId('message-body')).toContainText('orderId');
    await expect(page.getByTestId('message-body')).not.toContainText('TopicArn');
    await page.getByRole('button', { name: 'Show the SNS envelope' }).click();
    await expect(page.getByTestId('message-body')).toContainText('TopicArn');

    await messages.getByRole('checkbox', { name: 'Select all messages' }).check();
    await page.getByRole('button', { name: `Redrive selected (${dead.length})` }).click();
    // Redrive selected asks first (and warns: the consumer failed a minute ago, on purpose).
    const confirm = page.getByRole('dialog', { name: `Redrive ${dead.length} selected messages` });
    await confirm.getByRole('button', { name: `Redrive ${dead.length}`, exact: true }).click();
    const outcomes = page.getByRole('list', { name: 'Redrive outcomes' });
    await expect(outcomes.getByRole('listitem').filter({ hasText: 'redriven to notifications' })).toHaveCount(dead.length, { timeout: 60_000 });
    await expect.poll(() => depth(sqs, dlqUrl)).toBe(0);

    // Checked through the SDK: each dead letter's SNS MessageId is on notifications exactly once.
    const wanted = new Set(snsIds);
    const delivered = await sweep(sqs, notificationsUrl, 60, (bodies) => {
      const found = new Set(bodies.map((b) => parseSnsEnvelope(b)?.messageId));
      return [...wanted].every((id) => found.has(id));
    });
    const counts = new Map<string, number>();
    for (const m of delivered) {
      const id = parseSnsEnvelope(m.body)?.messageId;
      if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    expect(snsIds.map((id) => counts.get(id!) ?? 0)).toEqual(snsIds.map(() => 1));
  });
  // normalDemo: the bug in place (the vase dead-letters), the subscription whole again after the test, whatever its outcome.
  test('a trace of a dead letter shows every copy of its SNS publish, which link is exact and which inferred', async ({ page, normalDemo: demo, demoOrders }) => {
    test.setTimeout(180_000);
    const sqs = demo.clients.sqs;
    const fulfillmentDlqUrl = demo.simulation.resources.queues['fulfillment-dlq'].url;
    const orderId = demoOrders.uniqueId('copies');
    let raw: { messageId: string; body: string } | undefined;
    await test.step('one fragile order while notifications refuses the topic: a copy in each DLQ', async () => {
      // notifications refuses the topic, so this order's enveloped copy lands in order-events-dlq; its raw
      // copy reaches fulfillment, whose worker rejects the glass vase until it dead-letters into fulfillment-dlq.
      await demo.simulation.breakSubscription(true);
      await demoOrders.place({ orderId, customerId: 'cust-0042', sku: 'GLASS-VASE', unitPrice: 29.9 });
      const mine = (bodies: string[]) => bodies.some((b) => b.includes(orderId));
      await expect
        .poll(
          async () => {
            raw = (await sweep(sqs, fulfillmentDlqUrl, 5, mine)).find((m) => m.body.includes(orderId));
            return raw !== undefined;
          },
          { timeout: 90_000 },
        )
        .toBe(true);
      await demo.simulation.breakSubscription(false);
      await demo.simulation.settled();
    });

    // The sweep's 5 s lease ends, then the trace finds the raw copy and the enveloped one beside it.
    const copies = page.getByTestId('publish-copy');
    const trace = new TracePage(page, demo.appUrl);
    await expect(async () => {
      await trace.goto('fulfillment-dlq', raw!.messageId);
      await expect(page.getByRole('heading', { name: 'Copies of this SNS publish (2)' })).toBeVisible({ timeout: 20_000 });
    }).toPass({ timeout: 90_000 });
    const publish = page.getByTestId('publish');
    await expect(publish).toHaveAttribute('data-sns-message-id', /^[0-9a-f-]{36}$/);
    await expect(publish).toContainText('Published to order-events at');
    const enveloped = copies.and(page.locator('[data-queue="order-events-dlq"]'));
    await expect(enveloped).toHaveAttribute('data-link', 'exact');
    await expect(enveloped).toContainText('SNS envelope');
    await expect(enveloped).toContainText('going to notifications');
    await expect(enveloped).toContainText('exact: SNS MessageId');
    const rawCopy = copies.and(page.locator('[data-queue="fulfillment-dlq"]'));
    await expect(rawCopy).toHaveAttribute('data-link', 'inferred');
    await expect(rawCopy).toContainText('(this message)');
    await expect(rawCopy).toContainText('inferred: item, message and time');
    // The order names its table's item and the inventory's (by SKU): both are shared with the envelope.
    await expect(rawCopy).toContainText('Raw delivery carries no SNS MessageId: the same items (');
    await expect(rawCopy).toContainText(`orders orderId=${orderId}`);
    await expect(rawCopy).toContainText('the same published message, sent');

    // The enveloped copy's own trace links back to the raw one.
    await enveloped.getByRole('link').click();
    await expect(page).toHaveURL(/\/traces\/order-events-dlq\//);
    await expect(page.getByRole('heading', { name: 'Copies of this SNS publish (2)' })).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('publish-copy').and(page.locator('[data-queue="fulfillment-dlq"]'))).toContainText(raw!.messageId);
  });
});
