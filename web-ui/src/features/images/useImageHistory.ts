import { useQuery } from '@tanstack/react-query';
import { fetchImageHistory } from '../../api/images';
import { keys } from '../../api/keys';

/** The image and its ancestors, newest first. */
export function useImageHistory(ref: string) {
  return useQuery({ queryKey: keys.images.history(ref), queryFn: () => fetchImageHistory(ref), staleTime: Infinity, retry: false });
}
