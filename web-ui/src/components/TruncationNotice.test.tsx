import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { getJson } from '../api/client';
import { TruncationNotice } from './TruncationNotice';

afterEach(cleanup);

const cutAnswer = () => Promise.resolve(new Response('[]', { status: 200, headers: { 'X-Berth-Truncated': 'true' } }));

describe('the truncation notice', () => {
  it('names the lists the control plane cut, once each, until dismissed', async () => {
    render(<TruncationNotice />);
    expect(screen.queryByRole('status')).toBeNull();
    await act(async () => {
      await getJson('/api/v1/containers', 'loading containers', cutAnswer);
      await getJson('/api/v1/containers', 'loading containers', cutAnswer);
      await getJson('/api/v1/images', 'loading images', cutAnswer);
    });
    expect(screen.getByRole('status').textContent).toMatch(/\(containers, images\)/);
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('status')).toBeNull();
  });
});
