import { useQuery } from '@tanstack/react-query';
import { fetchImage } from '../../api/images';
import { keys } from '../../api/keys';

/** The image on each host that holds it. */
export function useImage(ref: string) {
  return useQuery({ queryKey: keys.images.detail(ref), queryFn: () => fetchImage(ref), staleTime: Infinity, retry: false });
}
