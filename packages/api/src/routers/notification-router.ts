// notification.*: the signed-in person's own notifications: pages of them, the unread count,
// marking them read, the live feed, and which kinds also come by email. Nobody reads or marks anyone else's (the domain's queries
// filter by the caller's id).
import type { TRPCRouterRecord } from '@trpc/server';

import { z } from 'zod';

import {
  emailPreferenceInputSchema,
  emailPreferences,
  listNotifications,
  markAllNotificationsRead,
  markNotificationsRead,
  markReadInputSchema,
  notificationListInputSchema,
  setEmailPreference,
  unreadNotificationCount,
} from '@tiffin/domain';

import {
  markedReadSchema,
  notificationPageSchema,
  unreadCountSchema,
} from '../schemas/notification-output';
import { lastEventIdSchema } from '../tracking/last-event-id';
import { watchNotifications } from '../tracking/notifications-live';
import { protectedProcedure, requireTracking } from '../trpc';

export const notificationRouter = {
  list: protectedProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/notifications',
        tags: ['notifications'],
        summary: "The signed-in person's notifications, newest first, a page at a time",
        protect: true,
      },
    })
    .input(notificationListInputSchema.optional())
    .output(notificationPageSchema)
    .query(({ ctx, input }) => listNotifications(ctx.db, ctx.user.id, input ?? {})),

  unreadCount: protectedProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/notifications/unread-count',
        tags: ['notifications'],
        summary: 'How many notifications are unread',
        protect: true,
      },
    })
    .output(unreadCountSchema)
    .query(async ({ ctx }) => ({
      unread: await unreadNotificationCount(ctx.db, ctx.user.id),
    })),

  markRead: protectedProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/notifications/read',
        tags: ['notifications'],
        summary: 'Mark some of your notifications read',
        protect: true,
      },
    })
    .input(markReadInputSchema)
    .output(markedReadSchema)
    .mutation(({ ctx, input }) => markNotificationsRead(ctx.db, ctx.user.id, input.ids)),

  markAllRead: protectedProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/notifications/read-all',
        tags: ['notifications'],
        summary: 'Mark all your notifications read',
        protect: true,
      },
    })
    .output(markedReadSchema)
    .mutation(({ ctx }) => markAllNotificationsRead(ctx.db, ctx.user.id)),

  emailPreferences: protectedProcedure.query(({ ctx }) => emailPreferences(ctx.db, ctx.user.id)),

  setEmailPreference: protectedProcedure
    .input(emailPreferenceInputSchema)
    .mutation(async ({ ctx, input }) => {
      await setEmailPreference(ctx.db, ctx.user.id, input.kind, input.email);
      return emailPreferences(ctx.db, ctx.user.id);
    }),

  live: protectedProcedure
    .use(requireTracking)
    .input(z.object({ lastEventId: lastEventIdSchema }).optional())
    .subscription(({ ctx, input, signal }) =>
      watchNotifications({
        db: ctx.db,
        hub: ctx.tracking,
        userId: ctx.user.id,
        lastEventId: input?.lastEventId,
        signal,
      }),
    ),
} satisfies TRPCRouterRecord;
