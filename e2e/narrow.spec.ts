import { expect, test } from './fixtures';
import type { Page } from '@playwright/test';
import { openDlqWithMessages, PAGES, QueuePage, tracePagePath } from './pages';

/** The page's scroll width: more than the viewport is sideways scrolling. */
function scrollWidth(page: Page): Promise<number> {
  return page.evaluate(() => (document.scrollingElement ?? document.documentElement).scrollWidth);
}

test.describe('at 390 px wide', () => {
  // A phone: 390 CSS pixels wide (iPhone 12 to 15).
  test.use({ viewport: { width: 390, height: 844 } });

  // normalDemo: the fulfillment bug in place, so the DLQ holds a message whose trace page is measured too.
  test('no page scrolls sideways', async ({ page, normalDemo: demo }) => {
    test.setTimeout(180_000);
    const trace = await tracePagePath(page, demo.appUrl);
    for (const path of [...PAGES, trace]) {
      await test.step(path, async () => {
        await page.goto(`${demo.appUrl}${path}`);
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        await expect(page.locator('html[data-hydrated]')).toBeAttached();
        const widths = await page.evaluate(() => {
          const root = document.scrollingElement ?? document.documentElement;
          // What sticks out on the right, outermost first (its parent does not), to say what overflows.
          const sticksOut = (el: Element | null) => !!el && el.getBoundingClientRect().right > window.innerWidth + 1;
          const culprits = [...document.querySelectorAll('body *')]
            .filter((el) => sticksOut(el) && !sticksOut(el.parentElement))
            .slice(0, 5)
            .map((el) => `${el.tagName.toLowerCase()}.${String(el.getAttribute('class') ?? '').split(' ').slice(0, 4).join('.')} (${Math.round(el.getBoundingClientRect().right)} px)`);
          return { scrollWidth: root.scrollWidth, culprits };
        });
        // Soft: one run names every page that overflows, not just the first.
        expect.soft(widths.scrollWidth, `${path} is ${widths.scrollWidth} px wide: ${widths.culprits.join(', ')}`).toBeLessThanOrEqual(390);
      });
    }
  });

  test('a DLQ message drawer and the redrive dialog fit the screen', async ({ page, normalDemo: demo }) => {
    // normalDemo: the fulfillment bug in place, so the DLQ holds messages to open.
    const rows = await openDlqWithMessages(page, demo.appUrl);
    const opener = rows.nth(1).getByRole('button').first();
    const id = (await opener.innerText()).trim();
    await opener.click();
    const drawer = page.getByRole('complementary', { name: `Message ${id}` });
    await expect(drawer.getByTestId('message-body')).toBeVisible();
    const box = await drawer.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 391, `the drawer spans ${JSON.stringify(box)}`).toBe(true);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    await page.keyboard.press('Escape');
    await expect(drawer).toHaveCount(0);

    const dialog = await new QueuePage(page, demo.appUrl, 'fulfillment-dlq').openRedrive();
    const dialogBox = await dialog.boundingBox();
    expect(dialogBox && dialogBox.x >= 0 && dialogBox.x + dialogBox.width <= 391, `the dialog spans ${JSON.stringify(dialogBox)}`).toBe(true);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
  });

  test('the navigation collapses into a menu that opens, navigates and closes', async ({ page, demo }) => {
    await page.goto(demo.appUrl);
    const nav = page.getByRole('navigation', { name: 'Main' });
    const menu = nav.getByRole('button', { name: 'Menu' });
    await expect(menu).toHaveAttribute('aria-expanded', 'false');
    await expect(nav.getByRole('link', { name: 'Queues', exact: true })).toBeHidden();

    await menu.click();
    await expect(menu).toHaveAttribute('aria-expanded', 'true');
    await nav.getByRole('link', { name: 'Queues', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Queues' })).toBeVisible();
    await expect(menu).toHaveAttribute('aria-expanded', 'false');
    await expect(nav.getByRole('link', { name: 'Queues', exact: true })).toBeHidden();

    // Escape closes it too, and gives focus back to the button.
    await menu.click();
    await expect(nav.getByRole('link', { name: 'Streams', exact: true })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(nav.getByRole('link', { name: 'Streams', exact: true })).toBeHidden();
    await expect(menu).toBeFocused();
  });

  test('the first Tab reaches a skip link that moves focus to the content', async ({ page, demo }) => {
    await page.goto(`${demo.appUrl}/queues`);
    await expect(page.locator('html[data-hydrated]')).toBeAttached();
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('main')).toBeFocused();
  });
});

test('at 1440 px the navigation is a sidebar, without a menu button', async ({ page, demo }) => {
  await page.goto(demo.appUrl);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Queues', exact: true })).toBeVisible();
  await expect(nav.getByRole('button', { name: 'Menu' })).toBeHidden();
});
