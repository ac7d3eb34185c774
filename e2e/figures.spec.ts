import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { expect, test } from './fixtures';

test.describe('figures say where they come from', () => {
  test('the Events/s tile shows the orders stream’s real rate (±30 %), labelled with its source, within 15 s of the first load', async ({ page, normalDemo: demo }) => {
    // normalDemo: no spike from another spec changes the rate in the middle of the window.
    // The truth, counted inside the emulator: every stream record the demo's writes produced.
    const streams = demo.emulator.services.streams;
    const startedAt = Date.now();
    const recordsBefore = streams.retainedRecords();
    await page.goto(demo.appUrl);
    test.info().annotations.push({ type: 'first load (ms)', description: String(Date.now() - startedAt) });
    const tile = page.getByRole('listitem', { name: 'Events/s' });
    await expect(tile.getByTestId('figure-source')).toHaveText(/^from (Eddy’s reads|CloudWatch, \d\d:\d\d)/, { timeout: 15_000 - (Date.now() - startedAt) });
    test.info().annotations.push({ type: 'labelled rate shown after (ms)', description: String(Date.now() - startedAt) });
    expect(Number(await tile.getByTestId('tile-value').textContent())).toBeGreaterThan(0);
    // A rate needs a window: the truth is counted over at least the 10 s Eddy's reader counts over.
    const window = 10_000 - (Date.now() - startedAt);
    if (window > 0) await new Promise((resolve) => setTimeout(resolve, window));
    const shown = Number(await tile.getByTestId('tile-value').textContent());
    const truth = (streams.retainedRecords() - recordsBefore) / ((Date.now() - startedAt) / 1000);
    test.info().annotations.push({ type: 'shown vs truth (events/s)', description: `${shown} vs ${truth.toFixed(2)}` });
    expect(truth).toBeGreaterThan(0);
    expect(shown).toBeGreaterThan(0);
    expect(Math.abs(shown - truth) / truth).toBeLessThanOrEqual(0.3);
  });

  test('an empty queue’s oldest message reads “empty” from Eddy’s own sample; a queue holding one is never “empty”', async ({ page, demo, tempQueues }) => {
    const stamp = tempQueues.uniqueName('figures');
    await tempQueues.create(`${stamp}-empty`);
    const held = await tempQueues.create(`${stamp}-held`);
    await demo.clients.sqs.send(new SendMessageCommand({ QueueUrl: held.url, MessageBody: '{}' }));
    await page.goto(`${demo.appUrl}/queues?q=${stamp}`);
    const oldestOf = (name: string) => page.getByRole('row').filter({ hasText: name }).getByTestId('oldest-age');
    // The sampler lists new queues within its 10 s interval; the page polls it.
    await expect(oldestOf(`${stamp}-empty`)).toHaveText('empty', { timeout: 30_000 });
    await expect(oldestOf(`${stamp}-empty`)).toHaveAttribute('title', /found the queue empty/);
    await expect(oldestOf(`${stamp}-held`)).toBeVisible();
    await expect(oldestOf(`${stamp}-held`)).not.toHaveText('empty');
  });
});
