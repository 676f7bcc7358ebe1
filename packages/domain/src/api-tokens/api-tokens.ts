// Personal access tokens: a person creates one for a script or an outside app and sees it once;
// only its SHA-256 is stored, so the table alone grants nothing. A token acts as its owner with
// the owner's current role, and stops working once revoked, expired, or the owner is disabled.
import { createHash, randomBytes } from 'node:crypto';

import type { Db, PrismaTransaction } from '@tiffin/db';
import type { Role } from '@tiffin/db/enums';

import type { Actor } from '../authority/actor';
import type { CreateTokenInput, RevokeTokenInput } from './token-input';
import { DomainError } from '../errors';

/** Every token starts with this, so secret scanners and people recognise one. */
export const TOKEN_PREFIX = 'tfn_';
/** 32 random bytes: guessing one is hopeless, so a plain hash (no salt, no slow KDF) suffices. */
const TOKEN_BYTES = 32;
/** How much of the token lists show: the prefix and four characters. */
const SHOWN_CHARACTERS = TOKEN_PREFIX.length + 4;
/** Live (unrevoked, unexpired) tokens one person may hold at once. */
export const MAX_LIVE_TOKENS_PER_USER = 20;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The stored form of a token: hex SHA-256. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Whether a string has a token's shape (cheap to check before any lookup). */
export function looksLikeToken(value: string): boolean {
  return (
    value.startsWith(TOKEN_PREFIX) && /^[A-Za-z0-9_-]{43}$/.test(value.slice(TOKEN_PREFIX.length))
  );
}

const listedSelect = {
  id: true,
  name: true,
  prefix: true,
  createdAt: true,
  lastUsedAt: true,
  expiresAt: true,
  revokedAt: true,
} as const;

function personOf(actor: Actor, doing: string): string {
  if (actor.kind !== 'person') throw new DomainError('FORBIDDEN', `Sign in to ${doing}.`);
  return actor.userId;
}

/**
 * Creates a token for the signed-in person and returns it in full, the only time it is shown.
 * The owner's row is locked first, so two concurrent creations cannot both pass the cap.
 */
export async function createApiToken(tx: PrismaTransaction, actor: Actor, input: CreateTokenInput) {
  const userId = personOf(actor, 'create a token');
  await tx.$queryRaw`SELECT id FROM "User" WHERE id = ${userId}::uuid FOR UPDATE`;
  const now = new Date();
  const live = await tx.apiToken.count({
    where: { userId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
  });
  if (live >= MAX_LIVE_TOKENS_PER_USER) {
    throw new DomainError(
      'INVALID_REQUEST',
      `You already have ${MAX_LIVE_TOKENS_PER_USER} tokens; revoke one you no longer use first.`,
    );
  }
  const token = TOKEN_PREFIX + randomBytes(TOKEN_BYTES).toString('base64url');
  const created = await tx.apiToken.create({
    data: {
      userId,
      name: input.name,
      tokenHash: hashToken(token),
      prefix: token.slice(0, SHOWN_CHARACTERS),
      expiresAt: input.expiresInDays
        ? new Date(now.getTime() + input.expiresInDays * DAY_MS)
        : null,
    },
    select: listedSelect,
  });
  return { ...created, token };
}

/** The person's tokens, newest first, without their secrets. */
export async function listApiTokens(db: Db | PrismaTransaction, actor: Actor) {
  const userId = personOf(actor, 'see your tokens');
  return db.apiToken.findMany({
    where: { userId },
    orderBy: { createdAt: 'desc' },
    select: listedSelect,
    take: 200,
  });
}

/** Revokes one of the person's own tokens; revoking it again changes nothing. */
export async function revokeApiToken(tx: PrismaTransaction, actor: Actor, input: RevokeTokenInput) {
  const userId = personOf(actor, 'revoke a token');
  await tx.apiToken.updateMany({
    where: { id: input.id, userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  const token = await tx.apiToken.findFirst({
    where: { id: input.id, userId },
    select: listedSelect,
  });
  // Someone else's token is reported as missing, so ids of others' tokens cannot be probed.
  if (!token) throw new DomainError('NOT_FOUND', 'There is no such token among yours.');
  return token;
}

/** Who a presented token acts for, or why it does not: one indexed query by its hash. */
export type TokenResolution =
  | {
      ok: true;
      tokenId: string;
      user: { id: string; email: string; name: string; role: Role; restaurantId: string | null };
    }
  | { ok: false; reason: 'unknown' | 'revoked' | 'expired' | 'disabled' };

/** Why a presented token is refused. */
export type TokenRefusal = Extract<TokenResolution, { ok: false }>['reason'];

export async function resolveApiToken(
  db: Db,
  token: string,
  now = new Date(),
): Promise<TokenResolution> {
  if (!looksLikeToken(token)) return { ok: false, reason: 'unknown' };
  const found = await db.apiToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      revokedAt: true,
      expiresAt: true,
      user: {
        select: {
          id: true,
          email: true,
          name: true,
          role: true,
          restaurantId: true,
          disabledAt: true,
        },
      },
    },
  });
  if (!found) return { ok: false, reason: 'unknown' };
  if (found.revokedAt) return { ok: false, reason: 'revoked' };
  if (found.expiresAt && found.expiresAt <= now) return { ok: false, reason: 'expired' };
  if (found.user.disabledAt) return { ok: false, reason: 'disabled' };
  const { id, email, name, role, restaurantId } = found.user;
  return { ok: true, tokenId: found.id, user: { id, email, name, role, restaurantId } };
}

/** Records when a token was last used; callers throttle this so it is not a write per request. */
export async function touchApiToken(db: Db, tokenId: string, at = new Date()): Promise<void> {
  await db.apiToken.updateMany({ where: { id: tokenId }, data: { lastUsedAt: at } });
}

/** The message a refused token's caller reads. */
export function tokenRefusalMessage(reason: TokenRefusal): string {
  switch (reason) {
    case 'unknown':
      return 'This API token is not valid. Check it, or create a new one on your account page.';
    case 'revoked':
      return 'This API token has been revoked. Create a new one on your account page.';
    case 'expired':
      return 'This API token has expired. Create a new one on your account page.';
    case 'disabled':
      return 'The account this API token belongs to is disabled.';
  }
}
