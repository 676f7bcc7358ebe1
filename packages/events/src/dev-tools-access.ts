// Who may open the dev tools (stream stats, live events, workers): anyone while developing, only
// admins in production, where worker hosts and order ids are operational data.

export type DevToolsAccess = 'allowed' | 'sign_in' | 'forbidden';

export function devToolsAccess(
  viewer: { role: string } | null,
  environment: string | undefined,
): DevToolsAccess {
  // Anything but an explicit development or test environment counts as production: fail closed.
  if (environment === 'development' || environment === 'test') return 'allowed';
  if (!viewer) return 'sign_in';
  return viewer.role === 'ADMIN' ? 'allowed' : 'forbidden';
}
