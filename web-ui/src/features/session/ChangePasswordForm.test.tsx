import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/client';
import { ChangePasswordForm } from './ChangePasswordForm';

afterEach(cleanup);

function fill(current: string, next: string, again: string) {
  fireEvent.change(screen.getByLabelText('Current password'), { target: { value: current } });
  fireEvent.change(screen.getByLabelText('New password'), { target: { value: next } });
  fireEvent.change(screen.getByLabelText('New password again'), { target: { value: again } });
  fireEvent.click(screen.getByRole('button', { name: 'Change password' }));
}

describe('the change-password form', () => {
  it('sends the current and the new password, then leads back to the login', async () => {
    const changeFn = vi.fn().mockResolvedValue(undefined);
    const onChanged = vi.fn();
    render(<ChangePasswordForm onChanged={onChanged} onCancel={() => undefined} changeFn={changeFn} />);
    fill('old password here', 'a new long password', 'a new long password');
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(changeFn).toHaveBeenCalledWith('old password here', 'a new long password');
  });

  it('checks length and repetition before sending anything', () => {
    const changeFn = vi.fn();
    render(<ChangePasswordForm onChanged={() => undefined} onCancel={() => undefined} changeFn={changeFn} />);
    fill('old', 'short', 'short');
    expect(screen.getByRole('alert').textContent).toMatch(/at least 10/);
    fill('old', 'a new long password', 'a new long passwore');
    expect(screen.getByRole('alert').textContent).toMatch(/differ/);
    expect(changeFn).not.toHaveBeenCalled();
  });

  it('shows why the control plane refused, e.g. a wrong current password', async () => {
    const changeFn = vi.fn().mockRejectedValue(new ApiError(400, 'invalid', 'changing the password failed (HTTP 400): the current password is wrong'));
    const onChanged = vi.fn();
    render(<ChangePasswordForm onChanged={onChanged} onCancel={() => undefined} changeFn={changeFn} />);
    fill('wrong one', 'a new long password', 'a new long password');
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/current password is wrong/));
    expect(onChanged).not.toHaveBeenCalled();
  });
});
