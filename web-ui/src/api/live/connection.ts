import type { QueryClient } from '@tanstack/react-query';
import { fetchRecentActivity } from '../audit';
import { getJson } from '../client';
import { fetchContainers } from '../containers';
import { fetchHosts } from '../hosts';
import { keys } from '../keys';
import type { RawStoredEvent } from '../events';
import { applyLiveBatch } from './apply';
import { SeenPositions } from './reducers';
import { readSse } from './sse';
import { applyTransient, isTransient } from './transient';

export interface LiveStatus {
  state: 'connecting' | 'live' | 'retrying';
  /** The last position applied (or the start position). */
  position: number | null;
  /** Highest position seen: the end of the log as far as this page knows. */
  head: number;
  error: string | null;
}

/**
 * The dashboard's one live connection. It asks where to start (the projections' lowest
 * checkpoint), then follows `/api/v1/events/stream?since=<that>`; lists loaded after the start
 * already hold some of the first events, and the reducers skip those by stream version. Events
 * are applied once per animation frame in batches; duplicates are skipped by position. On a
 * broken stream it reconnects from the last event it applied, with a growing delay. The same
 * connection carries transient state (task progress, hosts' heartbeats) as id-less messages,
 * applied at once to their own queries (`transient.ts`).
 */
export class LiveConnection {
  private status: LiveStatus = { state: 'connecting', position: null, head: 0, error: null };
  private readonly listeners = new Set<() => void>();
  private readonly seen = new SeenPositions();
  private queue: RawStoredEvent[] = [];
  private scheduled = false;
  private abort: AbortController | null = null;
  private stopped = false;

  constructor(private readonly client: QueryClient) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  snapshot = (): LiveStatus => this.status;

  private set(patch: Partial<LiveStatus>) {
    this.status = { ...this.status, ...patch };
    this.listeners.forEach((l) => l());
  }

  start(): void {
    this.stopped = false;
    void this.run();
  }

  stop(): void {
    this.stopped = true;
    this.abort?.abort();
  }

  private async run(): Promise<void> {
    let delay = 250;
    while (!this.stopped) {
      try {
        if (this.status.position === null) {
          const start = await getJson<{ position: number }>('/api/v1/dashboard/live-start', 'finding where the live stream starts');
          // the lists kept live are loaded after the start position, so they miss nothing before it
          await Promise.all([
            this.client.fetchQuery({ queryKey: keys.containers.list, queryFn: fetchContainers, staleTime: 0 }),
            this.client.fetchQuery({ queryKey: keys.hosts, queryFn: fetchHosts, staleTime: 0 }),
            this.client.fetchQuery({ queryKey: keys.activity, queryFn: () => fetchRecentActivity(), staleTime: 0 }),
          ]);
          this.set({ position: start.position, head: Math.max(this.status.head, start.position) });
        }
        this.abort = new AbortController();
        const since = this.status.position ?? 0;
        // transient=true: task progress and heartbeats come on this same connection, without ids
        await readSse(`/api/v1/events/stream?since=${since}&transient=true`, this.abort.signal, (m) => {
          if (!m.data) return;
          if (isTransient(m)) applyTransient(this.client, m);
          else this.offer(JSON.parse(m.data) as RawStoredEvent);
        }, () => this.set({ state: 'live', error: null }));
        // the server ended the stream: reconnect from the last event applied
        delay = 250;
      } catch (e) {
        if (this.stopped) return;
        this.set({ state: 'retrying', error: `live updates interrupted: ${(e as Error).message}` });
      }
      if (this.stopped) return;
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 5000);
    }
  }

  /** Queues one event for the next frame unless it was seen already. */
  offer(event: RawStoredEvent): void {
    if (!this.seen.add(event.position)) return;
    this.queue.push(event);
    if (!this.scheduled) {
      this.scheduled = true;
      const flush = () => this.flush();
      if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && !document.hidden) requestAnimationFrame(flush);
      else setTimeout(flush, 0);
    }
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    applyLiveBatch(this.client, batch);
    const last = batch[batch.length - 1];
    const head = batch.reduce((m, e) => Math.max(m, e.position), this.status.head);
    // resume after the last event delivered (the stream's order), not the highest position
    this.set({ position: last.position, head });
  }
}
