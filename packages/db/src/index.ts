// @tiffin/db: data access only. The Prisma client factory and its types, and password hashing
// (the seed needs it, and it is a primitive, not a rule). Business rules live in @tiffin/domain.
export { createDb } from './client';
export type { Db, DbOptions, PrismaTransaction } from './client';
export { Prisma, PrismaClient } from './generated/prisma/client';
export type { DeliveryStatus, OrderStatus, Role } from './generated/prisma/enums';
export { hashPassword, verifyPassword } from './passwords';
export { isDatabaseUnavailable } from './availability';
