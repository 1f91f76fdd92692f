import { useQuery } from '@tanstack/react-query';
import { fetchFleetImages } from '../../api/images';
import { keys } from '../../api/keys';

/** Images across the fleet; invalidated by the live connection when an image event arrives. */
export function useFleetImages() {
  return useQuery({ queryKey: keys.images.fleet, queryFn: fetchFleetImages, staleTime: Infinity });
}
