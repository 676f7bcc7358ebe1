// Who takes a step: a signed-in person, the autopilot standing in for absent staff and couriers,
// or the platform itself (a timeout). Every step records its actor in the order's history.
import type { Role } from '@tiffin/db/enums';

export type Actor =
  | { kind: 'person'; userId: string; role: Role; restaurantId: string | null }
  | { kind: 'autopilot' }
  | { kind: 'system' };

export const AUTOPILOT: Actor = { kind: 'autopilot' };
export const SYSTEM: Actor = { kind: 'system' };

export function person(user: { id: string; role: Role; restaurantId: string | null }): Actor {
  return { kind: 'person', userId: user.id, role: user.role, restaurantId: user.restaurantId };
}

/** The history's actor column: `user:<id>`, `admin:<id>` (admins are recorded as such), `autopilot`, `system`. */
export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'person':
      return `${actor.role === 'ADMIN' ? 'admin' : 'user'}:${actor.userId}`;
    case 'autopilot':
      return 'autopilot';
    case 'system':
      return 'system';
  }
}
