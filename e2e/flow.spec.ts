import { CreateEventSourceMappingCommand, CreateFunctionCommand, DeleteEventSourceMappingCommand, DeleteFunctionCommand } from '@aws-sdk/client-lambda';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { docsScreenshot } from './docs-screenshot';
import { DemoBannerPage } from './pages';

/** The demo's resources as the graph names them (kind label + AWS name). */
const DEMO_NODES = [
  ['table:orders', 'Table orders'],
  ['table:inventory', 'Table inventory'],
  ['function:order-projector', 'Function order-projector'],
  ['function:fulfillment-worker', 'Function fulfillment-worker'],
  ['function:notifier', 'Function notifier'],
  ['queue:fulfillment', 'Queue fulfillment'],
  ['queue:notifications', 'Queue notifications'],
  ['queue:fulfillment-dlq', 'DLQ fulfillment-dlq'],
  ['queue:notifications-dlq', 'DLQ notifications-dlq'],
  ['queue:order-projector-failures', 'DLQ order-projector-failures'],
  ['topic:order-events', 'Topic order-events'],
  ['queue:order-events-dlq', 'DLQ order-events-dlq'],
] as const;

/** The demo's wiring (server/sim/resources.ts), as edges between those nodes. */
const DEMO_EDGES = [
  'mapping:table:orders->function:order-projector',
  'on-failure:function:order-projector->queue:order-projector-failures',
  'environment:function:order-projector->topic:order-events',
  'subscription:topic:order-events->queue:fulfillment',
  'subscription:topic:order-events->queue:notifications',
  'redrive:topic:order-events->queue:order-events-dlq',
  'environment:function:order-projector->table:inventory',
  'mapping:queue:fulfillment->function:fulfillment-worker',
  'redrive:queue:fulfillment->queue:fulfillment-dlq',
  'environment:function:fulfillment-worker->queue:notifications',
  'environment:function:fulfillment-worker->table:orders',
  'mapping:queue:notifications->function:notifier',
  'redrive:queue:notifications->queue:notifications-dlq',
].sort();

const graph = (page: Page) => page.getByTestId('flow-graph');
const node = (page: Page, name: string) => graph(page).getByRole('link', { name, exact: true });
const edge = (page: Page, id: string) => graph(page).getByTestId(`rf__edge-${id}`);

test.describe('the flow graph', () => {
  test('shows every demo resource by name, wired as the demo is', async ({ page, demo }) => {
    await page.goto(demo.appUrl);
    for (const [, name] of DEMO_NODES) await expect(node(page, name)).toBeVisible();
    await expect(node(page, 'Queue fulfillment')).toContainText('depth');
    await expect(node(page, 'Queue fulfillment')).toContainText('trend');
    // The stream's rate comes from Eddy's own tail of the orders stream (the demo writes ~3 orders/s).
    await expect(node(page, 'Table orders')).toContainText(/events\/s \d+\.\d/);
    await expect(node(page, 'Table inventory')).toContainText('stream none');

    const demoIds = new Set<string>(DEMO_NODES.map(([id]) => id));
    await expect(edge(page, DEMO_EDGES[0])).toBeAttached();
    const rendered = await graph(page)
      .locator('[data-testid^="rf__edge-"]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-testid')!.slice('rf__edge-'.length)));
    const betweenDemoNodes = rendered.filter((id) => {
      const [source, target] = id.slice(id.indexOf(':') + 1).split('->');
      return demoIds.has(source) && demoIds.has(target);
    });
    expect(betweenDemoNodes.sort()).toEqual(DEMO_EDGES);

    await expect(page.getByRole('group', { name: 'Legend' })).toContainText('lagging');
    for (const tile of ['Dead letters', 'New dead letters', 'Worst iterator age', 'Events/s', 'Failing mappings']) {
      await expect(page.getByRole('list', { name: 'Health' }).getByRole('listitem', { name: tile, exact: true })).toBeVisible();
    }
    // Zoom and fit are there for a person to use.
    await expect(page.getByRole('button', { name: 'Zoom In' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Fit View' })).toBeVisible();

    await test.step('legible: node and edge-label text at least 12 px, no figure cut by its card', async () => {
      const sizes = await graph(page)
        .locator('[data-testid="flow-node"] span, .react-flow__edge-text')
        .evaluateAll((els) => els.filter((el) => el.textContent?.trim()).map((el) => parseFloat(getComputedStyle(el).fontSize)));
      expect(sizes.length).toBeGreaterThan(0);
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(12);
      const cut = await graph(page)
        .locator('[data-testid="flow-node"]')
        .evaluateAll((cards) =>
          cards.flatMap((card) => {
            const box = card.getBoundingClientRect();
            return [...card.querySelectorAll('[data-figure]')].filter((f) => {
              const r = f.getBoundingClientRect();
              return r.bottom > box.bottom + 0.5 || r.right > box.right + 0.5 || f.scrollWidth > f.clientWidth;
            }).map((f) => `${card.getAttribute('aria-label')}: ${f.textContent}`);
          }),
        );
      expect(cut).toEqual([]);
    });
    await test.step('the flow fills its canvas, not a strip of it', async () => {
      const fill = await graph(page).evaluate((canvas) => {
        const frame = canvas.getBoundingClientRect();
        const cards = [...canvas.querySelectorAll('[data-testid="flow-node"]')].map((c) => c.getBoundingClientRect());
        const width = Math.max(...cards.map((r) => r.right)) - Math.min(...cards.map((r) => r.left));
        const height = Math.max(...cards.map((r) => r.bottom)) - Math.min(...cards.map((r) => r.top));
        return { width: width / frame.width, height: height / frame.height };
      });
      // fitView leaves a margin; the larger share is the side that limits the zoom. Both are checked against a strip.
      expect(Math.max(fill.width, fill.height), JSON.stringify(fill)).toBeGreaterThan(0.75);
      expect(Math.min(fill.width, fill.height), JSON.stringify(fill)).toBeGreaterThan(0.4);
    });
    await docsScreenshot(page, 'flow.png');
  });

  // normalDemo: the notifier runs at the start, and is running again after the test, whatever its outcome.
  test('turns the notifications queue lagging, then failing, when the notifier stalls', async ({ page, normalDemo: demo }) => {
    // The 60 s wait for the engine plus the page's own: past the default 90 s on a loaded machine.
    test.setTimeout(150_000);
    await page.goto(demo.appUrl);
    const notifications = node(page, 'Queue notifications');
    // No "ok first" check: an earlier spec's spike may keep its finding open through the engine's grace period.
    await expect(notifications).toBeVisible();
    const banner = new DemoBannerPage(page);
    await banner.turn('Stall the notifier', true);
    await expect(banner.state).toContainText('notifier stalled');
    // The backlog must grow over a few of Eddy's 5 s samples.
    // The health engine: "backlog growing" (lagging) opens first, "nothing is consuming" (failing) once nothing was in flight for a minute.
    await expect(notifications).toHaveAttribute('data-health', /^(lagging|failing)$/, { timeout: 60_000 });
    await expect(notifications).toContainText(/lagging|failing/);
    // The queues page's drain forecast, over the flow's own samples.
    await expect(notifications).toContainText(/growing \d+(\.\d)?\/min/);
    await expect(edge(page, 'mapping:queue:notifications->function:notifier')).toHaveClass(/health-(lagging|failing)/);
    await expect(node(page, 'Queue fulfillment')).not.toHaveAttribute('data-health', /^(lagging|failing)$/);
  });

  test('opens a consumer’s page from its node, with its mappings and lag', async ({ page, demo }) => {
    await page.goto(demo.appUrl);
    await node(page, 'Function order-projector').click();
    await expect(page).toHaveURL(/\/functions\/order-projector$/);
    await expect(page.getByRole('heading', { level: 1, name: 'order-projector' })).toBeVisible();
    const mappings = page.getByRole('table', { name: 'Event source mappings' });
    await expect(mappings.getByRole('row').nth(1)).toContainText('orders (stream)');
    await expect(mappings.getByRole('row').nth(1)).toContainText('order-projector-failures');
    await expect(page.getByText('ORDER_EVENTS_TOPIC_ARN')).toBeVisible();
    // The projector publishes IteratorAge: the clock counts down from 24 h.
    await expect(page.getByTestId('data-loss-remaining')).toHaveText(/\d+ h \d+ min left|24 h left/, { timeout: 30_000 });
    await expect(page.getByRole('figure', { name: 'IteratorAge of order-projector' })).not.toHaveAttribute('data-datapoints', '0');

    await page.getByRole('group', { name: 'Range' }).getByRole('button', { name: '15 min' }).click();
    await expect(page.getByRole('figure', { name: 'Invocations and errors of order-projector' })).toBeVisible();
    await expect(page).toHaveURL(/\?minutes=15$/);
    await expect(page.getByRole('group', { name: 'Range' }).getByRole('button', { name: '15 min' })).toHaveAttribute('aria-pressed', 'true');
  });

  test('shows a queue consumer’s backlog charts', async ({ page, demo }) => {
    await page.goto(`${demo.appUrl}/functions/notifier`);
    await expect(page.getByRole('table', { name: 'Event source mappings' }).getByRole('row').nth(1)).toContainText('notifications');
    await expect(page.getByRole('heading', { name: /Backlog of notifications/ })).toBeVisible();
    await expect(page.getByRole('figure', { name: 'Age of the oldest message in notifications' })).toBeVisible();
    // A queue consumer has no iterator: no data-loss clock.
    await expect(page.getByRole('region', { name: 'Data-loss clock' })).toHaveCount(0);
  });

  test('finds a stream mapping created with infinite retries and no on-failure destination', async ({ page, demo }) => {
    const name = `e2e-auditor-${Date.now()}`;
    const { lambda } = demo.clients;
    const streamArn = demo.simulation.resources.ordersStreamArn;
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: 'nodejs20.x',
        Role: 'arn:aws:iam::000000000000:role/e2e',
        Handler: 'index.handler',
        Code: { ZipFile: new Uint8Array([80, 75, 5, 6, ...new Array<number>(18).fill(0)]) },
      }),
    );
    const mapping = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: name, EventSourceArn: streamArn, StartingPosition: 'LATEST', MaximumRetryAttempts: -1 }));
    try {
      await page.goto(demo.appUrl);
      const attention = page.getByRole('region', { name: /Needs attention/ });
      const finding = attention.getByTestId('finding').filter({ hasText: name });
      // The health engine lists it once two evaluations (10 s apart by default) held it, after the next sample of the mappings.
      await expect(finding).toHaveAttribute('data-rule', 'stream-infinite-retries', { timeout: 60_000 });
      await expect(finding).toContainText('critical');
      await expect(finding).toContainText('one record the function cannot process blocks its shard');
      await expect(edge(page, `mapping:table:orders->function:${name}`)).toBeAttached();
      await finding.getByRole('link').click();
      await expect(page).toHaveURL(new RegExp(`/functions/${name}$`));
      await expect(page.getByTestId('finding')).toHaveAttribute('data-rule', 'stream-infinite-retries');
      await expect(page.getByRole('table', { name: 'Event source mappings' })).toContainText('until the record expires');
    } finally {
      await lambda.send(new DeleteEventSourceMappingCommand({ UUID: mapping.UUID }));
      await lambda.send(new DeleteFunctionCommand({ FunctionName: name }));
    }
  });

  test('says what went wrong when AWS cannot be reached, and for an unknown function', async ({ page, deadEndpointApp, demo }) => {
    await page.goto(deadEndpointApp.url);
    await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
    // The page still renders: each service that failed is named once, and what it would have
    // measured is unknown ("—"), never a false all-clear of 0.
    const gaps = page.getByRole('main').getByTestId('gaps');
    await expect(gaps).toContainText('SQS is not reachable');
    await expect(gaps.getByText(/^Lambda is not reachable/)).toHaveCount(1);
    await expect(page.getByRole('listitem', { name: 'Dead letters', exact: true }).getByTestId('tile-value')).toHaveText('—');
    await expect(page.getByRole('listitem', { name: 'Failing mappings' }).getByTestId('tile-value')).toHaveText('—');
    await expect(page.getByRole('main')).toContainText('Nothing could be discovered');
    await expect(page.getByRole('main')).not.toContainText('No dead letters');

    const res = await page.goto(`${demo.appUrl}/functions/no-such-function`);
    expect(res?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1, name: 'No such function' })).toBeVisible();
  });
});
