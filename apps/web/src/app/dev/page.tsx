// /dev: the event backbone live; open while developing, admins only in production (devToolsAccess).
import type { Metadata } from 'next';

import type { RouterOutputs } from '@tiffin/api';

import { getCaller, isTRPCErrorCode } from '../../server/caller';
import { webLog } from '../../server/logger';
import { AccessNotice } from './access-notice';
import { DevDashboard } from './dev-dashboard';

export const metadata: Metadata = { title: 'Dev tools' };

export default async function DevToolsPage() {
  const api = await getCaller();
  // Only the call is guarded: an error while rendering belongs to the error boundary, not here.
  let initial: RouterOutputs['dev']['overview'];
  try {
    initial = await api.dev.overview();
  } catch (error) {
    if (isTRPCErrorCode(error, 'UNAUTHORIZED')) return <AccessNotice reason="sign_in" />;
    if (isTRPCErrorCode(error, 'FORBIDDEN')) return <AccessNotice reason="forbidden" />;
    // Redis down, say: the page still renders and the client keeps trying, instead of a 500.
    webLog().warn('dev tools: first overview failed', { error: String(error) });
    return <DevDashboard initial={null} initialError="the event backbone could not be read" />;
  }
  return <DevDashboard initial={initial} initialError={null} />;
}
