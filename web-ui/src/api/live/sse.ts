/** One server-sent event. */
export interface SseMessage {
  id: string | null;
  event: string;
  data: string;
}

/**
 * Splits a text buffer into complete server-sent events (separated by a blank line); the
 * incomplete tail is returned to be prefixed to the next chunk.
 */
export function parseSse(buffer: string): { messages: SseMessage[]; rest: string } {
  const messages: SseMessage[] = [];
  const normalized = buffer.replace(/\r\n?/g, '\n');
  const blocks = normalized.split('\n\n');
  const rest = blocks.pop() ?? '';
  for (const block of blocks) {
    let id: string | null = null;
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') id = value;
      else if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length || id !== null) messages.push({ id, event, data: data.join('\n') });
  }
  return { messages, rest };
}

/**
 * Reads a server-sent event stream with fetch, calling `onMessage` for each event until the
 * stream ends or `signal` aborts; `onOpen` once the server accepted the stream. Resolves when the server closes the stream.
 */
export async function readSse(url: string, signal: AbortSignal, onMessage: (m: SseMessage) => void, onOpen: () => void = () => undefined): Promise<void> {
  const response = await fetch(url, { headers: { Accept: 'text/event-stream' }, signal });
  if (!response.ok || !response.body) {
    let detail = '';
    try {
      const body = (await response.json()) as { message?: string };
      detail = body.message ? `: ${body.message}` : '';
    } catch {
      // no JSON body
    }
    throw new Error(`HTTP ${response.status}${detail}`);
  }
  onOpen();
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    const parsed = parseSse(buffer + value);
    buffer = parsed.rest;
    parsed.messages.forEach(onMessage);
  }
}
