import { useEffect, useState } from 'react';
import { onTruncated } from '../api/client';

/**
 * A banner when the control plane cut a list at its page limit (`X-Berth-Truncated`): an auditor
 * or operator must not take the first 10,000 rows for all of them.
 */
export function TruncationNotice() {
  const [cut, setCut] = useState<string[]>([]);
  useEffect(() => onTruncated((what) => setCut((seen) => (seen.includes(what) ? seen : [...seen, what]))), []);
  if (cut.length === 0) return null;
  return (
    <div className="truncation-notice" role="status">
      <span>
        Only part of a list is shown ({cut.map((what) => what.replace(/^loading /, '')).join(', ')}): the control plane cut it
        at its page limit. Narrow it with filters, or page through the API with <code>limit</code> and <code>before</code>.
      </span>
      <button type="button" className="link" aria-label="Dismiss" onClick={() => setCut([])}>
        ×
      </button>
    </div>
  );
}
