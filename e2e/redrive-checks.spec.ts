import { DeleteItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { ReceiveMessageCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { expect, test } from './fixtures';
import { QueuePage } from './pages';
import { depth } from './sqs';

/** Every body of a queue, each received once and hidden for 60 s (so none is counted twice). */
async function takeBodies(sqs: SQSClient, url: string, count: number): Promise<string[]> {
  const bodies = new Map<string, string>();
  await expect
    .poll(async () => {
      const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 60 }));
      for (const m of out.Messages ?? []) bodies.set(m.MessageId ?? '', m.Body ?? '');
      return bodies.size;
    })
    .toBe(count);
  return [...bodies.values()].sort();
}

/**
 * Issue 17, "before a message goes back": a DLQ whose orders were changed, deleted and
 * dead-lettered twice after the failure. The redrive dialog counts each kind, opens each group,
 * and with the skips moves only the current ones — behind the default canary — leaving the rest
 * in the DLQ, listed; nothing is lost.
 */
test('redrive skips stale, deleted and duplicate dead letters and moves only current ones', async ({ page, demo, tempQueues, tempTables }) => {
  test.setTimeout(120_000);
  const { sqs, dynamodb } = demo.clients;
  const prefix = tempQueues.uniqueName('chk');
  const { name: table } = await tempTables.create(`${prefix}-orders`);
  const id = (n: number) => `${prefix}-o${n}`;
  const body = (n: number) => JSON.stringify({ orderId: id(n), total: 10 });
  const { source, dlq } = await test.step('four orders; five dead letters, o4’s twice (a retried send)', async () => {
    for (let n = 1; n <= 4; n++) await dynamodb.send(new PutItemCommand({ TableName: table, Item: { orderId: { S: id(n) }, total: { N: '10' }, status: { S: 'PLACED' } } }));
    const pair = await tempQueues.createWithDlq(`${prefix}-src`, 1, { source: { VisibilityTimeout: '0' } });
    for (const b of [body(1), body(2), body(3), body(4), body(4)]) await sqs.send(new SendMessageCommand({ QueueUrl: pair.source.url, MessageBody: b }));
    return pair;
  });
  const sentAt = Date.now();
  await expect
    .poll(async () => {
      await sqs.send(new ReceiveMessageCommand({ QueueUrl: source.url, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }));
      return depth(sqs, dlq.url);
    })
    .toBe(5);
  await test.step('after the failure, in a later second (stream times are to the second): o2 changes, o3 is deleted', async () => {
    await expect.poll(() => Date.now(), { intervals: [250] }).toBeGreaterThan(sentAt + 1_500);
    await dynamodb.send(new UpdateItemCommand({ TableName: table, Key: { orderId: { S: id(2) } }, UpdateExpression: 'SET #s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': { S: 'CANCELLED' } } }));
    await dynamodb.send(new DeleteItemCommand({ TableName: table, Key: { orderId: { S: id(3) } } }));
  });

  const dlqPage = new QueuePage(page, demo.appUrl, dlq.name);
  await dlqPage.goto();
  const dialog = await dlqPage.openRedrive();
  const checks = dialog.getByTestId('dead-letter-checks');
  await test.step('the dialog counts each kind and opens each group', async () => {
    await expect(checks.getByTestId('class-count-stale')).toHaveText('1', { timeout: 30_000 });
    await expect(checks.getByTestId('class-count-gone')).toHaveText('1');
    await expect(checks.getByTestId('class-count-duplicate')).toHaveText('1');
    await expect(checks.getByTestId('class-count-current')).toHaveText('2');
    await expect(checks.getByTestId('class-count-unknown')).toHaveText('0');
    await checks.getByTestId('class-stale').getByText('Stale').click();
    await expect(checks.getByRole('list', { name: 'Stale messages' })).toContainText(`${table} orderId=${id(2)} changed after the message was sent`);
  });

  await test.step('the destination list offers the source first, other queues only after "Other queue…"', async () => {
    const select = dialog.getByRole('combobox');
    await expect(select.locator('optgroup[label="Its source"] option')).toHaveText([source.name]);
    await expect(select.locator('option', { hasText: 'Other queue…' })).toHaveCount(1);
    await expect(select.locator('option', { hasText: 'fulfillment-dlq' })).toHaveCount(0);
  });

  await test.step('with the skips, the canary (on by default) and then the rest move one by one', async () => {
    await expect(dialog.getByRole('checkbox', { name: /Canary/ })).toBeChecked();
    await dialog.getByRole('spinbutton', { name: 'Messages', exact: true }).fill('1');
    await dialog.getByRole('spinbutton', { name: 'Watch for' }).fill('5');
    await dialog.getByRole('checkbox', { name: /Skip stale and deleted items/ }).check();
    await dialog.getByRole('checkbox', { name: /Skip duplicates/ }).check();
    await expect(dialog.getByTestId('per-message-note')).toBeVisible();
    await dialog.getByRole('button', { name: 'Start redrive' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('redrive-status')).toHaveText('Completed', { timeout: 45_000 });
    await expect(page.getByTestId('redrive-moved')).toHaveText('2 of 2 moved');
    await expect(page.getByTestId('redrive-skipped')).toContainText('3 skipped, still in the DLQ');
  });

  // Checked through the SDK: only the current ones moved, the rest stayed; nothing lost.
  expect(await takeBodies(sqs, source.url, 2)).toEqual([body(1), body(4)].sort());
  expect(await takeBodies(sqs, dlq.url, 3)).toEqual([body(2), body(3), body(4)].sort());
});
