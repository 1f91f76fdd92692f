import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/client';
import type { Whoami } from '../../api/session';
import { LoginForm } from './LoginForm';

afterEach(cleanup);

const ann: Whoami = { username: 'ann', role: 'operator', csrfToken: 'c' };

function fill(username: string, password: string) {
  fireEvent.change(screen.getByLabelText('Username'), { target: { value: username } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Log in' }));
}

describe('the login form', () => {
  it('sends the username and password and hands over who logged in', async () => {
    const loginFn = vi.fn().mockResolvedValue(ann);
    const onLoggedIn = vi.fn();
    render(<LoginForm onLoggedIn={onLoggedIn} loginFn={loginFn} />);
    fill(' ann ', 'secret password');
    await waitFor(() => expect(onLoggedIn).toHaveBeenCalledWith(ann));
    expect(loginFn).toHaveBeenCalledWith('ann', 'secret password');
  });

  it('asks for both fields before sending anything', () => {
    const loginFn = vi.fn();
    render(<LoginForm onLoggedIn={() => undefined} loginFn={loginFn} />);
    fill('ann', '');
    expect(screen.getByRole('alert').textContent).toMatch(/username and a password/);
    expect(loginFn).not.toHaveBeenCalled();
  });

  it('says when the password is wrong and when logins are throttled', async () => {
    const loginFn = vi.fn().mockRejectedValueOnce(new ApiError(401, 'unauthenticated', 'logging in failed (HTTP 401): wrong username or password'))
      .mockRejectedValueOnce(new ApiError(429, 'throttled', 'logging in failed (HTTP 429): too many failed logins; try again in 300 s'));
    render(<LoginForm onLoggedIn={() => undefined} loginFn={loginFn} />);
    fill('ann', 'guess');
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Wrong username or password.'));
    fill('ann', 'guess again');
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/Too many failed logins.*try again in 300 s/));
  });
});
