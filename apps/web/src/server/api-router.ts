// The router this web server serves over HTTP and WebSocket: the product API, or the product API
// plus qa.* when QA_ROUTES=enabled (e2e stacks only). Server components (caller.ts) always get
// the product router.
import { appRouter } from '@tiffin/api';
import { qaAppRouter } from '@tiffin/api/qa';

import { getEnv } from '../env';
import { webLog } from './logger';

export type ServedRouter = typeof appRouter | typeof qaAppRouter;

// HTTP and WebSocket both ask at startup; one warning is enough.
let announced = false;

export function servedRouter(): ServedRouter {
  if (getEnv().QA_ROUTES !== 'enabled') return appRouter;
  if (!announced) {
    announced = true;
    webLog().warn('QA routes are on (QA_ROUTES=enabled): qa.* is served. Never in production.');
  }
  return qaAppRouter;
}
