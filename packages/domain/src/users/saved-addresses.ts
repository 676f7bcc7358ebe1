// A person's saved delivery addresses: at most MAX_SAVED_ADDRESSES, labels unique per person.
// Adding locks the person's row first, so two adds racing for the last place have one winner.
import type { Db } from '@tiffin/db';
import { Prisma } from '@tiffin/db';

import type {
  AddSavedAddressInput,
  RemoveSavedAddressInput,
  UpdateSavedAddressInput,
} from './saved-address-input';
import { DomainError } from '../errors';
import { MAX_SAVED_ADDRESSES } from './saved-address-input';

export interface SavedAddressView {
  id: string;
  label: string;
  address: string;
  lat: number;
  lng: number;
}

const savedAddressSelect = { id: true, label: true, address: true, lat: true, lng: true } as const;

function labelTaken(label: string): DomainError {
  return new DomainError('INVALID_REQUEST', `You already have an address called “${label}”.`);
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

export async function listSavedAddresses(db: Db, userId: string): Promise<SavedAddressView[]> {
  return db.savedAddress.findMany({
    where: { userId },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: savedAddressSelect,
  });
}

export async function addSavedAddress(
  db: Db,
  userId: string,
  input: AddSavedAddressInput,
): Promise<SavedAddressView> {
  try {
    return await db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM "User" WHERE id = ${userId}::uuid FOR UPDATE`;
      const count = await tx.savedAddress.count({ where: { userId } });
      if (count >= MAX_SAVED_ADDRESSES) {
        throw new DomainError(
          'ADDRESS_LIMIT',
          `You can save up to ${MAX_SAVED_ADDRESSES} addresses. Delete one to add another.`,
          { limit: MAX_SAVED_ADDRESSES },
        );
      }
      return tx.savedAddress.create({
        data: {
          userId,
          label: input.label,
          address: input.address,
          lat: input.location.lat,
          lng: input.location.lng,
        },
        select: savedAddressSelect,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw labelTaken(input.label);
    throw error;
  }
}

export async function updateSavedAddress(
  db: Db,
  userId: string,
  input: UpdateSavedAddressInput,
): Promise<SavedAddressView> {
  try {
    const updated = await db.savedAddress.updateManyAndReturn({
      where: { id: input.id, userId },
      data: {
        ...(input.label !== undefined ? { label: input.label } : {}),
        ...(input.address !== undefined ? { address: input.address } : {}),
        ...(input.location ? { lat: input.location.lat, lng: input.location.lng } : {}),
      },
      select: savedAddressSelect,
    });
    const [row] = updated;
    if (!row) throw new DomainError('NOT_FOUND', 'That is not one of your addresses.');
    return row;
  } catch (error) {
    if (isUniqueViolation(error)) throw labelTaken(input.label ?? '');
    throw error;
  }
}

export async function removeSavedAddress(
  db: Db,
  userId: string,
  input: RemoveSavedAddressInput,
): Promise<{ removed: true }> {
  const removed = await db.savedAddress.deleteMany({ where: { id: input.id, userId } });
  if (removed.count === 0) throw new DomainError('NOT_FOUND', 'That is not one of your addresses.');
  return { removed: true };
}
