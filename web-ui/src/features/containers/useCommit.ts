import { useMutation } from '@tanstack/react-query';
import { commitContainer, type CommitRequest } from '../../api/containers';

export function useCommit(id: string) {
  return useMutation({ mutationFn: (request: CommitRequest) => commitContainer(id, request) });
}
