// Where to look beyond this page: the web process's health and metrics endpoints.
import type { RouterOutputs } from '@tiffin/api';

import { ConsoleSection } from '../../components/consoles/console-section';
import { Badge } from '../../components/ui/badge';
import { Code } from '../../components/ui/code';

type Overview = RouterOutputs['dev']['overview'];

export function HealthLinks({
  links,
  environment,
}: {
  links: Overview['links'];
  environment: Overview['environment'];
}) {
  const rows = [
    { href: links.webLive, label: 'Liveness', hint: 'The web process answers.' },
    { href: links.webReady, label: 'Readiness', hint: 'PostgreSQL, Redis and migrations.' },
    { href: links.metrics, label: 'Metrics', hint: 'Prometheus text format.' },
  ];
  return (
    <ConsoleSection
      id="dev-links-title"
      title="Health & metrics"
      description="This web instance’s endpoints."
      testId="dev-links"
      aside={
        <Badge
          tone={environment === 'production' ? 'danger' : 'info'}
          data-testid="dev-environment"
        >
          {environment}
        </Badge>
      }
    >
      <ul className="divide-y divide-stone-100">
        {rows.map((row) => (
          <li key={row.href} className="flex flex-wrap items-baseline justify-between gap-x-3 py-2">
            <a
              href={row.href}
              target="_blank"
              rel="noreferrer"
              className="rounded font-medium text-brand-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-700"
            >
              {row.label}
              <span className="sr-only"> (opens in a new tab)</span>
            </a>
            <span className="text-sm text-stone-600">
              <Code>{row.href}</Code> · {row.hint}
            </span>
          </li>
        ))}
      </ul>
      <p className="text-sm text-stone-600">
        In production, metrics need the bearer token:{' '}
        <Code>curl -H &quot;Authorization: Bearer $METRICS_TOKEN&quot; {links.metrics}</Code>. Each
        worker serves its own health and metrics on <Code>WORKER_HTTP_PORT</Code> (9464 by default).
      </p>
    </ConsoleSection>
  );
}
