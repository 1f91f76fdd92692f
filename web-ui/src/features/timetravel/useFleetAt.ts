import { useQuery } from '@tanstack/react-query';
import { keys } from '../../api/keys';
import { fetchFleetAt, type TimePoint } from '../../api/timetravel';

/** The fleet rebuilt from the log at a point; a past never changes, so it is never refetched. */
export function useFleetAt(point: TimePoint | null) {
  const key = point === null ? 'none' : 'position' in point ? `p${point.position}` : `t${point.at}`;
  return useQuery({ queryKey: keys.timeTravel(key), queryFn: () => fetchFleetAt(point as TimePoint), enabled: point !== null, staleTime: Infinity, placeholderData: (previous) => previous });
}
