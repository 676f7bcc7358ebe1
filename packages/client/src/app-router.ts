// The router's types as an outside client names them; the server's own types are bundled into
// the published .d.ts, so installing this package brings no server code.
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

import type { AppRouter } from '@tiffin/api';

export type { AppRouter };

/** Inputs of every procedure, e.g. `RouterInputs['order']['place']`. */
export type RouterInputs = inferRouterInputs<AppRouter>;
/** Outputs of every procedure, e.g. `RouterOutputs['order']['mine'][number]`. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
