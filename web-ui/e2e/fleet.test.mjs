// The fleet walk-through against a real control plane and a real agent (BERTH_E2E_HOST, with
// busybox imported): run from the form and see it appear live, logs, console exec, commit,
// the new image and its lineage edge, the commit in the audit trail, time travel before the run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiHeaders, baseUrl, e2eUser, launch, logIn, screenshot } from './browser.mjs';

const host = process.env.BERTH_E2E_HOST ?? '';
const archive = process.env.BERTH_E2E_ARCHIVE ?? '';
const token = Math.random().toString(36).slice(2, 8);
const name = `e2e-${token}`;
const repository = `e2e/app-${token}`;

async function api(path) {
  const response = await fetch(baseUrl + path, { headers: { Accept: 'application/json', ...apiHeaders } });
  assert.ok(response.ok, `${path}: HTTP ${response.status}`);
  return response.json();
}

test('fleet walk-through: run, logs, console, commit, lineage, audit, time travel', { skip: host === '' && 'no agent on this machine (BERTH_E2E_HOST unset)', timeout: 300_000 }, async () => {
  const browser = await launch();
  const errors = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));

    await logIn(page);
    // fleet overview: the agent's host, live
    await page.goto(baseUrl + '/#/');
    await page.getByTestId(`host-${host}`).waitFor({ timeout: 30_000 });
    await page.getByText('● live').waitFor({ timeout: 15_000 });
    assert.match(await page.getByTestId(`host-${host}`).textContent(), /ready/);
    // last seen: from the heartbeats on the live connection, moving without a reload or an event
    const lastSeen = page.getByTestId(`last-seen-${host}`);
    await page.locator(`[data-testid="last-seen-${host}"]`, { hasText: /^\d+s ago$/ }).waitFor({ timeout: 15_000 });
    const heardAt = await lastSeen.getAttribute('title');
    await page.waitForFunction(([cell, first]) => document.querySelector(`[data-testid="${cell}"]`)?.getAttribute('title') !== first,
      [`last-seen-${host}`, heardAt], { timeout: 15_000 });
    await screenshot(page, 'fleet');

    const [{ position: before }] = await api('/api/v1/dashboard/audit?limit=1');

    // a second tab on the containers list watches the run arrive without a reload
    const watcher = await context.newPage();
    watcher.on('pageerror', (error) => errors.push(error.message));
    await watcher.goto(baseUrl + '/#/containers');
    await watcher.getByText('● live').waitFor({ timeout: 15_000 });

    // the run form: a bad name is refused next to the field, then the run goes through
    await page.goto(baseUrl + '/#/containers');
    await page.getByRole('button', { name: 'Run a container' }).click();
    const form = page.getByRole('form', { name: 'Run a container' });
    await form.getByLabel('Image').fill('busybox');
    await form.getByLabel('Name').fill('-bad name');
    await form.getByLabel('Command').fill(`sh -c 'echo hello from ${token}; while true; do echo tick; sleep 1; done'`);
    await form.getByLabel('Host').selectOption(host);
    await form.getByRole('button', { name: 'Run', exact: true }).click();
    await form.getByText('Letters, digits, _ . - only').waitFor();
    await screenshot(page, 'run-form');
    await form.getByLabel('Name').fill(name);
    await form.getByRole('button', { name: 'Run', exact: true }).click();

    await watcher.locator(`[data-testid="container-row"][data-name="${name}"]`).waitFor({ timeout: 30_000 });
    await watcher.locator(`[data-testid="container-row"][data-name="${name}"] .state-running`).waitFor({ timeout: 60_000 });
    await screenshot(watcher, 'containers');

    // detail: state, timeline, live logs
    await page.waitForURL(/#\/containers\/[0-9a-f]{64}$/, { timeout: 30_000 });
    const id = page.url().split('/').pop();
    await page.locator('h2 .state-running').waitFor({ timeout: 60_000 });
    await page.getByTestId('logs').getByText(`hello from ${token}`).waitFor({ timeout: 30_000 });
    assert.match(await page.getByTestId('timeline').textContent(), /container\.started/);

    // console: a shell with a tty over the exec WebSocket
    await page.getByRole('button', { name: 'Open a shell' }).click();
    await page.getByTestId('console-status').getByText('connected').waitFor({ timeout: 30_000 });
    // type at the prompt, as a person does: keys sent while the shell is still setting up its
    // terminal can be flushed by it (the control plane itself holds input until the exec runs)
    await page.locator('.xterm-rows').getByText('/ #').first().waitFor({ timeout: 30_000 });
    await page.getByTestId('terminal').click();
    await page.keyboard.type('echo $((6*7))-console\n');
    await page.locator('.xterm-rows').getByText('42-console').waitFor({ timeout: 30_000 });
    await screenshot(page, 'container');

    // commit: the new image appears with its lineage edge
    await page.getByRole('button', { name: 'Commit…' }).click();
    await page.getByLabel('Repository').fill(repository);
    await page.getByLabel('Tag').fill('v1');
    await page.getByLabel('Author').fill('E2E Tester');
    await page.getByLabel('Message').fill('from the dashboard');
    await page.getByRole('button', { name: 'Commit', exact: true }).click();
    // The notice, not the timeline's live "commit requested" entry, which may already be there.
    await page.locator('p.notice', { hasText: 'Commit requested' }).waitFor({ timeout: 30_000 });
    // its progress bar ends full, with what the host stored (it stays until the page changes)
    const commitProgress = page.locator('[data-testid="task-progress"][data-state="succeeded"]');
    await commitProgress.waitFor({ timeout: 60_000 });
    assert.match(await commitProgress.textContent(), new RegExp(`100%.*stored ${repository}:v1`));
    await screenshot(page, 'commit-progress');

    await page.goto(baseUrl + '/#/images');
    await page.getByTestId('images-table').getByText(`${repository}:v1`).waitFor({ timeout: 60_000 });
    const edge = page.locator('[data-testid="edge-committed"]', { hasText: `committed from ${name}`.slice(0, 33) });
    await edge.first().waitFor({ timeout: 30_000 });
    assert.match(await edge.first().getAttribute('aria-label'), new RegExp(`committed from ${name} by E2E Tester`));
    await screenshot(page, 'images');
    const committedImage = await edge.first().getAttribute('data-to');
    await page.locator(`[data-testid="lineage-image"][data-id="${committedImage}"]`).click();
    await page.getByTestId('image-history').getByText('E2E Tester').waitFor({ timeout: 30_000 });
    // its layers: the commit's step on top, with its author, message and a layer with a size
    const top = page.getByTestId('image-layer').first();
    await top.getByText('E2E Tester').waitFor({ timeout: 30_000 });
    assert.match(await top.textContent(), /from the dashboard/);
    assert.match(await top.getByTestId('layer-size').textContent(), /^\d+(\.\d)? (B|KiB|MiB)$/);
    assert.ok(await page.getByTestId('image-layer').count() > 1, 'the parent image\'s layers are listed below');
    await screenshot(page, 'image');

    // import an archive from the images page: the host's import progress ends full
    if (archive) {
      await page.goto(baseUrl + '/#/images');
      await page.getByLabel('Images of').selectOption(host);
      await page.getByLabel('docker save or OCI archive').setInputFiles(archive);
      await page.getByRole('form', { name: 'Import an archive' }).getByRole('button', { name: `Import on ${host}` }).click();
      const importProgress = page.locator('[data-testid="task-progress"][data-state="succeeded"]');
      await importProgress.waitFor({ timeout: 60_000 });
      assert.match(await importProgress.textContent(), /100%.*stored .*busybox/);
      await screenshot(page, 'image-import');
    }

    // audit: the commit, who did it, chain verified, export
    await page.goto(baseUrl + `/#/audit?container=${id}`);
    await page.locator('[data-testid="audit-row"][data-type="container.committed"]').waitFor({ timeout: 30_000 });
    assert.match(await page.locator('[data-testid="audit-row"][data-type="container.commit-requested"]').textContent(), new RegExp(e2eUser));
    await page.getByTestId('verify-status').getByText('chain verified').waitFor({ timeout: 60_000 });
    await screenshot(page, 'audit');
    const csv = await (await fetch(baseUrl + `/api/v1/dashboard/audit/export?format=csv&container=${id}`, { headers: apiHeaders })).text();
    assert.match(csv, /container\.committed/);

    // time travel: before the run the container is absent; now it is there
    await page.goto(baseUrl + '/#/timetravel');
    await page.getByTestId('timetravel-result').waitFor({ timeout: 30_000 });
    await page.getByLabel('Position number').fill(String(before));
    await page.getByRole('button', { name: 'Go to position' }).click();
    await page.locator(`[data-testid="timetravel-result"][data-asked="position=${before}"]`).waitFor({ timeout: 30_000 });
    assert.equal(await page.getByRole('link', { name, exact: true }).count(), 0, 'the container is absent before its run');
    await screenshot(page, 'timetravel');
    const [{ position: now }] = await api('/api/v1/dashboard/audit?limit=1');
    await page.getByLabel('Position number').fill(String(now));
    await page.getByRole('button', { name: 'Go to position' }).click();
    await page.locator(`[data-testid="timetravel-result"][data-asked="position=${now}"]`).waitFor({ timeout: 30_000 });
    await page.getByRole('link', { name, exact: true }).waitFor({ timeout: 30_000 });

    // narrow window
    await page.setViewportSize({ width: 600, height: 900 });
    await page.goto(baseUrl + '/#/containers');
    await page.locator(`[data-testid="container-row"][data-name="${name}"]`).waitFor({ timeout: 30_000 });
    await screenshot(page, 'narrow-containers');
    await page.setViewportSize({ width: 1280, height: 800 });

    // users (the e2e user is an admin): create a viewer, issue a token shown once, revoke it
    const viewer = `viewer-${token}`;
    await page.goto(baseUrl + '/#/users');
    await page.getByLabel('Username').fill(viewer);
    await page.getByLabel('Password (10+ characters)').fill('a viewer password');
    await page.getByRole('button', { name: 'Create user' }).click();
    const row = page.getByTestId(`user-${viewer}`);
    await row.waitFor({ timeout: 30_000 });
    await row.getByRole('button', { name: 'Tokens' }).click();
    await page.getByLabel('Token name').fill('ci');
    await page.getByRole('button', { name: 'Issue token' }).click();
    const secret = await page.getByTestId('issued-token').textContent();
    assert.match(secret, /^berth_[a-z0-9]{16}_/);
    const whoami = await fetch(baseUrl + '/api/v1/session', { headers: { Authorization: `Bearer ${secret}` } });
    assert.equal((await whoami.json()).username, viewer);
    await screenshot(page, 'users');
    await page.getByTestId(`tokens-${viewer}`).getByRole('button', { name: 'Revoke' }).click();
    await page.getByTestId(`tokens-${viewer}`).getByText('revoked').waitFor({ timeout: 30_000 });
    assert.equal((await fetch(baseUrl + '/api/v1/session', { headers: { Authorization: `Bearer ${secret}` } })).status, 401);

    assert.deepEqual(errors, []);
  } catch (e) {
    // leave evidence: the page as it was, and what the page said about its streams
    for (const p of browser.contexts().flatMap((c) => c.pages())) {
      await screenshot(p, `failure-${browser.contexts()[0].pages().indexOf(p)}`).catch(() => undefined);
      const status = await p.locator('[data-testid="logs-status"], [data-testid="console-status"]').allTextContents().catch(() => []);
      console.log(`page ${p.url()}: ${status.join(' | ')}`);
    }
    console.log('page errors:', errors);
    throw e;
  } finally {
    await browser.close();
  }
});
