import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { Page } from '@playwright/test';
import type { FaultRule } from '../server/emulator/core/faults';
import type { RunningDemo } from '../server/launch/demo';
import { expect, test } from './fixtures';

/**
 * A least-privilege role, or a region without a service: the emulator answers every call of one
 * service with AccessDeniedException. Every page still renders and names what it could not read
 * in place, and /access shows the actions denied.
 */

type Service = 'DynamoDB' | 'DynamoDB Streams' | 'SQS' | 'Lambda' | 'CloudWatch' | 'CloudWatch Logs';

/** The emulator's target prefix of each service (JSON `X-Amz-Target`, query `Action`, Lambda's REST operations). */
const TARGETS: Record<Service, string> = {
  DynamoDB: 'DynamoDB_20120810.*',
  'DynamoDB Streams': 'DynamoDBStreams_20120810.*',
  SQS: 'AmazonSQS.*',
  Lambda: 'Lambda.*',
  CloudWatch: 'GraniteServiceVersion20100801.*',
  'CloudWatch Logs': 'Logs_20140328.*',
};

/** How a page names a denied action of the service: "Eddy needs `lambda:ListEventSourceMappings`". */
const NAMED: Record<Service, RegExp> = {
  DynamoDB: /needs `?dynamodb:(ListTables|DescribeTable)\b/,
  'DynamoDB Streams': /needs `?dynamodb:(DescribeStream|ListStreams|GetShardIterator|GetRecords)\b/,
  SQS: /needs `?sqs:\w+/,
  Lambda: /needs `?lambda:\w+/,
  CloudWatch: /needs `?cloudwatch:\w+/,
  'CloudWatch Logs': /needs `?logs:\w+/,
};

/** Actions /access must show denied once the pages were visited. */
const DENIED_ACTIONS: Record<Service, string[]> = {
  DynamoDB: ['dynamodb:ListTables', 'dynamodb:DescribeTable'],
  'DynamoDB Streams': ['dynamodb:DescribeStream'],
  // ListQueues denied, nothing gets as far as GetQueueAttributes; the queue page asks GetQueueUrl first.
  SQS: ['sqs:ListQueues', 'sqs:GetQueueUrl'],
  Lambda: ['lambda:ListEventSourceMappings'],
  CloudWatch: ['cloudwatch:GetMetricData'],
  'CloudWatch Logs': ['logs:FilterLogEvents'],
};

interface PageCheck {
  path: string;
  heading: string | RegExp;
  /** The services whose denial this page must name in place (it calls them for what it shows). */
  names: Service[];
}

/** The dashboard API requests the page has in flight (an open event stream does not count). */
const pendingApi = new Set<unknown>();

/** Every page of the sidebar, a queue, a table, a function and a trace (of `trace`, a dead letter of the test's own). */
function pages(trace: { queue: string; messageId: string }): PageCheck[] {
  return [
    { path: '/', heading: 'Overview', names: ['DynamoDB', 'DynamoDB Streams', 'SQS', 'Lambda', 'CloudWatch'] },
    { path: '/streams', heading: 'Streams', names: ['DynamoDB', 'DynamoDB Streams'] },
    { path: '/queues', heading: 'Queues', names: ['SQS'] },
    { path: '/redrives', heading: 'Redrives', names: ['SQS'] },
    // Without a search the page calls no AWS action: it only has to render.
    { path: '/traces', heading: 'Traces', names: [] },
    { path: '/audit', heading: 'Audit', names: [] },
    { path: '/queues/fulfillment-dlq', heading: 'fulfillment-dlq', names: ['SQS', 'CloudWatch'] },
    { path: '/streams/orders', heading: 'orders', names: ['DynamoDB', 'DynamoDB Streams'] },
    { path: '/functions/fulfillment-worker', heading: 'fulfillment-worker', names: ['Lambda', 'CloudWatch', 'CloudWatch Logs'] },
    { path: `/traces/${trace.queue}/${trace.messageId}`, heading: /^Trace of /, names: ['SQS', 'DynamoDB'] },
    { path: '/access', heading: 'Access', names: [] },
  ];
}

async function setFaults(demo: RunningDemo, rules: FaultRule[]): Promise<void> {
  const res = await fetch(`${demo.emulatorUrl}/_eddy/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rules }) });
  expect(res.status).toBe(200);
}

async function clearFaults(demo: RunningDemo): Promise<void> {
  await fetch(`${demo.emulatorUrl}/_eddy/faults`, { method: 'DELETE' });
}

/** Opens a page; it must render (its heading, no error page) and name the denied service where it uses it. */
async function checkPage(page: Page, demo: RunningDemo, check: PageCheck, service: Service): Promise<void> {
  await test.step(`${check.path}`, async () => {
    await page.goto(`${demo.appUrl}${check.path}`);
    // Soft: one run reports every page that fails, not only the first.
    await expect.soft(page.getByRole('heading', { level: 1, name: check.heading }), `${check.path} renders its heading`).toBeVisible();
    if (check.path === '/' && service === 'DynamoDB') {
      // The overview keeps the tables it discovered for a minute (the other services are named by
      // the 5 s sample); a user who just lost a permission asks again with "Re-discover now".
      await page.getByRole('button', { name: 'Re-discover now' }).click();
      await expect(page.getByRole('button', { name: 'Re-discover now' })).toBeEnabled();
    }
    const main = page.getByRole('main');
    // A list served from the last sample (the queue sampler keeps one 10 s) names the denial with
    // the next poll: up to two sampling intervals.
    if (check.names.includes(service)) await expect.soft(main, `${check.path} names the denied ${service} action`).toContainText(NAMED[service], { timeout: 25_000 });
    // The page's client-side parts (charts, logs, messages) answer after the heading: wait until
    // no request to the dashboard's API is pending before judging the page.
    await expect.poll(() => pendingApi.size, { timeout: 4_000 }).toBe(0).catch(() => undefined);
    await expect.soft(page.getByText('Something went wrong'), `${check.path} shows no error page`).toHaveCount(0);
    await expect.soft(page.getByText('Application error'), `${check.path} did not crash in the browser`).toHaveCount(0);
  });
}

test.describe('least privilege: one service denied at a time', () => {
  for (const service of Object.keys(TARGETS) as Service[]) {
    test(`${service} denied: every page renders and names what is missing; /access shows it denied`, async ({ page, demo, tempQueues }) => {
      // A dead letter of our own to trace, in a DLQ of our own: the demo's shared DLQ keeps only its own.
      const { dlq } = await tempQueues.createWithDlq(tempQueues.uniqueName('lp'), 3);
      const sent = await demo.clients.sqs.send(new SendMessageCommand({ QueueUrl: dlq.url, MessageBody: JSON.stringify({ orderId: `ord-e2e-lp-${Date.now()}`, customerId: 'cust-0001' }) }));
      const trace = { queue: dlq.name, messageId: sent.MessageId as string };
      pendingApi.clear();
      const isApi = (url: string) => url.includes('/api/') && !url.includes('/live');
      page.on('request', (r) => {
        if (isApi(r.url()) && r.resourceType() === 'fetch') pendingApi.add(r);
      });
      page.on('requestfinished', (r) => pendingApi.delete(r));
      page.on('requestfailed', (r) => pendingApi.delete(r));
      await setFaults(demo, [{ target: TARGETS[service], error: 'AccessDeniedException', message: `User: arn:aws:iam::000000000000:user/eddy-e2e is not authorized (${service} denied by test)` }]);
      try {
        for (const check of pages(trace)) await checkPage(page, demo, check, service);
        await test.step('/access shows the denied actions as denied', async () => {
          await page.goto(`${demo.appUrl}/access`);
          for (const action of DENIED_ACTIONS[service]) await expect.soft(page.getByTestId(`access-${action}`).first(), `${action} on /access`).toHaveAttribute('data-state', 'denied');
        });
      } finally {
        await clearFaults(demo);
      }
    });
  }
});
