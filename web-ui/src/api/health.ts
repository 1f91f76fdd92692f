/** The control plane's readiness report, as SmallRye Health returns it from /q/health/ready. */
export interface RawHealthReport {
  status: 'UP' | 'DOWN';
  checks: Array<{ name: string; status: 'UP' | 'DOWN'; data?: Record<string, unknown> }>;
}

export interface HealthCheckView {
  name: string;
  up: boolean;
  details: string;
}

export interface HealthView {
  up: boolean;
  checks: HealthCheckView[];
}

/** Maps the raw report to what the page shows; details are flattened to one readable line. */
export function toHealthView(raw: RawHealthReport): HealthView {
  return {
    up: raw.status === 'UP',
    checks: raw.checks
      .map((check) => ({
        name: check.name,
        up: check.status === 'UP',
        details: Object.entries(check.data ?? {})
          .map(([key, value]) => `${key}: ${String(value)}`)
          .join(', '),
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/**
 * Readiness answers 503 with the same JSON body when a check is down, so a 503 is a
 * report, not a failure; anything else that is not JSON is an error worth showing.
 */
export async function fetchHealth(fetchFn: typeof fetch = fetch): Promise<HealthView> {
  const response = await fetchFn('/q/health/ready', { headers: { Accept: 'application/json' } });
  if (!response.ok && response.status !== 503) {
    throw new Error(`control plane health check failed: HTTP ${response.status}`);
  }
  return toHealthView((await response.json()) as RawHealthReport);
}
