import { useState } from 'react';
import type { ContainerView, LifecycleAction } from '../../api/containers';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorMessage } from '../../components/Status';
import { useContainerAction } from './useContainerAction';

const enabled: Record<LifecycleAction, (c: ContainerView) => boolean> = {
  start: (c) => c.state === 'created' || c.state === 'exited',
  stop: (c) => c.state === 'running',
  restart: (c) => c.state === 'running' || c.state === 'exited',
  kill: (c) => c.state === 'running',
  remove: (c) => c.state !== 'removing',
};

const words: Record<LifecycleAction, string> = {
  start: 'Start',
  stop: 'Stop',
  restart: 'Restart',
  kill: 'Kill',
  remove: 'Remove',
};

/** Lifecycle buttons; each asks for confirmation first. */
export function ContainerActions({ container, compact }: { container: ContainerView; compact?: boolean }) {
  const [asking, setAsking] = useState<LifecycleAction | null>(null);
  const action = useContainerAction();
  return (
    <span className="actions">
      {(Object.keys(words) as LifecycleAction[]).map((a) => (
        <button key={a} type="button" className={compact ? 'small' : undefined} disabled={!enabled[a](container) || action.isPending} onClick={() => setAsking(a)}>
          {words[a]}
        </button>
      ))}
      {action.error && !compact && <ErrorMessage error={action.error} />}
      {asking && (
        <ConfirmDialog
          title={`${words[asking]} ${container.name}?`}
          confirmLabel={words[asking]}
          busy={action.isPending}
          onCancel={() => setAsking(null)}
          onConfirm={() =>
            action.mutate({ id: container.id, action: asking, force: asking === 'remove' && container.state === 'running' }, { onSettled: () => setAsking(null) })
          }
        >
          <p>
            {asking === 'remove'
              ? container.state === 'running'
                ? 'It is running: it will be killed, then removed with its filesystem.'
                : 'Its filesystem is deleted; its history stays in the log.'
              : asking === 'kill'
                ? 'The process gets SIGKILL at once.'
                : `Container ${container.shortId} on ${container.hostId ?? 'no host'}.`}
          </p>
        </ConfirmDialog>
      )}
      {compact && action.error && (
        <span className="error small" role="alert">
          {action.error.message}
        </span>
      )}
    </span>
  );
}
