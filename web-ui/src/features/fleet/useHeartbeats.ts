import { useQuery } from '@tanstack/react-query';
import type { HostHeartbeats } from '../../api/heartbeats';
import { keys } from '../../api/keys';

/**
 * Hosts' last heartbeats: there is nothing to fetch, the live connection's `heartbeats`
 * messages fill this (all hosts first, then every couple of seconds).
 */
export function useHeartbeats() {
  return useQuery<HostHeartbeats | null>({ queryKey: keys.heartbeats, queryFn: () => null, initialData: null, staleTime: Infinity });
}
