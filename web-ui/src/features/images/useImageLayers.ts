import { useQuery } from '@tanstack/react-query';
import { fetchImageLayers } from '../../api/images';
import { keys } from '../../api/keys';

/** The image's history steps and layers, newest first, as its host reported them. */
export function useImageLayers(ref: string) {
  return useQuery({ queryKey: keys.images.layers(ref), queryFn: () => fetchImageLayers(ref), staleTime: Infinity, retry: false });
}
