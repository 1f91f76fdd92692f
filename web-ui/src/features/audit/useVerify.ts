import { useQuery } from '@tanstack/react-query';
import { fetchVerify } from '../../api/audit';
import { keys } from '../../api/keys';

/** Walks every hash chain: run once per visit, again on demand. */
export function useVerify() {
  return useQuery({ queryKey: keys.audit.verify, queryFn: fetchVerify, staleTime: Infinity, retry: false });
}
