import type { ReactNode } from 'react';

export function Loading({ what }: { what: string }) {
  return (
    <p role="status" className="muted">
      Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

/** An error the user can act on: what failed, and the control plane's message. */
export function ErrorMessage({ error, retry }: { error: Error; retry?: () => void }) {
  return (
    <div role="alert" className="error-box">
      <span>{error.message}</span>
      {retry && (
        <button type="button" onClick={retry}>
          Retry
        </button>
      )}
    </div>
  );
}

export function StateBadge({ state }: { state: string }) {
  return <span className={`badge state-${state}`}>{state}</span>;
}
