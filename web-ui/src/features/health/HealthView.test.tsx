import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { HealthView } from './HealthView';

describe('HealthView', () => {
  it('shows each check and the overall status', () => {
    const onRefresh = vi.fn();
    render(
      <HealthView
        health={{ up: true, checks: [{ name: 'db', up: true, details: '' }, { name: 'kafka', up: true, details: 'x: 1' }] }}
        onRefresh={onRefresh}
        refreshing={false}
      />,
    );
    expect(screen.getByTestId('overall-status').textContent).toBe('UP');
    expect(screen.getByTestId('check-kafka').textContent).toContain('x: 1');
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(onRefresh).toHaveBeenCalledOnce();
  });
});
