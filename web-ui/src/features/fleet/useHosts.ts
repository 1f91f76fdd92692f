import { useQuery } from '@tanstack/react-query';
import { fetchHosts } from '../../api/hosts';
import { keys } from '../../api/keys';

/** Hosts, kept current by the live connection (never refetched on a timer). */
export function useHosts() {
  return useQuery({ queryKey: keys.hosts, queryFn: fetchHosts, staleTime: Infinity });
}
