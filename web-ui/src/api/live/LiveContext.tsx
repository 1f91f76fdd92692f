import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { LiveConnection, type LiveStatus } from './connection';

const LiveContext = createContext<LiveConnection | null>(null);

/** Opens the page's one live connection for everything below it. */
export function LiveProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const [connection] = useState(() => new LiveConnection(client));
  useEffect(() => {
    connection.start();
    return () => connection.stop();
  }, [connection]);
  return <LiveContext.Provider value={connection}>{children}</LiveContext.Provider>;
}

const idle: LiveStatus = { state: 'connecting', position: null, head: 0, error: null };

export function useLiveStatus(): LiveStatus {
  const connection = useContext(LiveContext);
  return useSyncExternalStore(
    connection?.subscribe ?? (() => () => undefined),
    connection?.snapshot ?? (() => idle),
  );
}
