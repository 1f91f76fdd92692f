import { useHealth } from './useHealth';
import { HealthView } from './HealthView';

export function HealthPanel() {
  const { data, error, isPending, refetch, isFetching } = useHealth();
  if (isPending) return <p role="status">Checking the control plane…</p>;
  if (error) {
    return (
      <p role="alert" className="error">
        Could not reach the control plane: {error.message}
      </p>
    );
  }
  return <HealthView health={data} onRefresh={() => refetch()} refreshing={isFetching} />;
}
