// payment.*: the pay page. Its customer reads the payment (to show it and to follow its outcome)
// and pays it: with the sandbox provider by test card, with Stripe through Stripe.js, which
// starts from the payment intent's client secret.
import type { TRPCRouterRecord } from '@trpc/server';

import { TRPCError } from '@trpc/server';
import { z } from 'zod';

import { paymentForPayPage, payWithTestCard, safeText, stripeClientSecret } from '@tiffin/domain';

import { protectedProcedure } from '../trpc';

const paymentIdSchema = z.uuid({ error: 'We could not find that payment.' });

export const paymentRouter = {
  byId: protectedProcedure
    .input(z.object({ paymentId: paymentIdSchema }))
    .query(({ ctx, input }) => paymentForPayPage(ctx.db, input.paymentId, { userId: ctx.user.id })),

  /** Sandbox only: the test card decides; the outcome reaches the order as a signed webhook. */
  payWithTestCard: protectedProcedure
    .input(
      z.object({
        paymentId: paymentIdSchema,
        cardNumber: safeText({ error: 'Enter a card number' })
          .trim()
          .min(12, { error: 'Enter the whole card number' })
          .max(23, { error: 'That card number is too long' }),
        /** The customer confirmed once more, for a card that requires it. */
        confirmAction: z.boolean().default(false),
      }),
    )
    .mutation(({ ctx, input }) => {
      if (ctx.payments?.name !== 'sandbox') {
        throw new TRPCError({
          code: 'BAD_REQUEST',
          message: 'Test cards work only with the sandbox payment provider.',
        });
      }
      return payWithTestCard(ctx.db, input, { userId: ctx.user.id });
    }),

  /**
   * Stripe only: the client secret the card form confirms with, for the payment's own customer
   * while it is unpaid. A mutation, so it never travels in a URL or sits in a cache.
   */
  stripeClientSecret: protectedProcedure
    .input(z.object({ paymentId: paymentIdSchema }))
    .mutation(({ ctx, input }) =>
      stripeClientSecret(ctx.db, ctx.payments ?? null, input.paymentId, { userId: ctx.user.id }),
    ),
} satisfies TRPCRouterRecord;
