// What the browser may import, proven: no client component reaches server-only code through any
// chain of imports. Lint only sees a file's own imports; this follows them all the way down.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';

import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const WEB_SRC = path.join(ROOT, 'apps/web/src');

/** Packages that only run on a server: a database driver, Redis, hashing, logging, metrics. */
const SERVER_PACKAGES = [
  '@prisma/client',
  'pg',
  'ioredis',
  '@node-rs/argon2',
  'pino',
  'prom-client',
];

/** Server-only files of our own: Prisma's generated client (enums.ts is pure) and the web server. */
const SERVER_FILES = [
  /^packages\/db\/src\/generated\/prisma\/(client\.ts|internal\/)/,
  /^apps\/web\/src\/server\//,
];

const CODE = ['.ts', '.tsx', '.js', '.mjs'];

/** Each workspace package's name → its folder and its package.json "exports". */
function workspacePackages(): Map<string, { dir: string; exports: Record<string, string> }> {
  const found = new Map<string, { dir: string; exports: Record<string, string> }>();
  for (const group of ['apps', 'packages', 'tooling']) {
    for (const name of readdirSync(path.join(ROOT, group))) {
      const file = path.join(ROOT, group, name, 'package.json');
      if (!existsSync(file)) continue;
      const json = JSON.parse(readFileSync(file, 'utf8')) as {
        name: string;
        exports?: Record<string, string>;
      };
      found.set(json.name, { dir: path.dirname(file), exports: json.exports ?? {} });
    }
  }
  return found;
}

const packages = workspacePackages();

const importsOf = new Map<string, string[]>();

/** The modules a file loads at run time: `import type`, `export type` and all-type imports don't. */
function runtimeImports(file: string): string[] {
  const known = importsOf.get(file);
  if (known) return known;
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const specifiers: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const onlyTypes =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (!clause.name &&
            named !== undefined &&
            ts.isNamedImports(named) &&
            named.elements.length > 0 &&
            named.elements.every((e) => e.isTypeOnly)));
      if (!onlyTypes) specifiers.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      const clause = node.exportClause;
      const onlyTypes =
        node.isTypeOnly ||
        (clause !== undefined &&
          ts.isNamedExports(clause) &&
          clause.elements.length > 0 &&
          clause.elements.every((e) => e.isTypeOnly));
      if (!onlyTypes && ts.isStringLiteral(node.moduleSpecifier)) {
        specifiers.push(node.moduleSpecifier.text);
      }
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] !== undefined &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      specifiers.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  importsOf.set(file, specifiers);
  return specifiers;
}

function resolveFile(base: string): string | null {
  const candidates = [
    base,
    ...CODE.map((ext) => base + ext),
    ...CODE.map((ext) => path.join(base, `index${ext}`)),
  ];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile()) ?? null;
}

type Target = { file: string } | { external: string };

/** Where a specifier leads: a file of ours, or a package we don't walk into. */
function resolve(specifier: string, from: string): Target {
  if (specifier.startsWith('.')) {
    const file = resolveFile(path.resolve(path.dirname(from), specifier));
    if (!file) throw new Error(`${relative(from)}: cannot resolve ${specifier}`);
    return { file };
  }
  const [scope = '', name = '', ...rest] = specifier.split('/');
  const packageName = scope.startsWith('@') ? `${scope}/${name}` : scope;
  const workspace = packages.get(packageName);
  if (!workspace) return { external: specifier };
  const subpath = ['.', ...(scope.startsWith('@') ? rest : [name, ...rest])]
    .filter(Boolean)
    .join('/');
  const target = workspace.exports[subpath];
  if (!target) throw new Error(`${relative(from)}: ${specifier} is not in its package's exports`);
  return { file: path.join(workspace.dir, target) };
}

function relative(file: string): string {
  return path.relative(ROOT, file).split(path.sep).join('/');
}

function isServerOnly(target: Target): boolean {
  if ('file' in target) return SERVER_FILES.some((pattern) => pattern.test(relative(target.file)));
  const spec = target.external;
  return (
    spec.startsWith('node:') ||
    isBuiltin(spec) ||
    spec.startsWith('@prisma/') ||
    SERVER_PACKAGES.some((name) => spec === name || spec.startsWith(`${name}/`))
  );
}

interface Walk {
  /** Every module of ours that `entry` loads at run time, itself included. */
  reached: string[];
  /** Each way to server-only code, as "a → b → module" (the shortest chain to each importer). */
  serverOnly: string[];
}

function walk(entry: string): Walk {
  const parent = new Map<string, string | null>([[entry, null]]);
  const chainTo = (file: string): string[] => {
    const up = parent.get(file);
    return [...(up ? chainTo(up) : []), relative(file)];
  };
  const serverOnly = new Set<string>();
  const queue = [entry];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    // Stylesheets and other assets load nothing further.
    if (!CODE.includes(path.extname(file))) continue;
    for (const specifier of runtimeImports(file)) {
      const target = resolve(specifier, file);
      if (isServerOnly(target)) {
        const last = 'file' in target ? relative(target.file) : target.external;
        serverOnly.add([...chainTo(file), last].join(' → '));
      } else if ('file' in target && !parent.has(target.file)) {
        parent.set(target.file, file);
        queue.push(target.file);
      }
    }
  }
  return { reached: [...parent.keys()].map(relative), serverOnly: [...serverOnly] };
}

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
    expect(clientComponents.map(relative)).toEqual(
      expect.arrayContaining([
        'apps/web/src/app/providers.tsx',
        'apps/web/src/components/cart-provider.tsx',
      ]),
    );
  });

  it.each(clientComponents.map((file) => [relative(file), file]))(
    '%s reaches no server-only module',
    (_name, file) => {
      expect(walk(file).serverOnly).toEqual([]);
    },
  );

  it('sees through packages: the checkout form reaches the shared rules in @tiffin/domain', () => {
    const { reached } = walk(path.join(WEB_SRC, 'app/cart/checkout-form.tsx'));
    expect(reached).toContain('packages/domain/src/client-safe.ts');
    expect(reached).toContain('packages/domain/src/orders/order-input.ts');
  });

  it('would notice: a server component reaching src/server is named with its chain', () => {
    const { serverOnly } = walk(path.join(WEB_SRC, 'app/layout.tsx'));
    expect(serverOnly).toContain('apps/web/src/app/layout.tsx → apps/web/src/server/auth.ts');
  });
});
