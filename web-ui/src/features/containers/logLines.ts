/** One line of a container's log (`ContainerStreams.LogEntry`). */
export interface LogLine {
  stream: string;
  timestamp: string | null;
  text: string;
}

/** Lines kept in the page: the newest `max`. */
export function appendLines(lines: LogLine[], more: LogLine[], max = 5000): LogLine[] {
  const all = lines.concat(more);
  return all.length > max ? all.slice(all.length - max) : all;
}

export function searchLines(lines: LogLine[], search: string): LogLine[] {
  const s = search.trim().toLowerCase();
  return s ? lines.filter((l) => l.text.toLowerCase().includes(s)) : lines;
}

export function logText(lines: LogLine[]): string {
  return lines.map((l) => (l.timestamp ? `${l.timestamp} ${l.text}` : l.text)).join('\n') + (lines.length ? '\n' : '');
}
