import { useState, type ReactNode } from 'react';
import type { CommandReceipt } from '../../api/containers';
import type { HostView } from '../../api/hosts';
import { ErrorMessage } from '../../components/Status';
import { emptyRunForm, validateRunForm, type RunForm as Form, type RunFormErrors } from './runForm';
import { useRunContainer } from './useRunContainer';

function Field({ label, name, error, hint, children }: { label: string; name: string; error?: string; hint?: string; children: ReactNode }) {
  return (
    <div className={`field${error ? ' invalid' : ''}`}>
      <label htmlFor={`run-${name}`}>{label}</label>
      {children}
      {error ? (
        <span className="field-error" id={`run-${name}-error`} role="alert">
          {error}
        </span>
      ) : (
        hint && <span className="hint">{hint}</span>
      )}
    </div>
  );
}

/** docker run as a form: validated field by field before anything is sent. */
export function RunForm({ hosts, onDone }: { hosts: HostView[]; onDone: (receipt: CommandReceipt) => void }) {
  const [form, setForm] = useState<Form>(emptyRunForm);
  const [errors, setErrors] = useState<RunFormErrors>({});
  const run = useRunContainer();
  const set = <K extends keyof Form>(key: K) => (value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));
  const text = (key: keyof Form, placeholder = '') => (
    <input
      id={`run-${key}`}
      name={key}
      value={String(form[key])}
      placeholder={placeholder}
      aria-invalid={errors[key] ? true : undefined}
      aria-describedby={errors[key] ? `run-${key}-error` : undefined}
      onChange={(e) => set(key)(e.target.value as never)}
    />
  );
  const area = (key: keyof Form, placeholder: string) => (
    <textarea id={`run-${key}`} name={key} rows={2} value={String(form[key])} placeholder={placeholder} aria-invalid={errors[key] ? true : undefined} onChange={(e) => set(key)(e.target.value as never)} />
  );
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const { errors: found, request } = validateRunForm(form);
    setErrors(found);
    if (!request) return;
    run.mutate(request, { onSuccess: (receipt) => onDone(receipt) });
  };
  return (
    <form className="run-form" onSubmit={submit} noValidate aria-label="Run a container">
      <div className="grid">
        <Field label="Image" name="image" error={errors.image} hint="busybox, me/app:1">
          {text('image', 'busybox')}
        </Field>
        <Field label="Name" name="name" error={errors.name} hint="optional, unique in the fleet">
          {text('name', 'web-1')}
        </Field>
        <Field label="Command" name="command" error={errors.command} hint="as in a shell: sh -c 'echo hi'">
          {text('command', "sh -c 'echo hello; sleep 3600'")}
        </Field>
        <Field label="Entrypoint" name="entrypoint" error={errors.entrypoint}>
          {text('entrypoint')}
        </Field>
        <Field label="Environment" name="env" error={errors.env} hint="KEY=value, one per line">
          {area('env', 'GREETING=hello')}
        </Field>
        <Field label="Labels" name="labels" error={errors.labels} hint="key=value, one per line">
          {area('labels', 'app=web')}
        </Field>
        <Field label="Working directory" name="workdir" error={errors.workdir}>
          {text('workdir', '/')}
        </Field>
        <Field label="User" name="user" error={errors.user}>
          {text('user', 'root')}
        </Field>
        <Field label="Memory limit" name="memory" error={errors.memory} hint="64m, 1g">
          {text('memory')}
        </Field>
        <Field label="CPUs" name="cpus" error={errors.cpus} hint="0.5, 2">
          {text('cpus')}
        </Field>
        <Field label="PIDs limit" name="pidsLimit" error={errors.pidsLimit}>
          {text('pidsLimit')}
        </Field>
        <Field label="Restart policy" name="restartPolicy" error={errors.maxRetries}>
          <div className="inline">
            <select id="run-restartPolicy" value={form.restartPolicy} onChange={(e) => set('restartPolicy')(e.target.value)}>
              <option value="no">no</option>
              <option value="on-failure">on-failure</option>
              <option value="always">always</option>
              <option value="unless-stopped">unless-stopped</option>
            </select>
            {form.restartPolicy === 'on-failure' && (
              <input aria-label="Maximum retries" placeholder="max retries" value={form.maxRetries} onChange={(e) => set('maxRetries')(e.target.value)} />
            )}
          </div>
        </Field>
        <Field label="Host" name="host" error={errors.host} hint="or leave to placement">
          <select id="run-host" value={form.host} onChange={(e) => set('host')(e.target.value)}>
            <option value="">placed by constraints and load</option>
            {hosts.map((h) => (
              <option key={h.hostId} value={h.hostId} disabled={h.status !== 'ready'}>
                {h.name} {h.status !== 'ready' ? `(${h.status})` : ''}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Constraints" name="constraints" error={errors.constraints} hint="host label=value, one per line">
          {area('constraints', 'region=eu')}
        </Field>
      </div>
      <div className="checks">
        <label>
          <input type="checkbox" checked={form.tty} onChange={(e) => set('tty')(e.target.checked)} /> TTY (-t)
        </label>
        <label>
          <input type="checkbox" checked={form.autoRemove} onChange={(e) => set('autoRemove')(e.target.checked)} /> Remove when it exits (--rm)
        </label>
        <label>
          <input type="checkbox" checked={form.readOnly} onChange={(e) => set('readOnly')(e.target.checked)} /> Read-only root filesystem
        </label>
      </div>
      {run.error && <ErrorMessage error={run.error} />}
      <div className="modal-actions">
        <button type="submit" className="primary" disabled={run.isPending}>
          {run.isPending ? 'Running…' : 'Run'}
        </button>
      </div>
    </form>
  );
}
