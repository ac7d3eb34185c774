import path from 'node:path';
import type { Page } from '@playwright/test';

/**
 * Takes a README screenshot into docs/ — only under `npm run docs:screenshots`
 * (EDDY_DOCS_SCREENSHOTS=1), so that `npm test` leaves the work tree as it found it.
 */
export async function docsScreenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  if (process.env.EDDY_DOCS_SCREENSHOTS !== '1') return;
  await page.screenshot({ path: path.join('docs', name), ...options });
}
