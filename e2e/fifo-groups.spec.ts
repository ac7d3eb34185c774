import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { RunningDemo } from '../server/launch/demo';
import { expect, test } from './fixtures';
import { QueuePage } from './pages';

/**
 * Issue 17, FIFO: the DLQ page groups dead letters by MessageGroupId and says, for the source,
 * which groups were held (behind each dead-lettered head, and for how long) and which may be held
 * now — without ever receiving from the source. The demo has no FIFO flow, so the test makes one.
 */
async function attribute(demo: RunningDemo, url: string, name: 'ApproximateNumberOfMessages' | 'ApproximateNumberOfMessagesNotVisible'): Promise<number> {
  return Number((await demo.clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: [name] }))).Attributes?.[name]);
}

test.describe('FIFO message groups', () => {
  test('a FIFO DLQ shows each group held behind its head, the source’s groups held now, and warns when a redrive would re-order a group', async ({ page, demo, tempQueues }) => {
    test.setTimeout(300_000);
    const base = tempQueues.uniqueName('fifo');
    const fifo = { FifoQueue: 'true', ContentBasedDeduplication: 'true' };
    const dlq = await tempQueues.create(`${base}-dlq.fifo`, fifo);
    const source = await tempQueues.create(`${base}.fifo`, { ...fifo, VisibilityTimeout: '0', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 1 }) });
    const sqs = demo.clients.sqs;
    const ids: Record<string, string[]> = { 'g-a': [], 'g-b': [] };

    await test.step('a consumer fails on every message of two groups: they are dead-lettered in order', async () => {
      for (let i = 0; i < 3; i++) {
        for (const g of ['g-a', 'g-b'] as const) {
          if (g === 'g-b' && i === 2) continue;
          ids[g].push((await sqs.send(new SendMessageCommand({ QueueUrl: source.url, MessageBody: JSON.stringify({ group: g, n: i }), MessageGroupId: g }))).MessageId as string);
        }
      }
      // The test's consumer: receives and never deletes, so each message uses its one receive.
      await expect
        .poll(
          async () => {
            await sqs.send(new ReceiveMessageCommand({ QueueUrl: source.url, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }));
            return attribute(demo, dlq.url, 'ApproximateNumberOfMessages');
          },
          { timeout: 30_000 },
        )
        .toBe(5);
      // A third group's message is in flight in the source now: its group is held.
      await sqs.send(new SendMessageCommand({ QueueUrl: source.url, MessageBody: '{"group":"g-c"}', MessageGroupId: 'g-c' }));
      expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: source.url, MaxNumberOfMessages: 1, VisibilityTimeout: 600 }))).Messages).toHaveLength(1);
      expect(await attribute(demo, source.url, 'ApproximateNumberOfMessagesNotVisible')).toBe(1);
    });

    const queue = new QueuePage(page, demo.appUrl, dlq.name);
    const groups = page.getByTestId('message-groups');
    const heldNowLine = groups.getByTestId('held-now').locator('li').filter({ hasText: source.name });
    await test.step('the DLQ page: two groups, each held in the source from its head’s first receive until the move', async () => {
      // The sampler's listing learns the new queues, and the message in flight, within a sample or two.
      // The browse (a short lease of the DLQ) comes first, then the groups; the page reads the
      // source's figures again every 10 s, so the message in flight shows without a reload.
      await expect(async () => {
        await queue.goto();
        await expect(groups.locator('summary')).toHaveText('2 message groups among the browsed messages', { timeout: 60_000 });
      }).toPass({ timeout: 150_000, intervals: [2_000] });
      await expect(heldNowLine.getByTestId('held-in-flight')).toHaveText('1 group held behind a message in flight (1 in flight, each holds its group).', { timeout: 60_000 });
      const table = groups.getByRole('table', { name: `Message groups of ${dlq.name}` });
      const rowA = table.locator('tr[data-group="g-a"]');
      await expect(rowA.getByRole('cell').nth(1)).toHaveText('3');
      await expect(rowA.getByRole('button', { name: ids['g-a'][0] })).toBeVisible();
      await expect(rowA.getByTestId('held-history')).toHaveText(new RegExp(`^in ${source.name.replace(/\./g, '\\.')} from \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d .+ until dead-lettered, by \\d{4}-\\d\\d-\\d\\d .+ at the latest$`));
      await expect(table.locator('tr[data-group="g-b"]').getByTestId('held-history')).toContainText('until dead-lettered');
    });

    await test.step('held now: the one message in flight holds one group; which one, Eddy does not receive the source to find out', async () => {
      const line = heldNowLine;
      await expect(line).toContainText('a receive counts toward its maxReceiveCount');
      // The consumer's recent failures: read or said unknown, never left blank.
      // (Five dead letters just arrived: failing once Eddy's samples cover the last 5 minutes, unknown before.)
      await expect(line.getByTestId('held-failing-head')).toHaveText(
        /^(More may be held behind a failing head waiting for its next receive\. The consumer failed in the last 5 minutes \(5 new message\(s\) arrived in .+|Whether any is held behind a failing head waiting for its next receive is unknown: .+)$/,
      );
      // Nothing was received from the source to say so.
      expect(await attribute(demo, source.url, 'ApproximateNumberOfMessages')).toBe(0);
      expect(await attribute(demo, source.url, 'ApproximateNumberOfMessagesNotVisible')).toBe(1);
    });

    await test.step('picking the last of a group without the earlier ones: certain re-order; the whole group: to the group’s end', async () => {
      await page.getByRole('checkbox', { name: `Select ${ids['g-a'][2]}` }).check();
      const reorder = groups.getByTestId('group-reorder');
      await expect(reorder.getByRole('listitem')).toHaveText(['Re-orders group g-a: the selected go back ahead of 2 earlier messages of the group left in ' + dlq.name + '. Select them too to keep the order.']);
      await page.getByRole('checkbox', { name: `Select ${ids['g-a'][0]}` }).check();
      await page.getByRole('checkbox', { name: `Select ${ids['g-a'][1]}` }).check();
      await expect(reorder.getByRole('listitem')).toHaveText([new RegExp(`^Group g-a: the selected go to the end of the group in ${source.name.replace(/\./g, '\\.')}, after every message of it sent since .+ that was not dead-lettered`)]);
    });
  });
});
