// Same grid and box heights as the real panels, so nothing jumps when the first data arrives.
import { Card } from '../../components/ui/card';

function Bar({ className }: { className: string }) {
  return <div className={`animate-pulse rounded bg-stone-200 ${className}`} />;
}

function PanelSkeleton({ lines, className }: { lines: number; className?: string }) {
  return (
    <Card className={`space-y-4 ${className ?? ''}`}>
      <Bar className="h-5 w-40" />
      <Bar className="h-4 w-3/4" />
      {Array.from({ length: lines }, (_, i) => (
        <Bar key={i} className="h-4 w-full" />
      ))}
    </Card>
  );
}

export function DashboardSkeleton() {
  return (
    <div className="space-y-6" aria-busy="true" data-testid="dev-loading">
      <p className="sr-only" role="status">
        Loading the dev tools…
      </p>
      <div className="grid gap-4 md:grid-cols-2">
        <PanelSkeleton lines={4} />
        <PanelSkeleton lines={4} />
      </div>
      <PanelSkeleton lines={3} />
      <PanelSkeleton lines={5} />
      <div className="grid gap-4 lg:grid-cols-3">
        {[0, 1, 2].map((i) => (
          <Card key={i} className="space-y-4">
            <Bar className="h-5 w-24" />
            <Bar className="h-96 w-full" />
          </Card>
        ))}
      </div>
    </div>
  );
}
