import { useMutation } from '@tanstack/react-query';
import { containerAction, type LifecycleAction } from '../../api/containers';

/** start/stop/restart/kill/remove; the list follows from the live stream, not a refetch. */
export function useContainerAction() {
  return useMutation({
    mutationFn: ({ id, action, force }: { id: string; action: LifecycleAction; force?: boolean }) => containerAction(id, action, force),
  });
}
