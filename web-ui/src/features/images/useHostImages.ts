import { useQuery } from '@tanstack/react-query';
import { fetchHostImages } from '../../api/images';
import { keys } from '../../api/keys';

export function useHostImages(hostId: string) {
  return useQuery({ queryKey: keys.images.host(hostId), queryFn: () => fetchHostImages(hostId), staleTime: Infinity, enabled: hostId !== '' });
}
