import { useLiveStatus } from './api/live/LiveContext';
import { Link, useRoute } from './components/Router';
import { AuditPage } from './features/audit/AuditPage';
import { ContainersPage } from './features/containers/ContainersPage';
import { ContainerDetailPage } from './features/containers/DetailsView';
import { FleetOverview } from './features/fleet/FleetOverview';
import { HealthPanel } from './features/health/HealthPanel';
import { ImageDetail } from './features/images/ImageDetail';
import { ImagesPage } from './features/images/ImagesPage';
import { TimeTravelPage } from './features/timetravel/TimeTravelPage';
import { TruncationNotice } from './components/TruncationNotice';
import { UserMenu, useSession } from './features/session/SessionContext';
import { UsersPage } from './features/users/UsersPage';

const nav = [
  ['', 'Fleet'],
  ['containers', 'Containers'],
  ['images', 'Images'],
  ['audit', 'Audit'],
  ['timetravel', 'Time travel'],
] as const;

function LiveIndicator() {
  const live = useLiveStatus();
  return (
    <span className={`live live-${live.state}`} data-testid="live-status" data-position={live.position ?? ''} title={live.error ?? undefined}>
      {live.state === 'live' ? `● live · #${live.position ?? 0}` : live.state === 'connecting' ? '○ connecting' : `○ ${live.error ?? 'reconnecting'}`}
    </span>
  );
}

function Page() {
  const { parts } = useRoute();
  const [section, id] = parts;
  switch (section) {
    case undefined:
      return <FleetOverview />;
    case 'containers':
      return id ? <ContainerDetailPage key={id} id={id} /> : <ContainersPage />;
    case 'images':
      return id ? <ImageDetail key={id} imageRef={parts.slice(1).join('/')} /> : <ImagesPage />;
    case 'audit':
      return <AuditPage />;
    case 'timetravel':
      return <TimeTravelPage />;
    case 'health':
      return <HealthPanel />;
    case 'users':
      return <UsersPage />;
    default:
      return <p className="error">No page “{section}”.</p>;
  }
}

export function App() {
  const { parts } = useRoute();
  const current = parts[0] ?? '';
  const { who } = useSession();
  const sections = who.role === 'admin' ? [...nav, ['users', 'Users'] as const] : nav;
  return (
    <div className="app">
      <header className="app-header">
        <h1>Berth</h1>
        <nav aria-label="Sections">
          {sections.map(([path, label]) => (
            <Link key={path} to={`/${path}`} aria-current={current === path ? 'page' : undefined}>
              {label}
            </Link>
          ))}
        </nav>
        <LiveIndicator />
        <UserMenu />
      </header>
      <TruncationNotice />
      <main>
        <Page />
      </main>
    </div>
  );
}
