// Following a file's run-time imports to the end, across our packages' "exports", to find what
// the browser would load: lint sees only each file's own imports, this sees every chain. The
// client-safe entry and the web app's client components are both checked with it.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';

import ts from 'typescript';

const ROOT = path.resolve(import.meta.dirname, '../../../..');

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
/** An "exports" entry: a path, or conditions (`types`, `import`…) naming one per condition. */
type ExportTarget = string | Record<string, string>;

function workspacePackages(): Map<string, { dir: string; exports: Record<string, ExportTarget> }> {
  const found = new Map<string, { dir: string; exports: Record<string, ExportTarget> }>();
  for (const group of ['apps', 'packages', 'tooling']) {
    for (const name of readdirSync(path.join(ROOT, group))) {
      const file = path.join(ROOT, group, name, 'package.json');
      if (!existsSync(file)) continue;
      const json = JSON.parse(readFileSync(file, 'utf8')) as {
        name: string;
        exports?: Record<string, ExportTarget>;
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
    if (!file) throw new Error(`${repoRelative(from)}: cannot resolve ${specifier}`);
    return { file };
  }
  const [scope = '', name = '', ...rest] = specifier.split('/');
  const packageName = scope.startsWith('@') ? `${scope}/${name}` : scope;
  const workspace = packages.get(packageName);
  if (!workspace) return { external: specifier };
  const subpath = ['.', ...(scope.startsWith('@') ? rest : [name, ...rest])]
    .filter(Boolean)
    .join('/');
  const entry = workspace.exports[subpath];
  // A built package (@tiffin/client) names its run-time file under the `import` condition.
  const target = typeof entry === 'string' ? entry : (entry?.import ?? entry?.default);
  if (!target)
    throw new Error(`${repoRelative(from)}: ${specifier} is not in its package's exports`);
  return { file: path.join(workspace.dir, target) };
}

/** A path from the repository root, with forward slashes, as the walk reports them. */
export function repoRelative(file: string): string {
  return path.relative(ROOT, file).split(path.sep).join('/');
}

function isServerOnly(target: Target): boolean {
  if ('file' in target)
    return SERVER_FILES.some((pattern) => pattern.test(repoRelative(target.file)));
  const spec = target.external;
  return (
    spec.startsWith('node:') ||
    isBuiltin(spec) ||
    spec.startsWith('@prisma/') ||
    SERVER_PACKAGES.some((name) => spec === name || spec.startsWith(`${name}/`))
  );
}

export interface ImportWalk {
  /** Every module of ours that `entry` loads at run time, itself included. */
  reached: string[];
  /** Each way to server-only code, as "a → b → module" (the shortest chain to each importer). */
  serverOnly: string[];
}

/** Every module `entry` loads at run time, and each chain that ends in server-only code. */
export function walkImports(entry: string): ImportWalk {
  const parent = new Map<string, string | null>([[entry, null]]);
  const chainTo = (file: string): string[] => {
    const up = parent.get(file);
    return [...(up ? chainTo(up) : []), repoRelative(file)];
  };
  const serverOnly = new Set<string>();
  const queue = [entry];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    // Stylesheets and other assets load nothing further.
    if (!CODE.includes(path.extname(file))) continue;
    for (const specifier of runtimeImports(file)) {
      const target = resolve(specifier, file);
      if (isServerOnly(target)) {
        const last = 'file' in target ? repoRelative(target.file) : target.external;
        serverOnly.add([...chainTo(file), last].join(' → '));
      } else if ('file' in target && !parent.has(target.file)) {
        parent.set(target.file, file);
        queue.push(target.file);
      }
    }
  }
  return { reached: [...parent.keys()].map(repoRelative), serverOnly: [...serverOnly] };
}
