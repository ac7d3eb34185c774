import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** Every page of the demo (the trace page needs a message id: `tracePagePath` finds one). */
export const PAGES = [
  '/',
  '/streams',
  '/streams/orders',
  '/streams/inventory',
  '/queues',
  '/queues/fulfillment-dlq',
  '/queues/fulfillment',
  '/functions/fulfillment-worker',
  '/topics',
  '/redrives',
  '/alerts',
  '/audit',
  '/access',
  '/traces',
];

/** The trace page of a message in the fulfillment DLQ, which the demo fills within a minute (with the bug in place: `normalDemo`). */
export async function tracePagePath(page: Page, appUrl: string): Promise<string> {
  let id = '';
  await expect(async () => {
    const res = await page.request.get(`${appUrl}/api/queues/fulfillment-dlq/messages`);
    expect(res.ok()).toBe(true);
    const body = (await res.json()) as { messages?: { messageId: string }[] };
    id = body.messages?.[0]?.messageId ?? '';
    expect(id).not.toBe('');
  }).toPass({ timeout: 75_000, intervals: [2_000] });
  return `/traces/fulfillment-dlq/${encodeURIComponent(id)}`;
}

// ---- page objects: the parts of pages more than one spec drives ----

/** The sidebar's main navigation. */
export function mainNav(page: Page) {
  const nav = page.getByRole('navigation', { name: 'Main' });
  return {
    nav,
    /** Follows a link of the main navigation ("Queues", "Audit", …). */
    open: (name: string) => test.step(`open ${name} from the navigation`, () => nav.getByRole('link', { name, exact: true }).click()),
  };
}

/** The demo banner: its state line and its switches (toggle buttons), and Reset. */
export class DemoBannerPage {
  readonly region: Locator;
  readonly state: Locator;

  constructor(page: Page) {
    this.region = page.getByRole('region', { name: 'Local demo' });
    this.state = this.region.getByTestId('demo-state');
  }

  switchButton(label: 'Fix the fulfillment bug' | 'Traffic spike' | 'Stall the notifier' | (string & {})): Locator {
    return this.region.getByRole('button', { name: label });
  }

  /** Presses a switch and waits until it shows `on` (aria-pressed) — the control API answered. */
  async turn(label: string, on: boolean): Promise<void> {
    await test.step(`${on ? 'switch on' : 'switch off'} "${label}"`, async () => {
      const button = this.switchButton(label);
      await expect(button).toHaveAttribute('aria-pressed', on ? 'false' : 'true');
      await button.click();
      await expect(button).toHaveAttribute('aria-pressed', on ? 'true' : 'false');
    });
  }

  async reset(): Promise<void> {
    await test.step('reset the demo', () => this.region.getByRole('button', { name: 'Reset' }).click());
  }
}

/** A queue's page (`/queues/<name>`): heading, charts with their range, settings. */
export class QueuePage {
  readonly heading: Locator;
  readonly range: Locator;
  readonly chartsHeading: Locator;
  readonly settings: Locator;

  constructor(
    private readonly page: Page,
    private readonly appUrl: string,
    readonly name: string,
  ) {
    this.heading = page.getByRole('heading', { name, level: 1 });
    this.range = page.getByRole('group', { name: 'Range' });
    this.chartsHeading = page.getByRole('heading', { level: 2, name: /^Charts/ });
    this.settings = page.locator('dl[aria-label="Queue settings"]');
  }

  async goto(query = ''): Promise<void> {
    await this.page.goto(`${this.appUrl}/queues/${encodeURIComponent(this.name)}${query}`);
    await expect(this.heading).toBeVisible();
  }

  /** Presses the queue's "Redrive" button; the dialog it opens (`Redrive <queue>`). */
  async openRedrive(): Promise<Locator> {
    return test.step(`open the redrive dialog of ${this.name}`, async () => {
      await this.page.getByRole('button', { name: 'Redrive', exact: true }).click();
      const dialog = this.page.getByRole('dialog', { name: `Redrive ${this.name}` });
      await expect(dialog).toBeVisible();
      return dialog;
    });
  }

  /** The value the settings panel shows for `label` ("Retention", "Visibility timeout", …). */
  setting(label: string): Locator {
    return this.settings.locator('div').filter({ has: this.page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd');
  }
}

/** Waits until the demo's fulfillment DLQ holds a message and shows the DLQ page's list; its rows (header first). */
export async function openDlqWithMessages(page: Page, appUrl: string): Promise<Locator> {
  const rows = page.getByRole('table', { name: 'Messages' }).getByRole('row');
  await expect(async () => {
    await new QueuePage(page, appUrl, 'fulfillment-dlq').goto();
    await expect(rows.nth(1)).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 90_000, intervals: [2_000] });
  return rows;
}

/** The message list of a queue's page: rows found by their text, browsed again until one shows. */
export function queueMessages(page: Page) {
  const table = page.getByRole('table', { name: 'Messages' });
  const row = (text: string) => table.getByRole('row').filter({ hasText: text });
  return {
    table,
    rows: table.getByRole('row'),
    row,
    /** Presses "Browse again" until a message with `text` is listed (a receive sees a sample of the queue); its row. */
    async browseUntil(text: string, timeout = 60_000): Promise<Locator> {
      await expect(async () => {
        await page.getByRole('button', { name: /Browse again|Receiving/ }).click();
        await expect(row(text)).toHaveCount(1, { timeout: 3_000 });
      }).toPass({ timeout, intervals: [2_000] });
      return row(text);
    },
  };
}

/** A table's live view (`/streams/<table>`): the tail, its events and their detail, the filters. */
export class StreamTablePage {
  readonly heading: Locator;
  readonly tailStatus: Locator;
  readonly events: Locator;
  readonly detail: Locator;
  readonly keyFilter: Locator;
  readonly condition: Locator;
  readonly indexes: Locator;

  constructor(
    private readonly page: Page,
    private readonly appUrl: string,
    readonly table: string,
  ) {
    this.heading = page.getByRole('heading', { name: table, level: 1 });
    this.tailStatus = page.getByTestId('tail-status');
    this.events = page.getByRole('list', { name: 'Events' }).getByRole('listitem');
    this.detail = page.getByRole('region', { name: 'Event detail' });
    this.keyFilter = page.getByLabel('Key (equals, or prefix*)');
    this.condition = page.getByLabel('Attribute condition');
    this.indexes = page.getByRole('table', { name: `Secondary indexes of ${table}` });
  }

  async goto(query = ''): Promise<void> {
    await this.page.goto(`${this.appUrl}/streams/${encodeURIComponent(this.table)}${query}`);
    await expect(this.heading).toBeVisible();
  }

  /**
   * Opens an event of the list. The live list moves while events arrive (newest first), so the
   * tail is frozen for the click, as a user would, and resumed after it.
   */
  async openEvent(event: Locator): Promise<void> {
    await test.step('open the event, the tail frozen for the click', async () => {
      const toggle = this.tailStatus.getByRole('button', { name: /^(Freeze|Resume)/ });
      await toggle.click();
      await expect(toggle).toHaveAttribute('aria-pressed', 'true');
      // Frozen, the list holds still; the event may have left the rendered rows meanwhile (the list
      // is virtualised and followed the head): scroll up to it.
      const viewport = this.page.getByTestId('event-list-viewport');
      await expect(async () => {
        if ((await event.count()) === 0) await viewport.evaluate((el) => el.scrollBy(0, -400));
        await expect(event).toHaveCount(1, { timeout: 1_000 });
      }).toPass({ timeout: 30_000 });
      await event.getByRole('button').click();
      const resume = this.tailStatus.getByRole('button', { name: /^Resume/ });
      if ((await resume.count()) > 0) await resume.click();
      await expect(toggle).toHaveAttribute('aria-pressed', 'false');
      // Scrolled up, the list stopped following the head: back to the newest, as before the click.
      const newest = this.page.getByRole('button', { name: /new events ↓|Back to the newest ↓/ });
      if ((await newest.count()) > 0) await newest.click();
    });
  }

  /** The row of the open event's "Changes" table for `attribute`. */
  change(attribute: string): Locator {
    return this.detail.getByRole('table', { name: 'Changes' }).getByRole('row').filter({ hasText: attribute });
  }

  /** Every listed event's text contains `text` (the list as it is now). */
  async expectEveryEventContains(text: string): Promise<void> {
    for (const line of await this.events.allInnerTexts()) expect(line).toContain(text);
  }

  async filterByKey(key: string): Promise<void> {
    await test.step(`filter the events by key ${key}`, async () => {
      await this.keyFilter.fill(key);
      await this.keyFilter.press('Enter');
    });
  }

  async filterByCondition(condition: string): Promise<void> {
    await test.step(`filter the events by the condition ${condition}`, async () => {
      await this.condition.fill(condition);
      await this.condition.press('Enter');
    });
  }
}

/** A message's trace (`/traces/<queue>/<messageId>`): timeline, item history, error lines, similar failures. */
export class TracePage {
  readonly heading: Locator;
  readonly timeline: Locator;
  readonly gaps: Locator;
  readonly signature: Locator;
  readonly body: Locator;
  readonly errorLines: Locator;
  readonly similar: Locator;

  constructor(
    private readonly page: Page,
    private readonly appUrl: string,
  ) {
    this.heading = page.getByRole('heading', { name: /^Trace of / });
    this.timeline = page.getByRole('list', { name: 'Timeline' });
    this.gaps = page.getByTestId('trace-gaps');
    this.signature = page.getByTestId('signature');
    this.body = page.getByTestId('trace-body');
    this.errorLines = page.getByRole('region', { name: 'Error lines from the logs' });
    this.similar = page.getByRole('table', { name: 'Similar failures' });
  }

  async goto(queue: string, messageId: string): Promise<void> {
    await this.page.goto(`${this.appUrl}/traces/${encodeURIComponent(queue)}/${encodeURIComponent(messageId)}`);
  }

  /** The timeline's entries whose text has `text`. */
  event(text: string | RegExp): Locator {
    return this.timeline.getByRole('listitem').filter({ hasText: text });
  }

  /** The stream history of one item (`key` as the page writes it: `orderId = ord-1`); its records are `stream-record`s. */
  streamHistory(table: string, key: string): Locator {
    return this.page.getByRole('list', { name: `Stream history of ${table} ${key}` });
  }
}

/** The trace search (`/traces?q=…`): an item key, the messages that reference it. */
export class TraceSearchPage {
  readonly query: Locator;
  readonly referencing: Locator;
  readonly notes: Locator;

  constructor(
    private readonly page: Page,
    private readonly appUrl: string,
  ) {
    this.query = page.getByRole('searchbox', { name: 'Item key' });
    this.referencing = page.getByRole('table', { name: 'Referencing messages' }).getByRole('row');
    this.notes = page.getByTestId('search-notes');
  }

  async goto(q: string): Promise<void> {
    await this.page.goto(`${this.appUrl}/traces?q=${encodeURIComponent(q)}`);
  }

  async search(q: string): Promise<void> {
    await test.step(`search the traces for ${q}`, async () => {
      await this.query.fill(q);
      await this.page.getByRole('button', { name: 'Search' }).click();
    });
  }

  /** The referencing messages that sit in `queue`. */
  inQueue(queue: string): Locator {
    return this.referencing.filter({ hasText: queue });
  }
}

/** A function's page (`/functions/<name>`): its logs and their filter pattern. */
export class FunctionPage {
  readonly logs: Locator;
  readonly logLines: Locator;

  constructor(private readonly page: Page) {
    this.logs = page.getByRole('region', { name: 'Function logs' });
    this.logLines = this.logs.getByTestId('log-line');
  }

  async filterLogs(pattern: string): Promise<void> {
    await test.step(`filter the logs by ${pattern}`, async () => {
      await this.logs.getByLabel('Filter pattern').fill(pattern);
      await this.logs.getByRole('button', { name: 'Apply filter' }).click();
    });
  }
}
