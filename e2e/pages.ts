import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** Every page of the demo (the trace page needs a message id: pages.spec.ts finds one). */
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

  /** The value the settings panel shows for `label` ("Retention", "Visibility timeout", …). */
  setting(label: string): Locator {
    return this.settings.locator('div').filter({ has: this.page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd');
  }
}
