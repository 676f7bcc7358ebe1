// Whether a restaurant takes orders right now.
import { Badge } from './ui/badge';

export function OpenBadge({ isOpen }: { isOpen: boolean }) {
  return (
    <Badge tone={isOpen ? 'success' : 'neutral'} dot data-open={String(isOpen)}>
      {isOpen ? 'Open' : 'Closed'}
    </Badge>
  );
}
