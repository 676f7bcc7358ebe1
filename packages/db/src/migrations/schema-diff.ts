// Prisma's own schema differ, run offline: the schema engine compiled to WebAssembly
// (@prisma/schema-engine-wasm). It writes new migrations and the reference SQL the drift
// test compares the migrated database against, without the native engine.
import type * as SchemaEngineWasm from '@prisma/schema-engine-wasm';
import fs from 'node:fs';
import { createRequire } from 'node:module';

import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';

import { schemaPath } from './paths';

type WasmExports = Record<string, unknown>;
type WasmBindings = typeof SchemaEngineWasm & {
  __wbg_set_wasm(exports: WasmExports): void;
};
// @types/node 20 does not declare the WebAssembly global; this is the one call we make.
const { WebAssembly: wasmApi } = globalThis as unknown as {
  WebAssembly: {
    instantiate(
      bytes: Uint8Array,
      imports: object,
    ): Promise<{ instance: { exports: WasmExports } }>;
  };
};

let bindings: Promise<WasmBindings> | undefined;

/** Loads the wasm module by hand: Node cannot `import` a .wasm file the way a bundler does. */
function loadBindings(): Promise<WasmBindings> {
  bindings ??= (async () => {
    const require = createRequire(import.meta.url);
    const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const glue = (await import(gluePath)) as WasmBindings;
    const wasm = fs.readFileSync(gluePath.replace(/\.js$/, '.wasm'));
    const { instance } = await wasmApi.instantiate(wasm, { './schema_engine_bg.js': glue });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  return bindings;
}

/**
 * SQL that takes a database built from `fromSchema` (or an empty one) to `toSchema`.
 * Both sides are schema files, so nothing is introspected (the engine's introspection of
 * PostgreSQL 18 through the pg adapter fails on `"char"` catalog columns), but the engine
 * still connects to `databaseUrl` to learn the server version: any scratch database will do.
 */
export async function diffSchemas(
  databaseUrl: string,
  fromSchema: string | null,
  toSchema: string,
): Promise<string> {
  const glue = await loadBindings();
  const adapter = bindMigrationAwareSqlAdapterFactory(
    new PrismaPg({ connectionString: databaseUrl }),
  );
  const engine = await glue.SchemaEngine.new(
    { datamodels: [['schema.prisma', toSchema]] },
    () => undefined,
    adapter,
  );
  try {
    const result = await engine.diff({
      from: fromSchema
        ? { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: fromSchema }] }
        : { tag: 'empty' },
      to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: toSchema }] },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    return (result.stdout ?? '').trim();
  } finally {
    engine.free();
  }
}

/** SQL that creates schema.prisma from nothing: the reference the drift test compares against. */
export function schemaCreateSql(databaseUrl: string): Promise<string> {
  return diffSchemas(databaseUrl, null, fs.readFileSync(schemaPath, 'utf8'));
}

/** Whether `sql` is the engine's way of saying "nothing to do". */
export function isEmptyMigration(sql: string): boolean {
  return sql === '' || sql === '-- This is an empty migration.';
}
