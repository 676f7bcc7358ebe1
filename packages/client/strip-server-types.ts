// Second step of the .d.ts build (after tsup bundles the router's types): the server's request
// context is the one place the router's types mention the database client and Redis, and a client
// never sees it. Those two become opaque types, then rollup-plugin-dts drops every declaration
// nothing references any more (the whole Prisma client), so the published .d.ts imports only the
// tRPC and superjson peers and zod (a few outputs are typed as `z.infer` of the server's schemas).
// The build fails if anything else is still imported.
import fs from 'node:fs';
import path from 'node:path';

import { rollup } from 'rollup';
import { dts } from 'rollup-plugin-dts';

const dist = path.join(import.meta.dirname, 'dist');
const bundled = path.join(dist, 'index.d.ts');
const staged = path.join(dist, 'server-types.d.ts');
const PEERS = ['@trpc/client', '@trpc/server', 'superjson', 'zod'];

const SERVER_ONLY: [RegExp, string][] = [
  [
    /^interface TRPCContext \{[\s\S]*?^\}$/m,
    "interface TRPCContext {\n    readonly __serverOnly: 'request context';\n}",
  ],
  [/^type Db = PrismaClient;$/m, "type Db = { readonly __serverOnly: 'database client' };"],
  [
    /^import \{ Redis, Cluster \} from 'ioredis';$/m,
    "type Redis = { readonly __serverOnly: 'redis connection' };\ntype Cluster = Redis;",
  ],
  // How a procedure is described as REST matters to the server's document, never to a client.
  [
    /^import \{ OpenApiMeta \} from 'trpc-to-openapi';$/m,
    "type OpenApiMeta = { openapi?: { readonly __serverOnly: 'REST description' } };",
  ],
  // Declaration emit names the domain's module by a path that only exists in the monorepo; the
  // bundle declares the type itself (the client exports it).
  [/^import \* as src from 'src';$/m, ''],
  [/\bsrc\.DomainErrorData\b/g, 'DomainErrorData'],
];

let source = fs.readFileSync(bundled, 'utf8');
for (const [pattern, replacement] of SERVER_ONLY) {
  if (!pattern.test(source))
    throw new Error(`strip-server-types: ${pattern} not found in the bundle`);
  source = source.replace(pattern, replacement);
}
fs.writeFileSync(staged, source);

const bundle = await rollup({
  input: staged,
  plugins: [dts()],
  external: (id) => PEERS.some((peer) => id === peer || id.startsWith(`${peer}/`)),
});
await bundle.write({ file: bundled, format: 'es' });
await bundle.close();
fs.rmSync(staged);

const result = fs.readFileSync(bundled, 'utf8');
const imported = [...result.matchAll(/from '([^']+)'/g)].map((m) => m[1]!);
const strays = imported.filter((id) => !PEERS.some((p) => id === p || id.startsWith(`${p}/`)));
if (strays.length > 0) {
  throw new Error(`strip-server-types: the .d.ts still imports ${[...new Set(strays)].join(', ')}`);
}
console.log(
  `dist/index.d.ts: ${(result.length / 1024).toFixed(1)} KiB, imports ${[...new Set(imported)].join(', ')}`,
);
