import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { startApp } from '../server/launch/app';
import { getFreePort } from '../server/launch/ports';
import { expect, test, type TempQueues } from './fixtures';
import { DemoBannerPage, mainNav, QueuePage } from './pages';
import { depth, emptyDemoQueue } from './sqs';
import { docsScreenshot } from './docs-screenshot';

/** Every body in a queue, read without hiding anything (VisibilityTimeout 0). */
async function peekBodies(sqs: SQSClient, url: string): Promise<string[]> {
  const bodies = new Map<string, string>();
  for (let i = 0; i < 20; i++) {
    const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }));
    for (const m of out.Messages ?? []) bodies.set(m.MessageId ?? '', m.Body ?? '');
  }
  return [...bodies.values()];
}

/**
 * A uniquely named source queue and its DLQ (maxReceiveCount 1), with `bodies` dead-lettered into
 * the DLQ; both are deleted when the test ends.
 */
async function deadLetterPair(sqs: SQSClient, tempQueues: TempQueues, label: string, bodies: { body: string; binary?: Uint8Array }[]) {
  const { source, dlq } = await tempQueues.createWithDlq(tempQueues.uniqueName(label), 1, { source: { VisibilityTimeout: '0' }, dlq: { MessageRetentionPeriod: '1209600' } });
  const srcUrl = source.url;
  const dlqUrl = dlq.url;
  for (const { body, binary } of bodies) {
    await sqs.send(new SendMessageCommand({ QueueUrl: srcUrl, MessageBody: body, MessageAttributes: binary ? { blob: { DataType: 'Binary', BinaryValue: binary } } : undefined }));
  }
  // The first receive counts 1; the next finds the count exceeded and moves each to the DLQ.
  await expect
    .poll(async () => {
      await sqs.send(new ReceiveMessageCommand({ QueueUrl: srcUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }));
      return depth(sqs, dlqUrl);
    })
    .toBe(bodies.length);
  return { srcUrl, dlqUrl, src: source.name, dlq: dlq.name };
}

test.describe('redrive', () => {
  // normalDemo: the bug in place at the start, and again after the test (which fixes it), whatever its outcome.
  test('redrive all after fixing the bug: progress to completion, DLQ empty, orders fulfilled, audited', async ({ page, normalDemo: demo }) => {
    // One more step in the dialog (switching the default canary off); on a loaded machine a step
    // takes 10–20 s; a purge may be refused for 60 s after another.
    test.setTimeout(270_000);
    const sqs = demo.clients.sqs;
    const dlqUrl = demo.simulation.resources.queues['fulfillment-dlq'].url;
    // What is redriven is the demo's own dead letters since this test started: nothing an earlier
    // spec sent there (a message sent straight to a DLQ has no source, and would fail the move).
    await emptyDemoQueue(demo, 'fulfillment-dlq');
    await expect.poll(() => depth(sqs, dlqUrl), { timeout: 60_000, intervals: [1_000] }).toBeGreaterThan(1);

    await page.goto(demo.appUrl);
    const banner = new DemoBannerPage(page);
    await banner.turn('Fix the fulfillment bug', true);
    await expect(banner.state).toContainText('Fulfillment bug fixed');
    // A fragile order already on its last try when the fix landed still dead-letters: wait until the DLQ stops growing.
    await expect(async () => {
      const before = await depth(sqs, dlqUrl);
      await new Promise((resolve) => setTimeout(resolve, 4_000));
      expect(await depth(sqs, dlqUrl)).toBe(before);
    }).toPass({ timeout: 40_000 });
    const orderIds = (await peekBodies(sqs, dlqUrl)).map((b) => (JSON.parse(b) as { orderId: string }).orderId);
    expect(orderIds.length).toBeGreaterThan(1);

    await mainNav(page).open('Queues');
    await page.getByRole('link', { name: 'fulfillment-dlq', exact: true }).first().click();
    await expect(page.getByRole('heading', { name: 'fulfillment-dlq', level: 1 })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Messages' }).getByRole('row')).not.toHaveCount(0);

    const dialog = await new QueuePage(page, demo.appUrl, 'fulfillment-dlq').openRedrive();
    await expect(dialog.getByTestId('redrive-plan')).toContainText(/messages? → fulfillment/);
    // The canary is on by default; this journey is about the move task itself.
    await dialog.getByRole('checkbox', { name: /Canary/ }).uncheck();
    await dialog.getByRole('radio', { name: /At most/ }).check();
    await dialog.getByRole('spinbutton', { name: 'Messages per second' }).fill('50');
    await dialog.getByRole('button', { name: 'Start redrive' }).click();
    await expect(dialog).toBeHidden();

    await expect(page.getByTestId('redrive-status')).toHaveText('Completed', { timeout: 30_000 });
    await expect(page.getByRole('progressbar', { name: 'fulfillment-dlq redrive progress' })).toHaveAttribute('aria-valuenow', '100');
    await docsScreenshot(page, 'redrive.png');
    await expect.poll(() => depth(sqs, dlqUrl), { timeout: 30_000 }).toBe(0);
    // Each redriven order is processed: FULFILLED, or gone because the demo's customer cancelled it meanwhile.
    const statuses: string[] = [];
    for (const orderId of orderIds) {
      let status = 'unread';
      await expect
        .poll(
          async () => {
            const out = await demo.clients.dynamodb.send(new GetItemCommand({ TableName: 'orders', Key: { orderId: { S: orderId } }, ConsistentRead: true }));
            status = out.Item ? String(unmarshall(out.Item).status) : 'cancelled';
            return status;
          },
          { timeout: 30_000 },
        )
        .toMatch(/^(FULFILLED|cancelled)$/);
      statuses.push(status);
    }
    expect(statuses.filter((s) => s === 'FULFILLED').length).toBeGreaterThan(0);

    await mainNav(page).open('Audit');
    const entry = page.getByRole('row').filter({ hasText: 'redrive all' }).filter({ hasText: 'succeeded' });
    await expect(entry.first()).toContainText('fulfillment-dlq, fulfillment');
    await mainNav(page).open('Redrives');
    await expect(page.getByRole('progressbar', { name: 'fulfillment-dlq redrive progress' }).first()).toHaveAttribute('aria-valuenow', '100');
  });

  test('redrive selected: the picked messages go back, the rest stay, hostile bodies show as text', async ({ page, demo, tempQueues }) => {
    const sqs = demo.clients.sqs;
    const bodies = [{ body: '{"n":1}' }, { body: '<script>window.__pwned = true</script><b>bold</b>' }, { body: 'x'.repeat(1_000_000) }, { body: 'plain text', binary: new Uint8Array([0, 255, 1, 254]) }];
    const pair = await deadLetterPair(sqs, tempQueues, 'sel', bodies);

    // The page receives each message once: the failure-apart scan waits for the browse and reads
    // what it received (a scan racing ahead of it made the count 3 here, the browse's being a second receive).
    await new QueuePage(page, demo.appUrl, pair.dlq).goto();
    const messages = page.getByRole('table', { name: 'Messages' });
    await expect(messages.getByRole('row')).toHaveCount(5);

    // A script body is text, never markup.
    const scriptRow = messages.getByRole('row').filter({ hasText: '<script>' });
    await scriptRow.getByRole('button').click();
    await expect(page.getByTestId('message-body')).toHaveText('<script>window.__pwned = true</script><b>bold</b>');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned)).toBeUndefined();
    // One receive by the consumer (the next moved it to the DLQ), one by Eddy's browse — and the page says which.
    const detailReceives = page.getByRole('region', { name: /^Message / }).getByRole('definition').filter({ has: page.getByTestId('receive-count') });
    await expect(page.getByTestId('receive-count')).toHaveText('2');
    await expect(detailReceives.getByTestId('own-receives')).toHaveText('· 1 by Eddy');
    await expect(detailReceives.locator('[title]').first()).toHaveAttribute('title', /SQS counts every receive, Eddy’s own browsing included .*: 1 of these 2 were this Eddy’s/);
    await expect(scriptRow.getByTestId('receives')).toHaveText('2');
    await expect(scriptRow.getByTestId('own-receives')).toHaveText('· 1 by Eddy');
    // Received twice, but once by the consumer only: not a redelivery.
    await expect(page.getByLabel('Redeliveries and duplicates')).toContainText('0 redelivered');
    await expect(page.getByTestId('expiry-clock')).toContainText('retention counted from the original sent time');
    await docsScreenshot(page, 'dlq-message.png');

    // A 1 MB body comes cut in the page, whole on request.
    await messages.getByRole('row').filter({ hasText: 'xxxxxxxx' }).getByRole('button').click();
    await expect(page.getByRole('heading', { name: 'Body (first 16 KiB of 977 KiB)' })).toBeVisible();
    await page.getByRole('button', { name: 'Load the whole body (977 KiB)' }).click();
    await expect(page.getByRole('heading', { name: 'Body (text)' })).toBeVisible();
    expect((await page.getByTestId('message-body').innerText()).length).toBe(1_000_000);

    const binaryRow = messages.getByRole('row').filter({ hasText: 'plain text' });
    await binaryRow.getByRole('button').click();
    const blob = page.getByRole('table', { name: 'Message attributes' }).getByRole('row').filter({ hasText: 'blob' });
    await expect(blob.getByRole('cell').nth(2)).toHaveText('AP8B/g==(binary, base64)');

    await scriptRow.getByRole('checkbox').check();
    await messages.getByRole('row').filter({ hasText: '{"n":1}' }).getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Redrive selected (2)' }).click();
    await page.getByRole('dialog', { name: /^Redrive \d+ selected/ }).getByRole('button', { name: /^Redrive \d+/ }).click();
    const outcomes = page.getByRole('list', { name: 'Redrive outcomes' });
    await expect(outcomes.getByRole('listitem')).toHaveCount(2);
    await expect(outcomes.getByRole('listitem').filter({ hasText: `redriven to ${pair.src}` })).toHaveCount(2);
    await expect(messages.getByRole('row')).toHaveCount(3);

    const back = await sqs.send(new ReceiveMessageCommand({ QueueUrl: pair.srcUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 30, MessageAttributeNames: ['All'] }));
    expect((back.Messages ?? []).map((m) => m.Body).sort()).toEqual(['<script>window.__pwned = true</script><b>bold</b>', '{"n":1}']);
    expect(back.Messages?.every((m) => m.MessageAttributes?.['eddy-redriven-from']?.StringValue === pair.dlq)).toBe(true);
    expect(await depth(sqs, pair.dlqUrl)).toBe(2);

    // Malformed JSON and a cross-site origin are refused with a clear message; nothing moves.
    const api = `${demo.appUrl}/api/queues/${pair.dlq}/redrive-selected`;
    const malformed = await page.request.post(api, { data: Buffer.from('{"messageIds": ['), headers: { 'content-type': 'application/json' } });
    expect(malformed.status()).toBe(422);
    expect((await malformed.json()).error.message).toBe('The request body is not valid JSON.');
    const crossSite = await page.request.post(api, { data: { messageIds: ['x'] }, headers: { 'content-type': 'application/json', origin: 'http://evil.example' } });
    expect(crossSite.status()).toBe(403);
    const form = await page.request.post(api, { data: Buffer.from('messageIds=x'), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status()).toBe(422);
    expect(await depth(sqs, pair.dlqUrl)).toBe(2);
  });

  test('a DLQ page receives each dead letter once: the failure analysis compares what the browse received', async ({ page, demo, tempQueues }) => {
    const sqs = demo.clients.sqs;
    const pair = await deadLetterPair(sqs, tempQueues, 'once', [{ body: '{"n":1}' }, { body: '{"n":2}' }, { body: '{"n":3}' }]);

    await new QueuePage(page, demo.appUrl, pair.dlq).goto();
    const rows = page.getByRole('table', { name: 'Messages' }).locator('tbody tr');
    await expect(rows).toHaveCount(3);
    // The analysis ran after the browse and read its messages (this DLQ has no stream upstream to compare with).
    await expect(page.getByTestId('failure-apart')).toContainText('those the browse below received, not received again');
    for (const row of await rows.all()) await expect(row.getByTestId('own-receives')).toHaveText('· 1 by Eddy');

    // What reached SQS: one receive by the consumer (the next moved it), one by Eddy — not two.
    const counts: number[] = [];
    for (let empty = 0; empty < 3; ) {
      const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: pair.dlqUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 60, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));
      if (!out.Messages?.length) empty++;
      // Less this receive of the test's own.
      for (const m of out.Messages ?? []) counts.push(Number(m.Attributes?.ApproximateReceiveCount) - 1);
    }
    expect(counts).toEqual([2, 2, 2]);
  });

  test('a queue with a redrive policy is not browsed unless asked, then shows receive counts against the maximum', async ({ page, demo, tempQueues }) => {
    const sqs = demo.clients.sqs;
    const {
      source: { name, url },
    } = await tempQueues.createWithDlq(tempQueues.uniqueName('src'), 5);
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: '{"orderId":"o-1"}' }));

    await new QueuePage(page, demo.appUrl, name).goto();
    const refusal = page.getByTestId('browse-refused');
    await expect(refusal).toContainText('maxReceiveCount of 5');
    expect(await depth(sqs, url)).toBe(1);
    await refusal.getByRole('button', { name: 'Browse anyway' }).click();
    const row = page.getByRole('table', { name: 'Messages' }).getByRole('row').filter({ hasText: 'o-1' });
    await expect(row).toContainText('1 / 5');
    await expect(page).toHaveURL(/override=1/);
    await row.getByRole('button').click();
    await expect(page.getByTestId('receive-count')).toHaveText('1 of 5 (maxReceiveCount)');
    // That one receive was Eddy's own browse: no consumer has received it.
    await expect(page.getByRole('region', { name: /^Message / }).getByTestId('own-receives')).toHaveText('· 1 by Eddy');
    // Released at once: the message is visible to consumers again.
    await expect
      .poll(async () => Number((await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }))).Attributes?.ApproximateNumberOfMessages))
      .toBe(1);
  });

  test('read-only mode disables the buttons, says why, and the server refuses', async ({ page, demo, tempQueues }) => {
    const sqs = demo.clients.sqs;
    const pair = await deadLetterPair(sqs, tempQueues, 'ro', [{ body: 'stay' }]);
    const app = await startApp({
      port: await getFreePort(),
      env: {
        AWS_ENDPOINT_URL: demo.emulatorUrl,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'AKIDEDDYTEST',
        AWS_SECRET_ACCESS_KEY: 'eddy-test-secret',
        EDDY_READ_ONLY: '1',
        EDDY_DATA_DIR: `.eddy/test-ro-${process.pid}`,
      },
    });
    try {
      await new QueuePage(page, app.url, pair.dlq).goto();
      await expect(page.getByTestId('read-only-reason')).toContainText('EDDY_READ_ONLY');
      await expect(page.getByRole('button', { name: 'Redrive', exact: true })).toBeDisabled();
      await expect(page.getByRole('button', { name: 'Purge' })).toBeDisabled();
      await expect(page.getByRole('table', { name: 'Messages' }).getByRole('row')).toHaveCount(2);
      await page.getByRole('table', { name: 'Messages' }).getByRole('row').filter({ hasText: 'stay' }).getByRole('checkbox').check();
      await expect(page.getByRole('button', { name: 'Redrive selected (1)' })).toBeDisabled();

      for (const [path, body] of [
        ['redrive', {}],
        ['redrive-selected', { messageIds: ['x'] }],
        ['purge', { confirmName: pair.dlq }],
      ] as const) {
        const res = await page.request.post(`${app.url}/api/queues/${pair.dlq}/${path}`, { data: body, headers: { 'content-type': 'application/json' } });
        expect(res.status()).toBe(403);
        expect((await res.json()).error.message).toContain('read-only');
      }
      expect(await depth(sqs, pair.dlqUrl)).toBe(1);
    } finally {
      await app.stop();
    }
  });

  test('with an operator token set, the UI asks for it once, a wrong one is refused and audited', async ({ page, demo, tempQueues }) => {
    const sqs = demo.clients.sqs;
    const pair = await deadLetterPair(sqs, tempQueues, 'tok', [{ body: 'first' }, { body: 'second' }]);
    const app = await startApp({
      port: await getFreePort(),
      env: {
        AWS_ENDPOINT_URL: demo.emulatorUrl,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'AKIDEDDYTEST',
        AWS_SECRET_ACCESS_KEY: 'eddy-test-secret',
        EDDY_OPERATOR_TOKEN: 'e2e-operator-token-123',
        EDDY_DATA_DIR: `.eddy/test-token-${process.pid}`,
      },
    });
    try {
      await new QueuePage(page, app.url, pair.dlq).goto();
      const messages = page.getByRole('table', { name: 'Messages' });
      await messages.getByRole('row').filter({ hasText: 'first' }).getByRole('checkbox').check();
      await page.getByRole('button', { name: 'Redrive selected (1)' }).click();
      const prompt = page.getByRole('dialog', { name: 'Operator token' });
      await prompt.getByLabel('Token').fill('not-the-token');
      await prompt.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('dialog', { name: /^Redrive \d+ selected/ }).getByRole('button', { name: /^Redrive \d+/ }).click();
      await expect(page.getByRole('alert').filter({ hasText: 'The operator token is wrong.' })).toBeVisible();
      expect(await depth(sqs, pair.dlqUrl)).toBe(2);

      // The refused token was forgotten: the next try asks again.
      await page.getByRole('button', { name: 'Redrive selected (1)' }).click();
      await prompt.getByLabel('Token').fill('e2e-operator-token-123');
      await prompt.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('dialog', { name: /^Redrive \d+ selected/ }).getByRole('button', { name: /^Redrive \d+/ }).click();
      await expect(page.getByRole('list', { name: 'Redrive outcomes' })).toContainText(`redriven to ${pair.src}`);

      // Asked once per session: the next change goes straight through.
      await messages.getByRole('row').filter({ hasText: 'second' }).getByRole('checkbox').check();
      await page.getByRole('button', { name: 'Redrive selected (1)' }).click();
      await expect(prompt).toBeHidden();
      await page.getByRole('dialog', { name: /^Redrive \d+ selected/ }).getByRole('button', { name: /^Redrive \d+/ }).click();
      await expect(page.getByRole('list', { name: 'Redrive outcomes' })).toContainText(`redriven to ${pair.src}`);
      await expect.poll(() => depth(sqs, pair.dlqUrl)).toBe(0);

      await page.goto(`${app.url}/audit`);
      const log = page.getByRole('table', { name: 'Audit log' });
      await expect(log.getByRole('row').filter({ hasText: 'refused' })).toContainText('The operator token is wrong.');
      await expect(log.getByRole('row').filter({ hasText: 'succeeded' })).toHaveCount(2);
      await expect(log.getByRole('row').filter({ hasText: 'succeeded' }).first()).toContainText('operator');
    } finally {
      await app.stop();
    }
  });

  test('a slow redrive shows its rate and can be cancelled; nothing is lost', async ({ page, demo, tempQueues }) => {
    const sqs = demo.clients.sqs;
    const pair = await deadLetterPair(
      sqs,
      tempQueues,
      'cancel',
      Array.from({ length: 40 }, (_, i) => ({ body: `m-${i}` })),
    );
    const dlqPage = new QueuePage(page, demo.appUrl, pair.dlq);
    await dlqPage.goto();
    const dialog = await dlqPage.openRedrive();
    await expect(dialog.getByTestId('redrive-plan')).toContainText(`about 40 messages → ${pair.src}`);
    await dialog.getByRole('checkbox', { name: /Canary/ }).uncheck();
    await dialog.getByRole('radio', { name: /At most/ }).check();
    await dialog.getByRole('spinbutton', { name: 'Messages per second' }).fill('2');
    await dialog.getByRole('button', { name: 'Start redrive' }).click();
    await expect(page.getByTestId('redrive-status')).toHaveText('Moving');
    await expect(page.getByText(/left · at most 2\/s/)).toBeVisible();
    await page.getByRole('button', { name: 'Cancel redrive' }).click();
    await expect(page.getByTestId('redrive-status')).toHaveText('Cancelled', { timeout: 20_000 });
    const moved = Number((await page.getByTestId('redrive-moved').innerText()).split(' ')[0]);
    expect(moved).toBeLessThan(40);
    await expect.poll(async () => (await depth(sqs, pair.dlqUrl)) + (await depth(sqs, pair.srcUrl))).toBe(40);
  });

  // normalDemo: the bug in place, so the canary's messages come back.
  test('a canary stops the redrive when its messages come back (the bug is not fixed)', async ({ page, normalDemo: demo }) => {
    test.setTimeout(120_000);
    const sqs = demo.clients.sqs;
    const dlqUrl = demo.simulation.resources.queues['fulfillment-dlq'].url;
    await expect.poll(() => depth(sqs, dlqUrl), { timeout: 60_000, intervals: [1_000] }).toBeGreaterThan(2);

    const dlqPage = new QueuePage(page, demo.appUrl, 'fulfillment-dlq');
    await dlqPage.goto();
    const dialog = await dlqPage.openRedrive();
    await dialog.getByRole('checkbox', { name: /Canary/ }).check();
    await dialog.getByRole('spinbutton', { name: 'Messages', exact: true }).fill('2');
    await dialog.getByRole('spinbutton', { name: 'Watch for' }).fill('45');
    await dialog.getByRole('button', { name: 'Start redrive' }).click();
    await expect(page.getByTestId('redrive-status')).toHaveText('Canary: watching the DLQ for returns');
    // fulfillment fails fragile orders 3 times, 3 s apart: the copies are back within seconds.
    await expect(page.getByTestId('redrive-status')).toHaveText('Stopped by the canary', { timeout: 45_000 });
    await expect(page.getByRole('alert').filter({ hasText: 'came back to fulfillment-dlq' })).toContainText('the rest were not moved');
    await mainNav(page).open('Audit');
    await expect(page.getByRole('table', { name: 'Audit log' }).getByRole('row').filter({ hasText: 'canary' }).first()).toContainText('failed');
  });
});
