// Client components run in the browser, so nothing they load may be server-only. Lint sees only
// each file's own imports; the walk follows every chain to the end.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import ts from 'typescript';
import { describe, expect, it } from 'vitest';

import { repoRelative, repoRoot, walkImports } from '@tiffin/stack/testing';

const WEB_SRC = path.join(repoRoot, 'apps/web/src');

function isClientComponent(file: string): boolean {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const first = source.statements[0];
  return (
    first !== undefined &&
    ts.isExpressionStatement(first) &&
    ts.isStringLiteral(first.expression) &&
    first.expression.text === 'use client'
  );
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

const clientComponents = sourceFiles(WEB_SRC).filter(isClientComponent);

describe('what client components import', () => {
  it('finds the client components', () => {
    // The providers, the cart and the header are client components; none found means a broken walk.
    expect(clientComponents.map(repoRelative)).toEqual(
      expect.arrayContaining([
        'apps/web/src/app/providers.tsx',
        'apps/web/src/components/cart-provider.tsx',
      ]),
    );
  });

  it.each(clientComponents.map((file) => [repoRelative(file), file]))(
    '%s reaches no server-only module',
    (_name, file) => {
      expect(walkImports(file).serverOnly).toEqual([]);
    },
  );

  it('sees through packages: the checkout form reaches the shared rules in @tiffin/domain', () => {
    const { reached } = walkImports(path.join(WEB_SRC, 'app/cart/checkout-form.tsx'));
    expect(reached).toContain('packages/domain/src/client-safe.ts');
    expect(reached).toContain('packages/domain/src/orders/order-input.ts');
  });

  it('would notice: a server component reaching src/server is named with its chain', () => {
    const { serverOnly } = walkImports(path.join(WEB_SRC, 'app/layout.tsx'));
    expect(serverOnly).toContain('apps/web/src/app/layout.tsx → apps/web/src/server/auth.ts');
  });
});
