import type { TRPCRouterRecord } from '@trpc/server';

import {
  accountProfile,
  addSavedAddress,
  addSavedAddressInputSchema,
  listSavedAddresses,
  removeSavedAddress,
  removeSavedAddressInputSchema,
  updateName,
  updateNameInputSchema,
  updateSavedAddress,
  updateSavedAddressInputSchema,
} from '@tiffin/domain';

import { protectedProcedure } from '../trpc';

/** The signed-in person's own account; nothing here reaches anyone else's. */
export const accountRouter = {
  /** The email, its verification state and the name, for the profile page and the header. */
  profile: protectedProcedure.query(({ ctx }) => accountProfile(ctx.db, ctx.user.id)),

  updateName: protectedProcedure
    .input(updateNameInputSchema)
    .mutation(({ ctx, input }) => updateName(ctx.db, ctx.user.id, input)),

  addresses: {
    list: protectedProcedure.query(({ ctx }) => listSavedAddresses(ctx.db, ctx.user.id)),
    add: protectedProcedure
      .input(addSavedAddressInputSchema)
      .mutation(({ ctx, input }) => addSavedAddress(ctx.db, ctx.user.id, input)),
    update: protectedProcedure
      .input(updateSavedAddressInputSchema)
      .mutation(({ ctx, input }) => updateSavedAddress(ctx.db, ctx.user.id, input)),
    remove: protectedProcedure
      .input(removeSavedAddressInputSchema)
      .mutation(({ ctx, input }) => removeSavedAddress(ctx.db, ctx.user.id, input)),
  },
} satisfies TRPCRouterRecord;
