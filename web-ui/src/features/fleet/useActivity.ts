import { useQuery } from '@tanstack/react-query';
import { fetchRecentActivity } from '../../api/audit';
import { keys } from '../../api/keys';

/** The newest events, prepended live. */
export function useActivity() {
  return useQuery({ queryKey: keys.activity, queryFn: () => fetchRecentActivity(), staleTime: Infinity });
}
