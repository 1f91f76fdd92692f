import { describe, expect, it } from 'vitest';
import { parseSse } from './sse';

describe('parseSse', () => {
  it('splits complete events and keeps the tail', () => {
    const { messages, rest } = parseSse('id: 5\nevent: container.created\ndata: {"a":1}\n\n:comment\n\nid: 6\ndata: x\r\ndata: y\r\n\r\nid: 7\nda');
    expect(messages).toEqual([
      { id: '5', event: 'container.created', data: '{"a":1}' },
      { id: '6', event: 'message', data: 'x\ny' },
    ]);
    expect(rest).toBe('id: 7\nda');
  });
});
