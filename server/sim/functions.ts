import { type AttributeValue, GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { _Record as StreamRecord } from '@aws-sdk/client-dynamodb-streams';
import { PublishCommand } from '@aws-sdk/client-sns';
import { SendMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { hasFragileItem, isBlockedCustomer, isFragileSku, type OrderItem } from './catalogue';
import type { DemoClients } from './clients';
import type { Invocation } from './lambda-logs';
import type { BatchResponse } from './queue-poller';
import { DEMO_NAMES } from './resources';
import { errorMessage, errorName, sleep } from './util';

/** The counters the functions advance, shown by SimStatus. */
export interface SimCounters {
  ordersPlaced: number;
  projected: number;
  projectorFailures: number;
  fulfilled: number;
  fulfillmentFailures: number;
  notificationsSent: number;
  notified: number;
}

/** The message `order-projector` publishes to `order-events` as `OrderPlaced` (and the worker reads from `fulfillment`). */
export interface FulfillmentMessage {
  orderId: string;
  customerId: string;
  items: OrderItem[];
  total: number;
}

export class WarehouseRejection extends Error {
  override name = 'WarehouseRejection';
}

/** An order whose shape the projector does not know (the demo's shipped schema change). */
export class OrderSchemaError extends Error {
  override name = 'OrderSchemaError';
}

export class BlockedCustomerError extends Error {
  override name = 'BlockedCustomerError';
}

/** Remembers what was already done so a retried batch does not reserve stock twice. */
class SeenSet {
  private readonly seen = new Set<string>();
  constructor(private readonly capacity: number) {}
  has(key: string): boolean {
    return this.seen.has(key);
  }
  add(key: string): void {
    this.seen.add(key);
    // Sets iterate in insertion order: the first key is the oldest.
    if (this.seen.size > this.capacity) this.seen.delete(this.seen.values().next().value as string);
  }
}

function imageOf(image: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  return image ? unmarshall(image as Record<string, AttributeValue>) : undefined;
}

/**
 * `order-projector`'s handler: for each new PLACED order, reserve its stock in `inventory` and
 * publish `OrderPlaced` to the `order-events` topic (which fans out to `fulfillment` and
 * `notifications`); for a cancelled order, release the stock and publish `OrderCancelled`. It throws on an order of a
 * blocked customer (`cust-blocked-*`) — the bug Lambda's retries, bisection and on-failure
 * destination then deal with. Records already handled in an earlier, failed invocation of the
 * same batch are skipped, so retries are safe.
 */
export function createOrderProjector(ctx: { clients: DemoClients; orderEventsTopicArn: string; counters: SimCounters; now: () => number }) {
  const publish = (eventType: 'OrderPlaced' | 'OrderCancelled', orderId: string, body: unknown) =>
    ctx.clients.sns.send(
      new PublishCommand({
        TopicArn: ctx.orderEventsTopicArn,
        Message: JSON.stringify(body),
        MessageAttributes: {
          orderId: { DataType: 'String', StringValue: orderId },
          eventType: { DataType: 'String', StringValue: eventType },
        },
      }),
    );
  // Steps already taken, by sequence number (and SKU): a batch retried after a failure part-way
  // (a blocked order, a throttled write) must not reserve or release stock twice.
  const done = new SeenSet(50_000);
  return async (records: StreamRecord[], invocation?: Invocation): Promise<void> => {
    for (const record of records) {
      const sequence = record.dynamodb?.SequenceNumber ?? '';
      if (done.has(sequence)) continue;
      const newImage = imageOf(record.dynamodb?.NewImage);
      const oldImage = imageOf(record.dynamodb?.OldImage);
      if (record.eventName === 'INSERT' && newImage?.status === 'PLACED') {
        const order = newImage as unknown as FulfillmentMessage & { status: string };
        if (isBlockedCustomer(order.customerId)) {
          invocation?.error({
            message: `Customer ${order.customerId} is blocked: order ${order.orderId} cannot be projected`,
            errorType: 'BlockedCustomerError',
            orderId: order.orderId,
            customerId: order.customerId,
            eventID: record.eventID,
            sequenceNumber: sequence,
          });
          throw new BlockedCustomerError(`Customer ${order.customerId} is blocked: cannot project order ${order.orderId}`);
        }
        if (typeof order.total !== 'number') {
          // The projector was written for `total` as a number: a producer that ships it as a
          // string breaks it (the demo's "Ship a schema change").
          const message = `Order ${order.orderId}: total is ${typeof order.total} (${JSON.stringify(order.total)}), expected a number`;
          invocation?.error({ message, errorType: 'OrderSchemaError', orderId: order.orderId, eventID: record.eventID, sequenceNumber: sequence });
          throw new OrderSchemaError(message);
        }
        await adjustStock(ctx.clients, sequence, order.items ?? [], +1, done);
        const message: FulfillmentMessage = { orderId: order.orderId, customerId: order.customerId, items: order.items ?? [], total: order.total };
        await publish('OrderPlaced', order.orderId, message);
        ctx.counters.projected += 1;
      } else if (record.eventName === 'REMOVE' && !record.userIdentity && (oldImage?.status === 'PLACED' || oldImage?.status === 'PAID')) {
        // A customer's cancellation (TTL deletes carry userIdentity and are abandoned carts).
        const items = (oldImage.items ?? []) as OrderItem[];
        if (!isBlockedCustomer(String(oldImage.customerId))) {
          await adjustStock(ctx.clients, sequence, items, -1, done);
          await publish('OrderCancelled', String(oldImage.orderId), { kind: 'OrderCancelled', orderId: oldImage.orderId, customerId: oldImage.customerId });
        }
      }
      done.add(sequence);
    }
  };
}

/** Reserves (+1) or releases (-1) the items' quantities with atomic ADDs, each at most once per record. */
async function adjustStock(clients: DemoClients, sequence: string, items: readonly OrderItem[], direction: 1 | -1, done: SeenSet): Promise<void> {
  for (const item of items) {
    const step = `${sequence}:${item.sku}`;
    if (done.has(step)) continue;
    await clients.dynamodb.send(
      new UpdateItemCommand({
        TableName: DEMO_NAMES.inventoryTable,
        Key: marshall({ sku: item.sku }),
        UpdateExpression: 'ADD reserved :q, stock :minus',
        ExpressionAttributeValues: marshall({ ':q': direction * item.quantity, ':minus': -direction * item.quantity }),
      }),
    );
    done.add(step);
  }
}

/**
 * `fulfillment-worker`'s handler: the warehouse rejects any order with a fragile SKU until the
 * bug is fixed ("warehouse rejected fragile item"); other orders become FULFILLED in `orders` (a
 * MODIFY record) and a notification is queued. Returns the failed messages as batchItemFailures;
 * throws when every one of them failed, so the Errors metric shows a failing worker.
 */
export function createFulfillmentWorker(ctx: {
  clients: DemoClients;
  notificationsQueueUrl: string;
  counters: SimCounters;
  now: () => number;
  bugFixed: () => boolean;
  log: (line: string) => void;
}) {
  return async (messages: Message[], invocation?: Invocation): Promise<BatchResponse> => {
    const failures: { itemIdentifier: string }[] = [];
    let rejected = 0;
    for (const message of messages) {
      const fail = () => failures.push({ itemIdentifier: message.MessageId ?? '' });
      let order: FulfillmentMessage;
      try {
        order = JSON.parse(message.Body ?? '') as FulfillmentMessage;
      } catch {
        fail();
        ctx.log(`fulfillment-worker: message ${message.MessageId} is not an order`);
        continue;
      }
      if (!ctx.bugFixed() && hasFragileItem(order.items ?? [])) {
        const sku = (order.items ?? []).find((item) => isFragileSku(item.sku))?.sku;
        invocation?.error({
          message: `${sku} is fragile: the carrier refuses it`,
          errorType: 'WarehouseRejection',
          messageId: message.MessageId,
          orderId: order.orderId,
          sku,
          receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 0) || undefined,
        });
        ctx.counters.fulfillmentFailures += 1;
        rejected += 1;
        fail();
        ctx.log(`fulfillment-worker: warehouse rejected fragile item in ${order.orderId} (receive ${message.Attributes?.ApproximateReceiveCount ?? '?'})`);
        continue;
      }
      try {
        const outcome = await markFulfilled(ctx.clients, order.orderId, ctx.now());
        if (outcome === 'cancelled') continue; // cancelled meanwhile: nothing to ship or announce
        if (outcome === 'fulfilled') ctx.counters.fulfilled += 1;
        // 'already': an earlier receive shipped it but could not queue the notification; queue it now.
        await ctx.clients.sqs.send(
          new SendMessageCommand({
            QueueUrl: ctx.notificationsQueueUrl,
            MessageBody: JSON.stringify({ kind: 'OrderFulfilled', orderId: order.orderId, customerId: order.customerId, total: order.total }),
            MessageAttributes: {
              orderId: { DataType: 'String', StringValue: order.orderId },
              eventType: { DataType: 'String', StringValue: 'OrderFulfilled' },
            },
          }),
        );
        ctx.counters.notificationsSent += 1;
      } catch (error) {
        // Only this message is retried (after the visibility timeout), not the ones already shipped.
        fail();
        ctx.log(`fulfillment-worker: could not fulfil ${order.orderId}: ${errorMessage(error)}`);
      }
    }
    if (messages.length > 0 && failures.length === messages.length) {
      if (rejected === messages.length) throw new WarehouseRejection(`warehouse rejected fragile item (${rejected} of ${messages.length} message(s))`);
      throw new Error(`all ${messages.length} message(s) failed`);
    }
    return { batchItemFailures: failures };
  };
}

/**
 * Sets FULFILLED once: a redelivered message finds the order already FULFILLED (no second MODIFY
 * record), and a cancelled order is not recreated as a stub by the update.
 */
async function markFulfilled(clients: DemoClients, orderId: string, nowMs: number): Promise<'fulfilled' | 'already' | 'cancelled'> {
  try {
    await clients.dynamodb.send(
      new UpdateItemCommand({
        TableName: DEMO_NAMES.ordersTable,
        Key: marshall({ orderId }),
        UpdateExpression: 'SET #status = :fulfilled, fulfilledAt = :at',
        ConditionExpression: 'attribute_exists(orderId) AND #status <> :fulfilled',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: marshall({ ':fulfilled': 'FULFILLED', ':at': new Date(nowMs).toISOString() }),
      }),
    );
    return 'fulfilled';
  } catch (error) {
    if (errorName(error) !== 'ConditionalCheckFailedException') throw error;
  }
  const { Item } = await clients.dynamodb.send(
    new GetItemCommand({ TableName: DEMO_NAMES.ordersTable, Key: marshall({ orderId }), ConsistentRead: true, ProjectionExpression: 'orderId' }),
  );
  return Item ? 'already' : 'cancelled';
}

/**
 * `notifier`'s handler: slow on purpose (`rate()` messages a second) so traffic spikes build a
 * backlog. `notifications` carries both the SNS envelopes of `order-events` and the worker's own
 * `OrderFulfilled` messages; each takes the notifier the same time.
 */
export function createNotifier(ctx: { counters: SimCounters; rate: () => number; signal: AbortSignal }) {
  return async (messages: Message[]): Promise<void> => {
    for (let i = 0; i < messages.length; i += 1) {
      await sleep(1000 / Math.max(ctx.rate(), 0.01), ctx.signal);
      if (ctx.signal.aborted) throw new Error('stopped');
      ctx.counters.notified += 1;
    }
  };
}

