// The kitchen runs its restaurant: dishes (create and edit), stock and availability, the open
// switch and the weekly hours. Changes a customer's menu shows live write menu.stock_changed in
// the same transaction, as orders and refills do.
import type { z } from 'zod';
import { randomUUID } from 'node:crypto';

import type { PrismaTransaction } from '@tiffin/db';
import { Prisma } from '@tiffin/db';

import type { Actor } from '../authority/actor';
import type {
  saveMenuItemInputSchema,
  setItemAvailableInputSchema,
  setItemStockInputSchema,
  setOpeningHoursInputSchema,
  setOpenInputSchema,
} from './kitchen-input';
import { restaurantActedOn } from '../authority/step-authority';
import { slugify } from '../catalog/create-restaurant';
import { DISH_FIELDS } from '../catalog/dish-fields';
import { toInterval } from '../catalog/opening-hours';
import { DomainError } from '../errors';
import { writeOutboxEvent } from '../outbox/write-outbox';

/** The menu item, if the actor runs its restaurant; FORBIDDEN or NOT_FOUND otherwise. */
async function ownItem(tx: PrismaTransaction, actor: Actor, menuItemId: string) {
  const item = await tx.menuItem.findUnique({
    where: { id: menuItemId },
    select: { id: true, restaurantId: true },
  });
  if (!item) throw new DomainError('NOT_FOUND', 'We could not find that menu item.');
  // Staff of another restaurant are refused here; admins act on the dish's own restaurant.
  restaurantActedOn(actor, item.restaurantId);
  return item;
}

async function stockChanged(
  tx: PrismaTransaction,
  item: { id: string; restaurantId: string; stock: number; isAvailable: boolean },
) {
  // What a customer can buy: nothing while the dish is unavailable.
  await writeOutboxEvent(
    tx,
    'menu.stock_changed.v1',
    {
      restaurantId: item.restaurantId,
      items: [{ menuItemId: item.id, stock: item.isAvailable ? item.stock : 0 }],
      reason: 'kitchen',
    },
    { correlationId: randomUUID(), source: 'domain.kitchen' },
  );
}

const itemSelect = { ...DISH_FIELDS, restaurantId: true } satisfies Prisma.MenuItemSelect;

/** Changes what customers can buy of one dish, and tells open menus. */
async function updateDish(
  tx: PrismaTransaction,
  actor: Actor,
  menuItemId: string,
  data: { stock?: number; isAvailable?: boolean },
) {
  await ownItem(tx, actor, menuItemId);
  const item = await tx.menuItem.update({ where: { id: menuItemId }, data, select: itemSelect });
  await stockChanged(tx, item);
  return item;
}

export async function setItemStock(
  tx: PrismaTransaction,
  actor: Actor,
  input: z.output<typeof setItemStockInputSchema>,
) {
  return updateDish(tx, actor, input.menuItemId, { stock: input.stock });
}

export async function setItemAvailable(
  tx: PrismaTransaction,
  actor: Actor,
  input: z.output<typeof setItemAvailableInputSchema>,
) {
  return updateDish(tx, actor, input.menuItemId, { isAvailable: input.available });
}

/** Creates a dish (no id) or edits one; a name another dish of the menu has is refused. */
export async function saveMenuItem(
  tx: PrismaTransaction,
  actor: Actor,
  input: z.output<typeof saveMenuItemInputSchema>,
) {
  const { id, restaurantId: requested, stock, ...fields } = input;
  try {
    if (id) {
      const existing = await ownItem(tx, actor, id);
      const item = await tx.menuItem.update({
        where: { id },
        data: { ...fields, ...(stock !== undefined ? { stock } : {}) },
        select: itemSelect,
      });
      if (stock !== undefined || fields.isAvailable !== undefined) await stockChanged(tx, item);
      return { ...item, restaurantId: existing.restaurantId };
    }
    const restaurantId = restaurantActedOn(actor, requested);
    const restaurant = await tx.restaurant.findUnique({
      where: { id: restaurantId },
      select: { slug: true, _count: { select: { menuItems: true } } },
    });
    if (!restaurant) throw new DomainError('NOT_FOUND', 'We could not find that restaurant.');
    const item = await tx.menuItem.create({
      data: {
        ...fields,
        stock: stock ?? 0,
        restaurantId,
        imageUrl: `/images/menu/${restaurant.slug}/${slugify(fields.name, 'dish')}.svg`,
        sortOrder: restaurant._count.menuItems + 1,
      },
      select: itemSelect,
    });
    await stockChanged(tx, item);
    return item;
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new DomainError('INVALID_REQUEST', `“${fields.name}” is already on the menu.`);
    }
    throw error;
  }
}

export async function setRestaurantOpen(
  tx: PrismaTransaction,
  actor: Actor,
  input: z.output<typeof setOpenInputSchema>,
) {
  const restaurantId = restaurantActedOn(actor, input.restaurantId);
  const updated = await tx.restaurant.updateManyAndReturn({
    where: { id: restaurantId },
    data: { isOpen: input.open },
    select: { id: true, isOpen: true },
  });
  if (!updated[0]) throw new DomainError('NOT_FOUND', 'We could not find that restaurant.');
  return updated[0];
}

/** Replaces the whole week: what the console shows is what is stored. */
export async function setOpeningHours(
  tx: PrismaTransaction,
  actor: Actor,
  input: z.output<typeof setOpeningHoursInputSchema>,
) {
  const restaurantId = restaurantActedOn(actor, input.restaurantId);
  const exists = await tx.restaurant.findUnique({
    where: { id: restaurantId },
    select: { id: true },
  });
  if (!exists) throw new DomainError('NOT_FOUND', 'We could not find that restaurant.');
  await tx.openingHours.deleteMany({ where: { restaurantId } });
  const intervals = input.hours.map(toInterval);
  await tx.openingHours.createMany({ data: intervals.map((h) => ({ ...h, restaurantId })) });
  return { restaurantId, hours: intervals };
}
