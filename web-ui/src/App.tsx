import { HealthPanel } from './features/health/HealthPanel';

export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <h1>Berth</h1>
        <span className="tagline">event-sourced container fleet</span>
      </header>
      <main>
        <HealthPanel />
      </main>
    </div>
  );
}
