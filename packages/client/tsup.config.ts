// Builds @tiffin/client: ESM JavaScript, and one .d.ts with the router's types bundled in (the
// server's own packages are inlined; only the tRPC and superjson peers and zod stay imports), so an
// outside project compiles no server source and needs no Prisma client.
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  target: 'es2020',
  platform: 'neutral',
  clean: true,
  sourcemap: false,
  external: ['@trpc/client', '@trpc/server', 'superjson', 'zod'],
  dts: {
    entry: 'src/index.ts',
    // The workspace packages are mapped to their sources, so their types are inlined, not imported.
    compilerOptions: {
      incremental: false,
      allowImportingTsExtensions: true,
      paths: {
        '@tiffin/api': ['../api/src/index.ts'],
        '@tiffin/domain': ['../domain/src/index.ts'],
        '@tiffin/domain/client-safe': ['../domain/src/client-safe.ts'],
        '@tiffin/db': ['../db/src/index.ts'],
        '@tiffin/db/enums': ['../db/src/generated/prisma/enums.ts'],
        '@tiffin/events': ['../events/src/index.ts'],
        '@tiffin/events/logger': ['../events/src/logger.ts'],
      },
    },
  },
});
