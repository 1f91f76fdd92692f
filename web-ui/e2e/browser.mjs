// Debian's chromium driven by playwright-core: no browser download is possible here.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const baseUrl = process.env.BERTH_URL ?? 'http://localhost:8080';
export const screenshotDir = process.env.BERTH_SCREENSHOTS ?? 'target/screenshots';

export async function launch() {
  return chromium.launch({
    executablePath: process.env.BERTH_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

export async function screenshot(page, name) {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

/** The user DashboardIT created for the browser, and a bearer token for the scripts' own API calls. */
export const e2eUser = process.env.BERTH_E2E_USER ?? 'admin';
export const e2ePassword = process.env.BERTH_E2E_PASSWORD ?? '';
export const apiHeaders = process.env.BERTH_E2E_TOKEN ? { Authorization: `Bearer ${process.env.BERTH_E2E_TOKEN}` } : {};

/** Logs in through the login page (the session cookie then rides on every request, SSE and WebSocket). */
export async function logIn(page, shot) {
  await page.goto(baseUrl + '/');
  await page.getByLabel('Username').waitFor({ timeout: 30_000 });
  await page.getByLabel('Username').fill(e2eUser);
  await page.getByLabel('Password').fill(e2ePassword);
  if (shot) await screenshot(page, shot);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByTestId('user-menu').waitFor({ timeout: 30_000 });
}
