/** The live stream's `heartbeats` message: when each host's agent was last heard. */
export interface RawHeartbeats {
  at: string;
  hosts: Record<string, string>;
}

/** Hosts' last heartbeats as the control plane heard them, and the control plane's time then. */
export interface HostHeartbeats {
  /** The control plane's clock at the latest message: "seen 3s ago" is measured against it, not the browser's. */
  at: Date;
  lastHeard: Record<string, Date>;
}

/** Merges one message (the hosts heard since the previous one) into what is known. */
export function applyHeartbeats(known: HostHeartbeats | null | undefined, message: RawHeartbeats): HostHeartbeats {
  const lastHeard = { ...(known?.lastHeard ?? {}) };
  for (const [host, at] of Object.entries(message.hosts)) lastHeard[host] = new Date(at);
  return { at: new Date(message.at), lastHeard };
}

/** Seconds since the host was last heard, by the control plane's clock; null when not heard since it started. */
export function secondsSinceHeard(heartbeats: HostHeartbeats | null | undefined, hostId: string): number | null {
  const heard = heartbeats?.lastHeard[hostId];
  if (!heartbeats || !heard) return null;
  return Math.max(0, Math.round((heartbeats.at.getTime() - heard.getTime()) / 1000));
}
