import { useEffect, useRef, useState } from 'react';
import { readSse } from '../../api/live/sse';
import { appendLines, logText, searchLines, type LogLine } from './logLines';

/**
 * The container's log, followed live over SSE. Pause keeps the stream but stops appending
 * (lines arriving meanwhile are held and shown on resume); search filters what is shown;
 * download saves what the page holds.
 */
export function LogsPanel({ id, name, ready }: { id: string; name: string; ready: boolean }) {
  const [attempt, setAttempt] = useState(0);
  const [lines, setLines] = useState<LogLine[]>([]);
  const [follow, setFollow] = useState(true);
  const [paused, setPaused] = useState(false);
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<string>('connecting');
  const held = useRef<LogLine[]>([]);
  const pausedRef = useRef(paused);
  pausedRef.current = paused;
  const box = useRef<HTMLPreElement>(null);

  useEffect(() => {
    if (!ready) {
      setStatus('waiting for the container to start on its host');
      return;
    }
    const abort = new AbortController();
    let retry: ReturnType<typeof setTimeout> | null = null;
    setLines([]);
    setStatus('connecting');
    let pending: LogLine[] = [];
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      timer = null;
      const batch = pending;
      pending = [];
      if (pausedRef.current) held.current = appendLines(held.current, batch);
      else setLines((l) => appendLines(l, batch));
    };
    readSse(`/api/v1/containers/${encodeURIComponent(id)}/logs?follow=${follow}&tail=500`, abort.signal, (m) => {
      if (!m.data) return;
      setStatus('streaming');
      pending.push(JSON.parse(m.data) as LogLine);
      if (!timer) timer = setTimeout(flush, 50);
    })
      .then(() => setStatus(follow ? 'ended: the container stopped or the stream closed' : 'complete'))
      .catch((e: Error) => {
        if (abort.signal.aborted) return;
        setStatus(`could not read the log: ${e.message}${follow ? ' (retrying)' : ''}`);
        // the host may not have the container yet, or the channel dropped: try again
        if (follow) retry = setTimeout(() => setAttempt((a) => a + 1), 2000);
      });
    return () => {
      abort.abort();
      if (timer) clearTimeout(timer);
      if (retry) clearTimeout(retry);
    };
  }, [id, follow, ready, attempt]);

  useEffect(() => {
    if (!paused && held.current.length) {
      const h = held.current;
      held.current = [];
      setLines((l) => appendLines(l, h));
    }
  }, [paused]);

  const shown = searchLines(lines, search);
  useEffect(() => {
    if (!paused && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [shown.length, paused]);

  const download = () => {
    const url = URL.createObjectURL(new Blob([logText(lines)], { type: 'text/plain' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${name || id.slice(0, 12)}.log`;
    a.click();
    URL.revokeObjectURL(url);
  };

  return (
    <section className="panel logs">
      <div className="panel-head">
        <h3>Logs</h3>
        <label>
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> follow
        </label>
        <button type="button" onClick={() => setPaused((p) => !p)} aria-pressed={paused}>
          {paused ? 'Resume' : 'Pause'}
        </button>
        <input aria-label="Search the log" placeholder="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        <button type="button" onClick={download} disabled={lines.length === 0}>
          Download
        </button>
        <span className="muted small" data-testid="logs-status">
          {status}
          {paused && held.current.length ? ` · ${held.current.length} held` : ''}
        </span>
      </div>
      <pre className="log" ref={box} data-testid="logs">
        {shown.map((l, i) => (
          <div key={i} className={l.stream === 'stderr' ? 'stderr' : undefined}>
            {l.text}
          </div>
        ))}
      </pre>
    </section>
  );
}
