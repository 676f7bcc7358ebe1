// While the server reads the first data: the live page's shape, with its controls disabled.
import { Button } from '../../components/ui/button';
import { DashboardSkeleton } from './dashboard-skeleton';
import { DevHeading } from './dev-heading';

export default function DevToolsLoading() {
  return (
    <div className="space-y-6">
      <DevHeading
        controls={
          <>
            <Button variant="secondary" size="sm" className="min-w-36" disabled>
              Pause updates
            </Button>
            <Button variant="secondary" size="sm" className="min-w-28" disabled>
              Refresh
            </Button>
          </>
        }
      />
      <div className="min-h-12 text-sm text-stone-600">Loading…</div>
      <DashboardSkeleton />
    </div>
  );
}
