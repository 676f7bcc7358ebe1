import type { TRPCRouterRecord } from '@trpc/server';

import { signUp, signUpInputSchema } from '@tiffin/domain';

import { publicProcedure } from '../trpc';

export const authRouter = {
  signUp: publicProcedure
    .input(signUpInputSchema)
    .mutation(({ ctx, input }) => signUp(ctx.db, input)),

  me: publicProcedure.query(({ ctx }) => ctx.user),
} satisfies TRPCRouterRecord;
