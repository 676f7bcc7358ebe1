// Prisma CLI config. Only `prisma generate` runs here; migrations are applied by our
// own offline applier (packages/db/src/migrations), because `prisma migrate` needs a
// native engine that cannot be downloaded on our machines.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
