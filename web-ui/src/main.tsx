import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App } from './App';
import { LiveProvider } from './api/live/LiveContext';
import { SessionGate } from './features/session/SessionContext';
import './styles.css';

// No refetch on focus or on a timer: the live connection keeps lists current.
const queryClient = new QueryClient({ defaultOptions: { queries: { refetchOnWindowFocus: false, refetchOnReconnect: false } } });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <SessionGate>
        <LiveProvider>
          <App />
        </LiveProvider>
      </SessionGate>
    </QueryClientProvider>
  </StrictMode>,
);
