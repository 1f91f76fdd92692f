import { useQuery } from '@tanstack/react-query';
import { fetchContainer } from '../../api/containers';
import { keys } from '../../api/keys';

/** One container as its stream has it; live events update the cached view. */
export function useContainer(id: string) {
  return useQuery({ queryKey: keys.containers.detail(id), queryFn: () => fetchContainer(id), staleTime: Infinity, retry: false });
}
