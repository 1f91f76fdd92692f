import { useQuery } from '@tanstack/react-query';
import { fetchLineage } from '../../api/images';
import { keys } from '../../api/keys';

export function useLineage() {
  return useQuery({ queryKey: keys.images.lineage, queryFn: fetchLineage, staleTime: Infinity });
}
