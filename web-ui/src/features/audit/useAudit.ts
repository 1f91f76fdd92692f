import { useQuery } from '@tanstack/react-query';
import { fetchAudit, type AuditFilterView } from '../../api/audit';
import { keys } from '../../api/keys';

/** The audit trail for a filter; live events invalidate ['audit','list'] so it refreshes. */
export function useAudit(filter: AuditFilterView) {
  return useQuery({ queryKey: keys.audit.list(filter), queryFn: () => fetchAudit(filter), staleTime: Infinity, placeholderData: (previous) => previous });
}
