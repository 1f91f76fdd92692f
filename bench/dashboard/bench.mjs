// Dashboard benchmark, in Debian's chromium through Playwright against a control plane that
// already holds a fleet of N containers (DashboardBenchIT seeds them):
//  1. first load of #/containers until the virtualized list shows every container, cold (a
//     new browser context each round);
//  2. an event reaching the screen: a container.created appended through the REST API from the
//     page, timed from the append's answer to its row in the DOM (live SSE → reducer → render).
// Prints a markdown report. BERTH_URL, BENCH_CONTAINERS (expected count), BENCH_ROUNDS.
import { apiHeaders, launch } from '../../web-ui/e2e/browser.mjs';

const baseUrl = process.env.BERTH_URL ?? 'http://localhost:8080';
const expected = Number(process.env.BENCH_CONTAINERS ?? 10000);
const loads = Number(process.env.BENCH_LOADS ?? 7);
const rounds = Number(process.env.BENCH_ROUNDS ?? 50);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const fmt = (x) => `${Math.round(x)} ms`;

const browser = await launch();
try {
  const load = [];
  const api = [];
  for (let i = 0; i < loads; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, extraHTTPHeaders: apiHeaders });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/#/containers`);
    await page.waitForFunction((n) => document.querySelector('[data-testid="containers-count"]')?.textContent === `${n} containers`, expected, { timeout: 60_000, polling: 'raf' });
    load.push(await page.evaluate(() => performance.now()));
    api.push(await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/api/v1/containers')).map((e) => e.duration)[0] ?? 0));
    await context.close();
  }

  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, extraHTTPHeaders: apiHeaders });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/#/containers`);
  await page.waitForFunction((n) => document.querySelector('[data-testid="containers-count"]')?.textContent === `${n} containers`, expected, { timeout: 60_000 });
  await page.getByText('● live').waitFor({ timeout: 30_000 });
  const host = (await (await fetch(`${baseUrl}/api/v1/hosts`, { headers: apiHeaders })).json())[0].hostId;
  const latency = [];
  const total = [];
  for (let i = 0; i < rounds; i++) {
    const [fromAppend, fromRequest] = await page.evaluate(async ({ i, host }) => {
      const hex = () => Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, '0')).join('');
      const id = hex();
      const name = `live-${i}-${id.slice(0, 6)}`;
      const spec = { cmd: ['sleep', '1'], env: [], tty: false, openStdin: false, labels: { bench: 'live' }, restartPolicy: 'no', memoryBytes: 0, nanoCpus: 0, pidsLimit: 0, readOnlyRootfs: false, autoRemove: false };
      const seen = new Promise((resolve) => {
        const check = () => document.querySelector(`[data-name="${name}"]`);
        if (check()) return resolve(performance.now());
        const observer = new MutationObserver(() => {
          if (check()) {
            observer.disconnect();
            resolve(performance.now());
          }
        });
        observer.observe(document.body, { childList: true, subtree: true, attributes: true });
      });
      const start = performance.now();
      const response = await fetch(`/api/v1/streams/container-${id}/events`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ expectedVersion: 0, events: [{ type: 'container.created', schemaVersion: 1, data: { containerId: id, name, image: 'busybox', imageId: `sha256:${hex()}`, spec } }] }),
      });
      const appended = performance.now();
      if (!response.ok) throw new Error(`append: HTTP ${response.status}`);
      const shown = await seen;
      void host;
      return [shown - appended, shown - start];
    }, { i, host });
    latency.push(fromAppend);
    total.push(fromRequest);
    await page.waitForTimeout(100);
  }
  console.log(`| first load of #/containers with ${expected} containers (cold context, until all are listed) | median ${fmt(median(load))}, max ${fmt(Math.max(...load))} (${loads} loads) |`);
  console.log(`| of which GET /api/v1/containers | median ${fmt(median(api))} |`);
  console.log(`| event on screen after its append answered (SSE → reducer → row in DOM) | median ${fmt(median(latency))}, p95 ${fmt(pct(latency, 0.95))}, max ${fmt(Math.max(...latency))} (${rounds} events) |`);
  console.log(`| same, counted from sending the append | median ${fmt(median(total))}, p95 ${fmt(pct(total, 0.95))} |`);
} finally {
  await browser.close();
}
