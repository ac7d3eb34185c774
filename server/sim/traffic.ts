import { DeleteItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { withSchemaChange, type OrderFactory } from './catalogue';
import type { DemoClients } from './clients';
import type { SimCounters } from './functions';
import { DEMO_NAMES } from './resources';
import { errorMessage, errorName, isAbort, sleep } from './util';

export interface TrafficOptions {
  clients: DemoClients;
  factory: OrderFactory;
  counters: SimCounters;
  /** Orders per second right now (the base rate, or the spike's). */
  rate: () => number;
  now: () => number;
  tickMs: number;
  /** While true, a share of new orders is written in the changed schema (`total` as a string). */
  schemaChange?: () => boolean;
  /** Per new order: chance that a recent order is paid (MODIFY) or cancelled (REMOVE). */
  updateShare: number;
  cancelShare: number;
  signal: AbortSignal;
  log: (line: string) => void;
}

/**
 * Share of new orders the new checkout version writes while the schema change is shipped: a
 * rollout to part of the traffic, so the projector's failures (every changed order) do not stop
 * the rest of the shop.
 */
const SCHEMA_CHANGE_SHARE = 1 / 3;

/** How many recent PLACED orders status updates and cancellations pick from. */
const RECENT = 64;

/**
 * The shop's customers: writes new orders at `rate()` per second (PutItem → INSERT), marks some
 * recent ones paid (UpdateItem → MODIFY), cancels a few (DeleteItem → REMOVE), and leaves
 * abandoned carts with a past `expiresAt` for TTL to delete.
 */
export async function runTraffic(options: TrafficOptions): Promise<void> {
  const { clients, factory, counters, signal, log } = options;
  const recent: string[] = [];
  let budget = 0;
  let last = Date.now();
  while (!signal.aborted) {
    await sleep(options.tickMs, signal);
    const now = Date.now();
    // Accumulate fractional orders so any rate (0.5/s, 3/s, 30/s) comes out right on average.
    budget = Math.min(budget + (options.rate() * (now - last)) / 1000, options.rate() * 2 + 1);
    last = now;
    while (budget >= 1 && !signal.aborted) {
      budget -= 1;
      try {
        const order = factory.next();
        const written = options.schemaChange?.() && factory.random() < SCHEMA_CHANGE_SHARE ? withSchemaChange(order) : order;
        await clients.dynamodb.send(new PutItemCommand({ TableName: DEMO_NAMES.ordersTable, Item: marshall(written, { removeUndefinedValues: true }) }), {
          abortSignal: signal,
        });
        if (order.status === 'PLACED') {
          counters.ordersPlaced += 1;
          recent.push(order.orderId);
          if (recent.length > RECENT) recent.shift();
        }
        const draw = factory.random();
        if (recent.length > 1 && draw < options.updateShare) {
          await markPaid(options, recent[Math.floor(factory.random() * recent.length)]);
        } else if (recent.length > 1 && draw < options.updateShare + options.cancelShare) {
          const index = Math.floor(factory.random() * (recent.length - 1));
          const [orderId] = recent.splice(index, 1);
          await clients.dynamodb.send(new DeleteItemCommand({ TableName: DEMO_NAMES.ordersTable, Key: marshall({ orderId }) }), { abortSignal: signal });
        }
      } catch (error) {
        if (isAbort(error, signal)) return;
        log(`traffic: write failed: ${errorMessage(error)}`);
        await sleep(500, signal);
      }
    }
  }
}

async function markPaid(options: TrafficOptions, orderId: string): Promise<void> {
  try {
    await options.clients.dynamodb.send(
      new UpdateItemCommand({
        TableName: DEMO_NAMES.ordersTable,
        Key: marshall({ orderId }),
        UpdateExpression: 'SET #status = :paid, paidAt = :at',
        // Only a still-PLACED order is paid; a FULFILLED one stays as it is.
        ConditionExpression: '#status = :placed',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: marshall({ ':paid': 'PAID', ':placed': 'PLACED', ':at': new Date(options.now()).toISOString() }),
      }),
      { abortSignal: options.signal },
    );
  } catch (error) {
    if (errorName(error) !== 'ConditionalCheckFailedException') throw error;
  }
}
