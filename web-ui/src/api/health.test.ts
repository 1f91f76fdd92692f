import { describe, expect, it } from 'vitest';
import { fetchHealth, toHealthView } from './health';

const report = {
  status: 'DOWN' as const,
  checks: [
    { name: 'Kafka connection health check', status: 'UP' as const, data: { nodes: 'localhost:9092' } },
    { name: 'Reactive PostgreSQL connections health check', status: 'DOWN' as const },
  ],
};

describe('toHealthView', () => {
  it('maps statuses and flattens details', () => {
    const view = toHealthView(report);
    expect(view.up).toBe(false);
    expect(view.checks[0]).toEqual({ name: 'Kafka connection health check', up: true, details: 'nodes: localhost:9092' });
    expect(view.checks[1].up).toBe(false);
  });
});

describe('fetchHealth', () => {
  it('treats 503 as a report of a down check', async () => {
    const fake = async () => new Response(JSON.stringify(report), { status: 503 });
    const view = await fetchHealth(fake as typeof fetch);
    expect(view.up).toBe(false);
  });

  it('fails with a message naming the status on other errors', async () => {
    const fake = async () => new Response('boom', { status: 502 });
    await expect(fetchHealth(fake as typeof fetch)).rejects.toThrow('HTTP 502');
  });
});
