import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { createOrderFactory, withSchemaChange } from './catalogue';
import type { DemoClients } from './clients';
import { createOrderProjector, OrderSchemaError, type SimCounters } from './functions';

const counters = (): SimCounters => ({ ordersPlaced: 0, projected: 0, projectorFailures: 0, fulfilled: 0, fulfillmentFailures: 0, notificationsSent: 0, notified: 0 });

describe('the demo schema change', () => {
  it('writes total as a string of two decimals and a schemaVersion 2, the rest unchanged', () => {
    const order = createOrderFactory({ seed: 1, now: () => 0 }).next();
    const changed = withSchemaChange(order);
    expect(changed).toEqual({ ...order, total: order.total.toFixed(2), schemaVersion: 2 });
    expect(typeof changed.total).toBe('string');
  });

  it('makes order-projector fail on the changed order before it touches AWS', async () => {
    // No client is needed: the projector must reject the order before any call.
    const projector = createOrderProjector({ clients: {} as DemoClients, orderEventsTopicArn: 'unused', counters: counters(), now: () => 0 });
    const order = withSchemaChange(createOrderFactory({ seed: 2, now: () => 0 }).next());
    const record = { eventID: 'e1', eventName: 'INSERT' as const, dynamodb: { SequenceNumber: '100', NewImage: marshall(order) as never } };
    await expect(projector([record])).rejects.toBeInstanceOf(OrderSchemaError);
    await expect(projector([record])).rejects.toThrow(/total is string \("\d+\.\d\d"\), expected a number/);
  });
});
