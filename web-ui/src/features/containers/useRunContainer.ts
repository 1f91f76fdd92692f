import { useMutation } from '@tanstack/react-query';
import { runContainer, type RunRequest } from '../../api/containers';

export function useRunContainer() {
  return useMutation({ mutationFn: (request: RunRequest) => runContainer(request) });
}
