import { useQuery } from '@tanstack/react-query';
import { fetchContainers } from '../../api/containers';
import { keys } from '../../api/keys';

/** Every container in the fleet, kept current by the live connection. */
export function useContainers() {
  return useQuery({ queryKey: keys.containers.list, queryFn: fetchContainers, staleTime: Infinity });
}
