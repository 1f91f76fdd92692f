import type { RunRequest } from '../../api/containers';

/** The run form as typed: docker run's options as strings. */
export interface RunForm {
  image: string;
  name: string;
  command: string;
  entrypoint: string;
  env: string;
  labels: string;
  workdir: string;
  user: string;
  memory: string;
  cpus: string;
  pidsLimit: string;
  restartPolicy: string;
  maxRetries: string;
  host: string;
  constraints: string;
  tty: boolean;
  autoRemove: boolean;
  readOnly: boolean;
}

export const emptyRunForm: RunForm = {
  image: '',
  name: '',
  command: '',
  entrypoint: '',
  env: '',
  labels: '',
  workdir: '',
  user: '',
  memory: '',
  cpus: '',
  pidsLimit: '',
  restartPolicy: 'no',
  maxRetries: '',
  host: '',
  constraints: '',
  tty: false,
  autoRemove: false,
  readOnly: false,
};

export type RunFormErrors = Partial<Record<keyof RunForm, string>>;

/** Splits a command line like a shell would for words and quotes (no expansion). */
export function splitCommand(line: string): string[] | string {
  const out: string[] = [];
  let word = '';
  let quote: '"' | "'" | null = null;
  let has = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"' && i + 1 < line.length) word += line[++i];
      else word += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      has = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      word += line[++i];
      has = true;
    } else if (/\s/.test(ch)) {
      if (has || word) out.push(word);
      word = '';
      has = false;
    } else {
      word += ch;
      has = true;
    }
  }
  if (quote) return `unclosed ${quote} quote`;
  if (has || word) out.push(word);
  return out;
}

/** `64m`, `1g`, `512k`, `1048576` → bytes (docker's suffixes, powers of 1024). */
export function parseMemory(s: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*([bkmg]?)b?$/i.exec(s.trim());
  if (!m) return null;
  const factor = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2].toLowerCase() as '' | 'b' | 'k' | 'm' | 'g'];
  return Math.round(parseFloat(m[1]) * factor);
}

const lines = (s: string) => s.split('\n').map((l) => l.trim()).filter(Boolean);
const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
const IMAGE = /^[a-z0-9]+([._/:@-][a-zA-Z0-9_.-]+)*$/;

/** Checks the form as docker run would; either errors per field or the request to send. */
export function validateRunForm(f: RunForm): { errors: RunFormErrors; request: RunRequest | null } {
  const errors: RunFormErrors = {};
  const request: RunRequest = { image: f.image.trim() };
  if (!request.image) errors.image = 'An image is required, e.g. busybox';
  else if (!IMAGE.test(request.image)) errors.image = 'Not an image reference (lower case name, optional :tag)';
  if (f.name.trim()) {
    if (!NAME.test(f.name.trim())) errors.name = 'Letters, digits, _ . - only, starting with a letter or digit';
    else request.name = f.name.trim();
  }
  if (f.command.trim()) {
    const cmd = splitCommand(f.command.trim());
    if (typeof cmd === 'string') errors.command = `Command: ${cmd}`;
    else request.cmd = cmd;
  }
  if (f.entrypoint.trim()) {
    const ep = splitCommand(f.entrypoint.trim());
    if (typeof ep === 'string') errors.entrypoint = `Entrypoint: ${ep}`;
    else request.entrypoint = ep;
  }
  const env = lines(f.env);
  const badEnv = env.find((e) => !/^[^=\s]+(=.*)?$/.test(e));
  if (badEnv) errors.env = `One KEY=value per line; "${badEnv}" is not`;
  else if (env.length) request.env = env;
  const labels: Record<string, string> = {};
  for (const l of lines(f.labels)) {
    const eq = l.indexOf('=');
    if (eq <= 0) {
      errors.labels = `One key=value per line; "${l}" is not`;
      break;
    }
    labels[l.slice(0, eq)] = l.slice(eq + 1);
  }
  if (Object.keys(labels).length) request.labels = labels;
  if (f.workdir.trim()) {
    if (!f.workdir.trim().startsWith('/')) errors.workdir = 'The working directory must be an absolute path';
    else request.workdir = f.workdir.trim();
  }
  if (f.user.trim()) request.user = f.user.trim();
  if (f.memory.trim()) {
    const m = parseMemory(f.memory);
    if (m === null || m <= 0) errors.memory = 'A size such as 64m, 1g or a number of bytes';
    else if (m < 6 * 1024 * 1024) errors.memory = 'At least 6m (docker’s minimum)';
    else request.memoryBytes = m;
  }
  if (f.cpus.trim()) {
    const c = Number(f.cpus);
    if (!Number.isFinite(c) || c <= 0 || c > 4096) errors.cpus = 'A number of CPUs greater than 0, e.g. 0.5';
    else request.cpus = c;
  }
  if (f.pidsLimit.trim()) {
    const p = Number(f.pidsLimit);
    if (!Number.isInteger(p) || p <= 0) errors.pidsLimit = 'A whole number greater than 0';
    else request.pidsLimit = p;
  }
  if (f.restartPolicy === 'on-failure' && f.maxRetries.trim()) {
    const r = Number(f.maxRetries);
    if (!Number.isInteger(r) || r < 0 || r > 9999) errors.maxRetries = 'A whole number 0-9999';
    else request.restartPolicy = `on-failure:${r}`;
  } else if (f.restartPolicy !== 'no') {
    request.restartPolicy = f.restartPolicy;
  }
  const constraints = lines(f.constraints);
  const badConstraint = constraints.find((c) => c.indexOf('=') <= 0);
  if (badConstraint) errors.constraints = `One label=value per line; "${badConstraint}" is not`;
  else if (constraints.length) {
    if (f.host) errors.constraints = 'Choose a host or constraints, not both';
    else request.constraints = constraints;
  }
  if (f.host) request.host = f.host;
  if (f.tty) request.tty = true;
  if (f.autoRemove) request.autoRemove = true;
  if (f.readOnly) request.readOnly = true;
  return Object.keys(errors).length ? { errors, request: null } : { errors, request };
}
