import { useQuery } from '@tanstack/react-query';
import { keys } from '../../api/keys';
import { fetchTask } from '../../api/tasks';

/**
 * A command's progress: read once, then kept current by the live connection's `progress`
 * messages (no polling). Null until the host reports.
 */
export function useTask(commandId: string | null) {
  return useQuery({
    queryKey: keys.tasks(commandId ?? ''),
    queryFn: () => fetchTask(commandId ?? ''),
    enabled: commandId !== null,
    staleTime: Infinity,
    retry: false,
  });
}
