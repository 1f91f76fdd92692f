import { useMutation } from '@tanstack/react-query';
import { importArchive } from '../../api/images';

/** Uploads an archive; the receipt's command id is what the host's import progress is reported under. */
export function useImportArchive() {
  return useMutation({ mutationFn: ({ file, host }: { file: File; host: string | null }) => importArchive(file, host) });
}
