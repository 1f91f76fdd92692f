import type { QueryClient } from '@tanstack/react-query';
import type { ContainerView } from '../containers';
import type { EventView, RawStoredEvent } from '../events';
import type { HostView } from '../hosts';
import { keys } from '../keys';
import { applyToContainer, applyToContainers, applyToHosts, appendToTimeline, prependActivity } from './reducers';

/**
 * Applies a batch of live events to the query cache: reducers for the lists that are cached
 * (containers, hosts, recent activity, an open container's view and timeline); the image and
 * audit queries a batch touches are invalidated by prefix, so only those refetch.
 */
export function applyLiveBatch(client: QueryClient, batch: RawStoredEvent[]): void {
  if (batch.length === 0) return;
  client.setQueryData<ContainerView[]>(keys.containers.list, (list) => batch.reduce((l, e) => applyToContainers(l, e), list));
  client.setQueryData<HostView[]>(keys.hosts, (list) => batch.reduce((l, e) => applyToHosts(l, e), list));
  client.setQueryData<EventView[]>(keys.activity, (list) => batch.reduce((l, e) => prependActivity(l, e), list));
  const touched = new Set<string>();
  let images = false;
  for (const e of batch) {
    const id = /^container-([0-9a-f]{64})$/.exec(e.streamId)?.[1];
    if (id) touched.add(id);
    if (e.type.startsWith('image.') || e.type === 'container.committed') images = true;
  }
  for (const id of touched) {
    const mine = batch.filter((e) => e.streamId === `container-${id}`);
    client.setQueryData<ContainerView | null>(keys.containers.detail(id), (view) =>
      view === undefined ? view : mine.reduce<ContainerView | null>((v, e) => applyToContainer(v, e), view),
    );
    client.setQueryData<RawStoredEvent[]>(keys.containers.events(id), (list) => mine.reduce((l, e) => appendToTimeline(l, e), list));
  }
  if (images) void client.invalidateQueries({ queryKey: keys.images.all });
  void client.invalidateQueries({ queryKey: keys.audit.all, predicate: (q) => q.queryKey[1] === 'list' });
}
