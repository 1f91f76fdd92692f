import { describe, expect, it } from 'vitest';
import { emptyRunForm, parseMemory, splitCommand, validateRunForm } from './runForm';

describe('run form', () => {
  it('maps a valid form to docker run options', () => {
    const { errors, request } = validateRunForm({
      ...emptyRunForm,
      image: 'busybox',
      name: 'web-1',
      command: `sh -c 'echo "hi there"; sleep 5'`,
      env: 'A=1\nB=two words',
      labels: 'app=web',
      memory: '64m',
      cpus: '0.5',
      restartPolicy: 'on-failure',
      maxRetries: '3',
      host: 'h1',
      tty: true,
    });
    expect(errors).toEqual({});
    expect(request).toEqual({
      image: 'busybox',
      name: 'web-1',
      cmd: ['sh', '-c', 'echo "hi there"; sleep 5'],
      env: ['A=1', 'B=two words'],
      labels: { app: 'web' },
      memoryBytes: 64 * 1024 * 1024,
      cpus: 0.5,
      restartPolicy: 'on-failure:3',
      host: 'h1',
      tty: true,
    });
  });

  it('names each bad field', () => {
    const { errors, request } = validateRunForm({ ...emptyRunForm, name: '-x', command: "echo 'open", memory: 'lots', cpus: '-1', env: 'NOPE WITH SPACE', constraints: 'zone', pidsLimit: '1.5' });
    expect(request).toBeNull();
    expect(Object.keys(errors).sort()).toEqual(['command', 'constraints', 'cpus', 'env', 'image', 'memory', 'name', 'pidsLimit']);
    expect(errors.image).toMatch(/required/);
  });

  it('splits commands and sizes like docker', () => {
    expect(splitCommand(`a "b c" 'd' e\\ f ""`)).toEqual(['a', 'b c', 'd', 'e f', '']);
    expect(parseMemory('1g')).toBe(1024 ** 3);
    expect(parseMemory('512k')).toBe(512 * 1024);
    expect(parseMemory('x')).toBeNull();
  });
});
