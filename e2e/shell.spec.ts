import { expect, test } from './fixtures';

test.describe('the shell', () => {
  test('renders the navigation and says what Eddy is connected to', async ({ page, deadEndpointApp }) => {
    await page.goto(deadEndpointApp.url);
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const name of ['Overview', 'Streams', 'Queues', 'Redrives', 'Alerts', 'Audit']) {
      await expect(nav.getByRole('link', { name, exact: true })).toBeVisible();
    }
    const port = new URL(deadEndpointApp.endpoint).port;
    await expect(page.getByTestId('connection-indicator')).toContainText(`Local demo endpoint 127.0.0.1:${port}`);

    await nav.getByRole('link', { name: 'Queues', exact: true }).click();
    await expect(page).toHaveURL(/\/queues$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Queues' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Queues', exact: true })).toHaveAttribute('aria-current', 'page');
  });

  test('a followed link shows it is on its way until the page arrives', async ({ page, deadEndpointApp }) => {
    await page.goto(deadEndpointApp.url);
    await expect(page.locator('html[data-hydrated]')).toBeAttached();
    // The next page's server render held back 2 s, as a slow AWS would.
    await page.route(/\/audit(\?|$)/, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      await route.continue();
    });
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Audit', exact: true }).click();
    await expect(nav.getByTestId('nav-pending')).toBeVisible();
    await expect(page.getByRole('heading', { level: 1, name: 'Audit' })).toBeVisible();
    await expect(nav.getByTestId('nav-pending')).toHaveCount(0);
  });

  test('with the endpoint down, the health indicator and every page say so plainly', async ({ page, deadEndpointApp }) => {
    await page.goto(`${deadEndpointApp.url}/streams`);
    const indicator = page.getByTestId('connection-indicator');
    await expect(indicator).toHaveAttribute('data-status', 'down');
    await expect(indicator).toContainText('Unreachable');

    // The page itself: an explanation, not a spinner.
    await expect(page.getByRole('main').getByRole('alert')).toContainText('AWS cannot be reached');
    await expect(page.getByRole('main').getByRole('alert')).toContainText('ECONNREFUSED');
    await expect(page.getByTestId('unreachable-banner')).toContainText('ECONNREFUSED');

    await indicator.click();
    const details = page.getByRole('region', { name: 'Service health' });
    for (const service of ['DynamoDB', 'DynamoDB Streams', 'SQS', 'Lambda', 'CloudWatch']) {
      await expect(details.getByText(service, { exact: true })).toBeVisible();
    }
    await expect(details).toContainText(`connect ECONNREFUSED 127.0.0.1:${new URL(deadEndpointApp.endpoint).port}`);
  });

  test('an unknown page shows the product’s 404', async ({ page, deadEndpointApp }) => {
    const res = await page.goto(`${deadEndpointApp.url}/no/such/page`);
    expect(res?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Nothing flows here' })).toBeVisible();
    await page.getByRole('link', { name: 'Back to the overview' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  });
});

test('GET /api/health answers per service with the AWS error code', async ({ request, deadEndpointApp }) => {
  const res = await request.get(`${deadEndpointApp.url}/api/health`);
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body.status).toBe('down');
  expect(body.services).toHaveLength(5);
  for (const s of body.services) expect(s).toMatchObject({ ok: false, code: 'ECONNREFUSED' });
});
