// `@tiffin/domain/client-safe` is what the browser imports, so nothing it loads may be
// server-only. Lint sees only each file's own imports; the walk follows every chain to the end.
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { walkImports } from '@tiffin/stack/testing';

const DOMAIN_SRC = import.meta.dirname;

describe('@tiffin/domain/client-safe', () => {
  const entry = path.join(DOMAIN_SRC, 'client-safe.ts');

  it('reaches no server-only module', () => {
    expect(walkImports(entry).serverOnly).toEqual([]);
  });

  it('is walked to the end: the order and catalog rules it re-exports are reached', () => {
    const { reached } = walkImports(entry);
    expect(reached).toEqual(
      expect.arrayContaining([
        'packages/domain/src/orders/order-input.ts',
        'packages/domain/src/catalog/restaurant-input.ts',
        'packages/domain/src/users/dev-tools-access.ts',
      ]),
    );
  });

  it("would notice: the package's server entry is named with its chain to Prisma's client", () => {
    const { serverOnly } = walkImports(path.join(DOMAIN_SRC, 'index.ts'));
    expect(serverOnly).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^packages\/domain\/src\/index\.ts → .* → packages\/db\/src\/generated\/prisma\/client\.ts$/,
        ),
      ]),
    );
  });
});
