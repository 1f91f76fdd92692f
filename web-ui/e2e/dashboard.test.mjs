import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseUrl, launch, logIn, screenshot } from './browser.mjs';

test('the dashboard loads and shows the control plane healthy', async () => {
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await logIn(page, 'login');
    await page.goto(baseUrl + '/#/health');
    await page.getByTestId('overall-status').waitFor({ timeout: 30_000 });
    assert.equal(await page.getByTestId('overall-status').textContent(), 'UP');
    const rows = await page.locator('tbody tr').allTextContents();
    assert.ok(rows.some((row) => /kafka/i.test(row) && row.includes('UP')), `no Kafka row UP in ${rows}`);
    assert.ok(rows.some((row) => /postgres/i.test(row) && row.includes('UP')), `no PostgreSQL row UP in ${rows}`);
    await screenshot(page, 'health');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
