import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, useState } from 'react';

/**
 * A shell in the container: xterm.js over the exec WebSocket with a tty. Keystrokes go out as
 * binary frames, the process's output comes back as binary frames; a text frame
 * `{"exitCode":N}` ends the session.
 */
export function Console({ id, running }: { id: string; running: boolean }) {
  const host = useRef<HTMLDivElement>(null);
  const [session, setSession] = useState(0);
  const [status, setStatus] = useState('not connected');
  const [open, setOpen] = useState(false);

  useEffect(() => {
    if (!open || !host.current) return;
    const term = new Terminal({ convertEol: false, fontSize: 13, cursorBlink: true, theme: { background: '#101820' } });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(host.current);
    try {
      fit.fit();
    } catch {
      // not laid out yet: the default 80×24 stays
    }
    const proto = window.location.protocol === 'https:' ? 'wss' : 'ws';
    const url = `${proto}://${window.location.host}/api/v1/containers/${encodeURIComponent(id)}/exec/ws?cmd=sh&tty=true&rows=${term.rows}&cols=${term.cols}`;
    const socket = new WebSocket(url);
    socket.binaryType = 'arraybuffer';
    setStatus('connecting');
    const encoder = new TextEncoder();
    socket.onopen = () => {
      setStatus('connected: sh with a tty');
      term.focus();
    };
    socket.onmessage = (m) => {
      if (typeof m.data === 'string') {
        try {
          const msg = JSON.parse(m.data) as { exitCode?: number; error?: string };
          if (msg.error) setStatus(`exec failed: ${msg.error}`);
          else if (msg.exitCode !== undefined) setStatus(`exited with code ${msg.exitCode}`);
        } catch {
          term.write(m.data);
        }
      } else {
        term.write(new Uint8Array(m.data as ArrayBuffer));
      }
    };
    socket.onclose = (e) => setStatus((s) => (s.startsWith('exited') || s.startsWith('exec failed') ? s : `closed${e.reason ? `: ${e.reason}` : ''}`));
    socket.onerror = () => setStatus('the exec connection failed');
    const input = term.onData((d) => socket.readyState === WebSocket.OPEN && socket.send(encoder.encode(d)));
    return () => {
      input.dispose();
      socket.close();
      term.dispose();
    };
  }, [id, open, session]);

  return (
    <section className="panel console">
      <div className="panel-head">
        <h3>Console</h3>
        {open ? (
          <button type="button" onClick={() => setSession((s) => s + 1)}>
            New session
          </button>
        ) : (
          <button type="button" disabled={!running} onClick={() => setOpen(true)} title={running ? undefined : 'The container is not running'}>
            Open a shell
          </button>
        )}
        <span className="muted small" data-testid="console-status">
          {open ? status : running ? '' : 'the container is not running'}
        </span>
      </div>
      {open && <div className="terminal" ref={host} data-testid="terminal" />}
    </section>
  );
}
