import { useQuery } from '@tanstack/react-query';
import { fetchContainerEvents } from '../../api/containers';
import { keys } from '../../api/keys';

/** The container's stream, oldest first; live events are appended. */
export function useContainerEvents(id: string) {
  return useQuery({ queryKey: keys.containers.events(id), queryFn: () => fetchContainerEvents(id), staleTime: Infinity, retry: false });
}
