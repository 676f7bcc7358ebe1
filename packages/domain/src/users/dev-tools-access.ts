// Worker hosts and order ids are operational data: open while developing, admins only in prod.

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
