// The Docker deployment, validated statically: our machines have no Docker engine (and the client
// has no compose plugin), so nothing here builds an image or starts a container. Instead:
// - docker-compose.yml passes dclint (and `docker-compose config` where Debian's 1.29 is
//   installed), and has the services, dependencies, volumes and profiles the stack needs;
// - both Dockerfiles pass dockerfilelint and dockerfile-utils, and every npm script, workspace,
//   file and build output they name exists (and is not dropped by .dockerignore);
// - every variable the apps' env.ts schemas read is set for the matching compose service and
//   documented in .env.example, whose commented-out values are the apps' real defaults;
// - Prometheus and Grafana are wired to the real endpoints, token and metric names;
// - the README tells how to run it, and that it is not run in our CI.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

import { parseEnv as parseWebEnv } from '@tiffin/web/env';
import { parseEnv as parseWorkerEnv } from '@tiffin/worker/env';

const root = path.resolve(import.meta.dirname, '..');
const read = (rel: string) => fs.readFileSync(path.join(root, rel), 'utf8');
const exists = (rel: string) => fs.existsSync(path.join(root, rel));

// ---------------------------------------------------------------------------------------------
// The files under test

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  container_name?: string;
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string | number | boolean | null>;
  ports?: string[];
  volumes?: string[];
  command?: string | string[];
  entrypoint?: string | string[];
  working_dir?: string;
  healthcheck?: { test: string | string[] };
  profiles?: string[];
}
interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

const COMPOSE_FILE = 'docker-compose.yml';
const composeText = read(COMPOSE_FILE);
const compose = parseYaml(composeText) as ComposeFile;
const service = (name: string): ComposeService => {
  const found = compose.services[name];
  if (!found) throw new Error(`${COMPOSE_FILE} has no service "${name}"`);
  return found;
};
const environmentOf = (name: string) => service(name).environment ?? {};

interface PackageJson {
  name: string;
  scripts?: Record<string, string>;
  workspaces?: string[];
}
const readJson = <T>(rel: string) => JSON.parse(read(rel)) as T;
const rootPackage = readJson<PackageJson>('package.json');

/** Workspace name -> folder, from the root package.json's `workspaces` globs (`dir/*`). */
const workspaces = new Map<string, string>();
for (const pattern of rootPackage.workspaces ?? []) {
  const parent = pattern.replace(/\/\*$/, '');
  for (const entry of fs.readdirSync(path.join(root, parent))) {
    const manifest = path.posix.join(parent, entry, 'package.json');
    if (exists(manifest))
      workspaces.set(readJson<PackageJson>(manifest).name, `${parent}/${entry}`);
  }
}

interface LockPackage {
  version?: string;
  dev?: boolean;
  devOptional?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  os?: string[];
}
const lockPackages = readJson<{ packages: Record<string, LockPackage> }>(
  'package-lock.json',
).packages;

// ---------------------------------------------------------------------------------------------
// .dockerignore, with Docker's rules: patterns are anchored at the context root, `*` and `?`
// stay inside one path segment, `**` spans any number, `!` re-includes, the last match wins,
// and a pattern that matches a folder excludes everything in it.

function globToRegExp(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      const slash = pattern[i + 2] === '/';
      out += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

const ignoreRules = read('.dockerignore')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'))
  .map((line) => {
    const negated = line.startsWith('!');
    const pattern = path.posix.normalize(negated ? line.slice(1) : line).replace(/^\/+/, '');
    return { negated, re: globToRegExp(pattern) };
  });

function isDockerIgnored(rel: string): boolean {
  const parts = path.posix.normalize(rel).split('/');
  const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  let ignored = false;
  for (const rule of ignoreRules) {
    if (candidates.some((candidate) => rule.re.test(candidate))) ignored = !rule.negated;
  }
  return ignored;
}

// ---------------------------------------------------------------------------------------------
// Dockerfiles: instructions with continuations joined, grouped into stages.

interface Instruction {
  keyword: string;
  args: string;
  line: number;
}
interface Stage {
  name: string;
  from: string;
  instructions: Instruction[];
}

function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  let pending = '';
  let startLine = 0;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trimEnd();
    const trimmed = line.trim();
    // Comments and blank lines are dropped, also inside a continued instruction.
    if (trimmed === '' || trimmed.startsWith('#')) return;
    if (pending === '') startLine = index + 1;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      return;
    }
    const full = `${pending}${trimmed}`;
    pending = '';
    const match = /^(\w+)\s+(.*)$/s.exec(full);
    if (!match) throw new Error(`Dockerfile line ${startLine}: cannot parse "${full}"`);
    const instruction = { keyword: match[1]!.toUpperCase(), args: match[2]!, line: startLine };
    if (instruction.keyword === 'FROM') {
      const from = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args);
      if (!from) throw new Error(`Dockerfile line ${startLine}: bad FROM "${instruction.args}"`);
      stages.push({ from: from[1]!, name: from[2] ?? String(stages.length), instructions: [] });
    } else {
      const current = stages.at(-1);
      if (!current) throw new Error(`Dockerfile line ${startLine}: instruction before FROM`);
      current.instructions.push(instruction);
    }
  });
  return stages;
}

/** `COPY [--from=x] [--chown=y] src... dest` (also the JSON form) as flags, sources and dest. */
function parseCopy(args: string) {
  const words = args.trim().startsWith('[')
    ? (JSON.parse(args) as string[])
    : args.split(/\s+/).filter(Boolean);
  const flags = new Map<string, string>();
  while (words[0]?.startsWith('--')) {
    const [key, value] = words.shift()!.slice(2).split('=');
    flags.set(key!, value ?? '');
  }
  return { flags, sources: words.slice(0, -1), dest: words.at(-1)! };
}

/** Every `npm run <script>` in a command, with the workspace it targets (`-w x`), if any. */
function npmRuns(command: string): { script: string; workspace?: string }[] {
  const found: { script: string; workspace?: string }[] = [];
  for (const segment of command.split(/&&|\|\||;/)) {
    const words = segment.trim().split(/\s+/);
    const at = words.findIndex((word, i) => word === 'npm' && words[i + 1] === 'run');
    if (at < 0) continue;
    const rest = words.slice(at + 2);
    let workspace: string | undefined;
    let script: string | undefined;
    for (let i = 0; i < rest.length; i++) {
      const word = rest[i]!;
      if (word === '-w' || word === '--workspace') workspace = rest[++i];
      else if (word.startsWith('--workspace=')) workspace = word.slice('--workspace='.length);
      else if (word === '--') break;
      else if (!word.startsWith('-') && script === undefined) script = word;
    }
    if (script) found.push({ script, workspace });
  }
  return found;
}

function scriptExists({ script, workspace }: { script: string; workspace?: string }): boolean {
  if (!workspace) return rootPackage.scripts?.[script] !== undefined;
  const dir = workspaces.get(workspace);
  return (
    dir !== undefined &&
    readJson<PackageJson>(`${dir}/package.json`).scripts?.[script] !== undefined
  );
}

// ---------------------------------------------------------------------------------------------
// The two app images

const APPS = [
  {
    service: 'web',
    workspace: '@tiffin/web',
    dockerfile: 'apps/web/Dockerfile',
    entry: 'server.ts',
    portVar: 'PORT',
    port: 3000,
    envFile: 'apps/web/src/env.ts',
  },
  {
    service: 'worker',
    workspace: '@tiffin/worker',
    dockerfile: 'apps/worker/Dockerfile',
    entry: 'src/main.ts',
    portVar: 'WORKER_HTTP_PORT',
    port: 9464,
    envFile: 'apps/worker/src/env.ts',
  },
] as const;

function runNodeBin(bin: string, args: string[]) {
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules', bin), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const packageVersion = (name: string) =>
  readJson<{ version: string }>(`node_modules/${name}/package.json`).version;

// ---------------------------------------------------------------------------------------------
// Environment: the keys of each app's zod schema, read from the source.

function schemaKeys(envFile: string): string[] {
  const source = read(envFile);
  const start = source.indexOf('const envSchema = z.object({');
  const end = source.indexOf('\n});', start);
  expect(start, `${envFile}: envSchema not found`).toBeGreaterThanOrEqual(0);
  const body = source.slice(start, end);
  return [...body.matchAll(/^\s{2}([A-Z][A-Z0-9_]*)\s*:/gm)].map((m) => m[1]!);
}

/** `.env.example` as active (`KEY=value`) and commented-out (`# KEY=value`) assignments. */
function readEnvExample() {
  const active = new Map<string, string>();
  const commented = new Map<string, string>();
  for (const line of read('.env.example').split('\n')) {
    const match = /^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (!match) continue;
    (match[1] ? commented : active).set(match[2]!, match[3]!.trim());
  }
  return { active, commented, text: read('.env.example') };
}

/**
 * Variables that docker-compose.yml sets itself, so `.env.example` only mentions them (a value in
 * .env would be ignored). Everything else the apps read is a `${VAR...}` from .env.
 */
const SET_BY_COMPOSE: Record<string, string> = {
  DATABASE_URL: 'built from POSTGRES_PASSWORD and the postgres service name',
  REDIS_URL: 'the redis service on the compose network',
  NODE_ENV: 'always production in these images',
  HOST: 'the web listens on 127.0.0.1 by default; in its container on 0.0.0.0',
  PORT: "web's port inside its container; the host port is WEB_PORT",
  WORKER_HTTP_PORT: 'the port inside each worker container that Prometheus scrapes',
  WORKER_HTTP_HOST: 'loopback by default; 0.0.0.0 in the container, for Prometheus',
};

/** Secrets: no default anywhere, compose requires them (`${VAR:?...}`). */
const SECRETS = [
  'POSTGRES_PASSWORD',
  'NEXTAUTH_SECRET',
  'METRICS_TOKEN',
  'GRAFANA_ADMIN_PASSWORD',
  'PAYMENT_WEBHOOK_SECRET',
];

/** Compose's interpolation: $$, ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?err}, ${VAR?err}. */
function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g,
    (whole, name: string | undefined, op: string | undefined, arg: string | undefined) => {
      if (whole === '$$') return '$';
      const raw = vars[name!];
      const missing = op?.startsWith(':') ? !raw : raw === undefined;
      if (op?.endsWith('?') && missing) throw new Error(`required variable ${name}: ${arg}`);
      if (op?.endsWith('-') && missing) return arg ?? '';
      return raw ?? '';
    },
  );
}

function resolvedEnvironment(name: string, vars: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(environmentOf(name)).map(([key, value]) => [
      key,
      interpolate(String(value ?? ''), vars),
    ]),
  );
}

const DUMMY_SECRETS = Object.fromEntries(SECRETS.map((key) => [key, 'ab'.repeat(32)]));

// =============================================================================================

describe('docker-compose.yml', () => {
  it('passes dclint with no error or warning (and docker-compose config, where installed)', () => {
    const dclint = runNodeBin('dclint/bin/dclint.cjs', [COMPOSE_FILE, '--max-warnings', '0']);
    expect(dclint.output, `dclint ${packageVersion('dclint')}`).not.toMatch(/error|warning/i);
    expect(dclint.status, dclint.output).toBe(0);

    // Debian's docker-compose 1.29 is optional: where it is installed it must accept the file
    // with the secrets filled in, and refuse it, naming the secret, with .env.example as it is.
    const dockerCompose = spawnSync('docker-compose', ['version', '--short'], { encoding: 'utf8' });
    if (dockerCompose.error) {
      console.info('docker-compose is not installed here: checked with dclint only');
      return;
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tiffin-compose-'));
    try {
      const filled = path.join(dir, 'filled.env');
      const example = readEnvExample();
      fs.writeFileSync(
        filled,
        [...example.active, ...Object.entries(DUMMY_SECRETS)]
          .map(([key, value]) => `${key}=${value}`)
          .join('\n'),
      );
      const config = (envFile: string) =>
        spawnSync(
          'docker-compose',
          ['--env-file', envFile, '--project-directory', root, '-f', COMPOSE_FILE, 'config', '-q'],
          {
            cwd: root,
            encoding: 'utf8',
            env: { PATH: process.env.PATH ?? '', HOME: dir, NODE_ENV: 'test' },
          },
        );
      const ok = config(filled);
      expect(ok.status, `docker-compose config: ${ok.stderr}`).toBe(0);
      const refused = config(path.join(root, '.env.example'));
      expect(refused.status).not.toBe(0);
      expect(refused.stderr).toMatch(
        /set (POSTGRES_PASSWORD|NEXTAUTH_SECRET|METRICS_TOKEN|GRAFANA_ADMIN_PASSWORD) in \.env/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has the stack: postgres and redis with volumes and healthchecks, migrate, web, worker', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      ['grafana', 'migrate', 'postgres', 'prometheus', 'redis', 'web', 'worker'].sort(),
    );
    const volumes = Object.keys(compose.volumes ?? {});

    const postgres = service('postgres');
    expect(postgres.image).toBe('postgres:18');
    expect(postgres.volumes).toContain('postgres-data:/var/lib/postgresql');
    expect(postgres.healthcheck?.test).toBeDefined();

    const redis = service('redis');
    expect(redis.image).toMatch(/^redis:7/);
    expect(redis.command).toEqual(['redis-server', '--appendonly', 'yes']);
    expect(redis.volumes).toContain('redis-data:/data');
    expect(redis.healthcheck?.test).toBeDefined();
    expect(volumes).toEqual(expect.arrayContaining(['postgres-data', 'redis-data']));

    for (const name of ['web', 'worker']) {
      expect(service(name).depends_on, name).toEqual({
        migrate: { condition: 'service_completed_successfully' },
        postgres: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
      });
    }
    // Scalable: no fixed name and no host port to clash between replicas.
    expect(service('worker').container_name).toBeUndefined();
    expect(service('worker').ports).toBeUndefined();

    // Every host port is bound to loopback; every bind mount exists.
    for (const [name, svc] of Object.entries(compose.services)) {
      for (const port of svc.ports ?? []) expect(port, name).toMatch(/^127\.0\.0\.1:/);
      for (const volume of svc.volumes ?? []) {
        const source = volume.split(':')[0]!;
        if (source.startsWith('.')) expect(exists(source), `${name}: ${source}`).toBe(true);
        else expect(volumes, `${name}: volume ${source}`).toContain(source);
      }
    }

    for (const name of ['prometheus', 'grafana']) {
      expect(service(name).profiles, name).toEqual(['observability']);
      expect(service(name).image, name).toMatch(/:v?\d+\.\d+\.\d+$/);
    }
  });

  it('builds web, worker and migrate from the Dockerfiles, and migrate runs the real scripts', () => {
    for (const { service: name, dockerfile } of APPS) {
      expect(service(name).build, name).toEqual({ context: '.', dockerfile });
      expect(exists(dockerfile)).toBe(true);
    }
    const migrate = service('migrate');
    expect(migrate.build).toEqual({ context: '.', dockerfile: 'apps/worker/Dockerfile' });
    expect(migrate.working_dir).toBe('/app');
    expect(migrate.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    const command = [migrate.command ?? []].flat().join(' ');
    const runs = npmRuns(command);
    expect(runs.map((run) => run.script)).toEqual(['db:migrate', 'db:seed']);
    for (const run of runs) expect(scriptExists(run), run.script).toBe(true);
    // The seed (demo users with a published password) runs only when SEED_DEMO_DATA=true.
    expect(command).toMatch(/if \[ "\$\$SEED_DEMO_DATA" = true \]; then npm run db:seed/);
    expect(environmentOf('migrate').SEED_DEMO_DATA).toBe('${SEED_DEMO_DATA:-true}');
  });
});

describe('Dockerfiles', () => {
  it.each(APPS)('$dockerfile passes dockerfilelint and dockerfile-utils', ({ dockerfile }) => {
    const lint = runNodeBin('dockerfilelint/bin/dockerfilelint', ['--json', dockerfile]);
    const report = JSON.parse(lint.output) as {
      totalIssues: number;
      files: { file: string; issues: unknown[] }[];
    };
    expect(report.files.map((file) => file.file)).toEqual([dockerfile]);
    expect(report.files[0]?.issues, `dockerfilelint ${packageVersion('dockerfilelint')}`).toEqual(
      [],
    );
    expect(lint.status).toBe(0);

    const utils = runNodeBin('dockerfile-utils/bin/dockerfile-utils', ['lint', dockerfile]);
    expect(utils.output, `dockerfile-utils ${packageVersion('dockerfile-utils')}`).toBe('');
    expect(utils.status).toBe(0);
  });

  it.each(APPS)('$dockerfile runs npm scripts and installs workspaces that exist', (app) => {
    const stages = parseDockerfile(read(app.dockerfile));
    const runs: { script: string; workspace?: string }[] = [];
    for (const stage of stages) {
      for (const { keyword, args, line } of stage.instructions) {
        if (keyword !== 'RUN') continue;
        for (const run of npmRuns(args)) {
          expect(
            scriptExists(run),
            `line ${line}: npm run ${run.script} ${run.workspace ?? ''}`,
          ).toBe(true);
          runs.push(run);
        }
        for (const match of args.matchAll(/npm ci\b[^&;]*?(?:-w|--workspace)[ =](\S+)/g)) {
          expect(workspaces.has(match[1]!), `line ${line}: workspace ${match[1]}`).toBe(true);
        }
      }
    }
    // The checks above are not vacuous: the steps the images depend on are there.
    expect(runs).toContainEqual({ script: 'db:generate', workspace: undefined });
    if (app.service === 'web') {
      expect(runs).toContainEqual({ script: 'build', workspace: '@tiffin/web' });
      expect(readJson<PackageJson>('apps/web/package.json').scripts?.build).toBe('next build');
    }
    const prodInstall = stages
      .find((stage) => stage.name === 'prod-deps')
      ?.instructions.find((i) => i.keyword === 'RUN' && i.args.startsWith('npm ci'));
    expect(prodInstall?.args).toMatch(new RegExp(`--omit=dev .*-w ${app.workspace}$`));
  });

  it.each(APPS)('$dockerfile copies files that exist and that .dockerignore keeps', (app) => {
    const stages = parseDockerfile(read(app.dockerfile));
    const manifests = [...workspaces.values()].map((dir) => `${dir}/package.json`);
    for (const stage of stages) {
      const copied: string[] = [];
      for (const { keyword, args, line } of stage.instructions) {
        if (keyword !== 'COPY' && keyword !== 'ADD') continue;
        const { flags, sources } = parseCopy(args);
        if (flags.has('from')) continue;
        for (const source of sources) {
          expect(exists(source), `line ${line}: ${source} does not exist`).toBe(true);
          expect(isDockerIgnored(source), `line ${line}: .dockerignore drops ${source}`).toBe(
            false,
          );
          copied.push(source);
        }
      }
      // `npm ci` needs every workspace's manifest to match the lockfile.
      if (copied.includes('package-lock.json')) {
        expect(copied, `stage ${stage.name}`).toEqual(expect.arrayContaining(manifests));
      }
    }
  });

  it.each(APPS)('$dockerfile copies between stages only what those stages produce', (app) => {
    const stages = parseDockerfile(read(app.dockerfile));
    const prismaOutput = /output\s*=\s*"([^"]+)"/.exec(read('prisma/schema.prisma'))?.[1];
    const generated = path.posix.join('prisma', prismaOutput ?? '');
    stages.forEach((stage, index) => {
      const earlier = stages.slice(0, index);
      for (const { keyword, args, line } of stage.instructions) {
        if (keyword !== 'COPY') continue;
        const { flags, sources } = parseCopy(args);
        const from = flags.get('from');
        if (from === undefined) continue;
        const producer = earlier.find((s) => s.name === from);
        expect(producer, `line ${line}: --from=${from} is not an earlier stage`).toBeDefined();
        const producerRuns = producer!.instructions
          .filter((i) => i.keyword === 'RUN')
          .flatMap((i) => npmRuns(i.args));
        for (const source of sources) {
          const rel = path.posix.relative('/app', source);
          if (rel === '') continue; // a whole earlier stage
          if (rel.startsWith('node_modules/')) {
            const inLock = Object.keys(lockPackages).some(
              (key) => key === rel || key.startsWith(`${rel}/`),
            );
            expect(inLock, `line ${line}: ${rel} is not in package-lock.json`).toBe(true);
          } else if (rel === 'packages/db/src/generated') {
            expect(generated.startsWith(`${rel}/`), `schema.prisma output is ${generated}`).toBe(
              true,
            );
            expect(producerRuns).toContainEqual({ script: 'db:generate', workspace: undefined });
          } else if (rel === 'apps/web/.next') {
            expect(producerRuns).toContainEqual({ script: 'build', workspace: '@tiffin/web' });
          } else {
            throw new Error(`line ${line}: no rule says which step produces ${source}`);
          }
        }
      }
    });
  });

  it.each(APPS)('$dockerfile carries tsx and everything it needs at run time', (app) => {
    const stages = parseDockerfile(read(app.dockerfile));
    const prodDeps = stages.find((stage) => stage.name === 'prod-deps');
    const copiedPaths = (prodDeps?.instructions ?? [])
      .filter((i) => i.keyword === 'COPY')
      .map((i) => parseCopy(i.args))
      .filter(({ flags }) => flags.has('from'))
      .flatMap(({ sources }) => sources.map((source) => path.posix.relative('/app', source)));

    // tsx's dependency closure, resolved the way npm lays it out (nested first, then hoisted).
    const resolve = (from: string, name: string) =>
      [`${from}/node_modules/${name}`, `node_modules/${name}`].find((key) => lockPackages[key]);
    const closure = new Set<string>(['node_modules/tsx']);
    const queue = ['node_modules/tsx'];
    while (queue.length > 0) {
      const key = queue.shift()!;
      const entry = lockPackages[key]!;
      const deps = { ...entry.dependencies, ...entry.optionalDependencies };
      for (const name of Object.keys(deps)) {
        const resolved = resolve(key, name);
        const optional = entry.optionalDependencies?.[name] !== undefined;
        if (!resolved) {
          // An optional dependency for another platform is not in the lockfile tree at all.
          expect(optional, `${key} needs ${name}, which package-lock.json lacks`).toBe(true);
          continue;
        }
        // npm skips packages for another OS (fsevents) in a Linux image.
        const os = lockPackages[resolved]!.os;
        if (os && !os.includes('linux')) continue;
        if (!closure.has(resolved)) {
          closure.add(resolved);
          queue.push(resolved);
        }
      }
    }
    expect(closure.size).toBeGreaterThan(1);
    for (const key of closure) {
      const covered = copiedPaths.some((copied) => key === copied || key.startsWith(`${copied}/`));
      const installedForProduction = !lockPackages[key]!.dev && !lockPackages[key]!.devOptional;
      expect(covered || installedForProduction, `${key} does not reach the runtime image`).toBe(
        true,
      );
    }
  });

  it.each(APPS)('$dockerfile runs the app as a non-root production process', (app) => {
    const stages = parseDockerfile(read(app.dockerfile));
    for (const stage of stages) expect(stage.from, stage.name).toBe('node:20-bookworm-slim');
    const runtime = stages.at(-1)!;
    const all = (keyword: string) =>
      runtime.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
    const env = all('ENV').join(' ');
    expect(env).toMatch(/\bNODE_ENV=production\b/);
    if (app.service === 'web') {
      expect(env).toMatch(/\bNEXT_TELEMETRY_DISABLED=1\b/);
      expect(env).toMatch(/\bHOST=0\.0\.0\.0\b/);
    } else {
      expect(env).toMatch(/\bWORKER_HTTP_HOST=0\.0\.0\.0\b/);
    }
    expect(all('USER')).toEqual(['node']);
    expect(all('EXPOSE')).toEqual([String(app.port)]);

    const healthcheck = all('HEALTHCHECK').join(' ');
    expect(healthcheck).toContain(`process.env.${app.portVar}||${app.port}`);
    expect(healthcheck).toContain("'/api/health/live'");
    expect(healthcheck).toMatch(/^--interval=\S+ --timeout=\S+ --retries=\d+ CMD \["node", "-e", /);

    // CMD runs the workspace's entry file from the workspace folder, as its start script does.
    const workdir = all('WORKDIR').at(-1)!;
    const appDir = workspaces.get(app.workspace)!;
    expect(workdir).toBe(`/app/${appDir}`);
    expect(JSON.parse(all('CMD').at(-1)!)).toEqual(['node', '--import', 'tsx', app.entry]);
    const entry = `${appDir}/${app.entry}`;
    expect(exists(entry), entry).toBe(true);
    expect(isDockerIgnored(entry)).toBe(false);
    const start = readJson<PackageJson>(`${appDir}/package.json`).scripts?.start ?? '';
    expect(start).toMatch(new RegExp(`tsx ${app.entry.replace('.', '\\.')}$`));

    // Run time needs the sources, the migrations (readiness checks them) and the tsconfig the
    // app's tsconfig extends (tsx reads it).
    const copied = all('COPY').flatMap((args) => parseCopy(args).sources);
    const extendsPath = (readJson<{ extends: string }>(`${appDir}/tsconfig.json`).extends ?? '')
      .split('/')
      .filter((part) => part !== '..')
      .join('/');
    expect(copied).toEqual(expect.arrayContaining([appDir, 'packages', 'prisma', extendsPath]));
  });

  it('.dockerignore keeps local state, builds and secrets out of the context', () => {
    for (const dropped of [
      'node_modules/next/package.json',
      'apps/web/node_modules/x',
      'apps/web/.next/BUILD_ID',
      '.data/postgres/PG_VERSION',
      '.git/HEAD',
      '.turbo/cache',
      'apps/web/test-results/trace.zip',
      'packages/db/src/generated/prisma/client.ts',
      '.env',
      '.env.local',
      'apps/web/src/server/http-api.integration-test.ts',
    ]) {
      expect(isDockerIgnored(dropped), dropped).toBe(true);
    }
    for (const kept of [
      'package.json',
      'package-lock.json',
      'apps/web/server.ts',
      'apps/web/src/env.ts',
      'packages/db/src/index.ts',
      'packages/domain/src/index.ts',
      'tooling/stack/package.json',
      'prisma/schema.prisma',
    ]) {
      expect(isDockerIgnored(kept), kept).toBe(false);
    }
  });
});

describe('configuration', () => {
  const example = readEnvExample();
  const webKeys = schemaKeys('apps/web/src/env.ts');
  const workerKeys = schemaKeys('apps/worker/src/env.ts');

  it('reads each schema key the apps define (cross-checked with parseEnv)', () => {
    const base = {
      DATABASE_URL: 'postgresql://tiffin:pw@postgres:5432/tiffin',
      REDIS_URL: 'redis://redis:6379',
      NEXTAUTH_SECRET: 'x'.repeat(32),
    };
    // Every key parseEnv returns (all but the optional ones left unset) was found in the source.
    expect(webKeys).toEqual(expect.arrayContaining(Object.keys(parseWebEnv(base))));
    expect(workerKeys).toEqual(expect.arrayContaining(Object.keys(parseWorkerEnv(base))));
    expect(webKeys).toEqual(expect.arrayContaining(['NEXTAUTH_URL', 'METRICS_TOKEN']));
    expect(workerKeys).toContain('METRICS_TOKEN');
  });

  it.each([
    { service: 'web', envFile: 'apps/web/src/env.ts' },
    { service: 'worker', envFile: 'apps/worker/src/env.ts' },
    { service: 'migrate', envFile: 'packages/db/src/{migrations,seed}/cli.ts' },
  ])('every variable $service reads is set in compose and documented in .env.example', (c) => {
    const keys =
      c.service === 'web'
        ? webKeys
        : c.service === 'worker'
          ? workerKeys
          : [
              ...new Set(
                ['packages/db/src/migrations/cli.ts', 'packages/db/src/seed/cli.ts'].flatMap((f) =>
                  [...read(f).matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]!),
                ),
              ),
            ];
    expect(keys.length).toBeGreaterThan(0);
    const environment = environmentOf(c.service);
    for (const key of keys) {
      expect(
        Object.keys(environment),
        `${COMPOSE_FILE}: ${c.service} does not set ${key}`,
      ).toContain(key);
      if (key in SET_BY_COMPOSE) {
        // Only mentioned in .env.example: assigning it there would have no effect.
        expect(example.text, `.env.example does not mention ${key}`).toMatch(
          new RegExp(`\\b${key}\\b`),
        );
        expect(example.active.has(key) || example.commented.has(key), key).toBe(false);
      } else {
        expect(
          example.active.has(key) || example.commented.has(key),
          `.env.example does not declare ${key}`,
        ).toBe(true);
        // The compose value comes from .env (an empty one means "the app's default").
        expect(String(environment[key]), `${c.service}.${key}`).toMatch(
          new RegExp(`^\\$\\{${key}(:[-?][^}]*)?\\}$`),
        );
      }
    }
  });

  it('.env.example: commented-out values are the real defaults, set values are valid', () => {
    const base = {
      DATABASE_URL: 'postgresql://tiffin:pw@postgres:5432/tiffin',
      REDIS_URL: 'redis://redis:6379',
      NEXTAUTH_SECRET: 'x'.repeat(32),
    };
    const checks = [
      { keys: webKeys, parse: (env: Record<string, string>) => parseWebEnv(env) },
      { keys: workerKeys, parse: (env: Record<string, string>) => parseWorkerEnv(env) },
    ];
    let compared = 0;
    for (const { keys, parse } of checks) {
      const defaults = parse(base);
      for (const key of keys) {
        const value = example.commented.get(key);
        if (value !== undefined) {
          expect(parse({ ...base, [key]: value }), `# ${key}=${value}`).toEqual(defaults);
          compared++;
        }
        const set = example.active.get(key);
        if (set !== undefined && set !== '') {
          expect(() => parse({ ...base, [key]: set }), `${key}=${set}`).not.toThrow();
        }
      }
    }
    expect(compared).toBeGreaterThanOrEqual(20);
  });

  it('.env.example and the compose file name the same variables, and no secret is committed', () => {
    const uncommented = composeText
      .split('\n')
      .filter((line) => !line.trim().startsWith('#'))
      .join('\n');
    const referenced = new Set(
      [...uncommented.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]!),
    );
    const declared = new Set([...example.active.keys(), ...example.commented.keys()]);
    for (const name of referenced) {
      expect(declared.has(name), `${COMPOSE_FILE} uses ${name}; .env.example lacks it`).toBe(true);
    }
    for (const name of declared) {
      if (name === 'COMPOSE_PROJECT_NAME') continue; // read by compose itself
      expect(referenced.has(name), `.env.example declares ${name}; compose never uses it`).toBe(
        true,
      );
    }
    for (const secret of SECRETS) {
      expect(example.active.get(secret), `.env.example must leave ${secret} empty`).toBe('');
      const uses = [...uncommented.matchAll(new RegExp(`\\$\\{${secret}([^}]*)\\}`, 'g'))];
      expect(uses.length, secret).toBeGreaterThan(0);
      for (const use of uses) {
        expect(use[1], `${secret} must be required`).toMatch(
          new RegExp(`^:\\?set ${secret} in .env`),
        );
      }
    }
    expect(example.text).toContain('openssl rand -hex 32');
    expect(example.text).toMatch(/SEED_DEMO_DATA=false/);
    // Literal values of secret-looking keys in any service's environment would be committed secrets.
    for (const [name, svc] of Object.entries(compose.services)) {
      for (const [key, value] of Object.entries(svc.environment ?? {})) {
        if (/SECRET|PASSWORD|TOKEN/.test(key)) {
          expect(String(value), `${name}.${key}`).toMatch(/^\$\{[A-Z_]+:\?/);
        }
      }
    }
  });

  it('the compose environment, filled from .env.example, passes both apps’ env schemas', () => {
    const vars = Object.fromEntries([...example.active, ...Object.entries(DUMMY_SECRETS)]);
    const web = parseWebEnv(resolvedEnvironment('web', vars));
    expect(web).toMatchObject({
      NODE_ENV: 'production',
      HOST: '0.0.0.0',
      PORT: 3000,
      REDIS_URL: 'redis://redis:6379',
      METRICS_TOKEN: DUMMY_SECRETS.METRICS_TOKEN,
      NEXTAUTH_URL: 'http://localhost:3000',
      DATABASE_POOL_SIZE: 20,
    });
    expect(new URL(web.DATABASE_URL).host).toBe('postgres:5432');
    const worker = parseWorkerEnv(resolvedEnvironment('worker', vars));
    expect(worker).toMatchObject({
      NODE_ENV: 'production',
      WORKER_HTTP_PORT: 9464,
      WORKER_HTTP_HOST: '0.0.0.0',
      METRICS_TOKEN: DUMMY_SECRETS.METRICS_TOKEN,
      CONSUMER_BLOCK_MS: 1000,
    });
    expect(resolvedEnvironment('migrate', vars).DATABASE_URL).toBe(web.DATABASE_URL);
    // With .env.example as it is (secrets empty), compose stops and names the secret.
    expect(() => resolvedEnvironment('web', Object.fromEntries(example.active))).toThrow(
      /required variable (POSTGRES_PASSWORD|NEXTAUTH_SECRET|METRICS_TOKEN)/,
    );
  });
});

describe('observability profile', () => {
  interface ScrapeConfig {
    job_name: string;
    metrics_path: string;
    authorization?: { type: string; credentials_file?: string };
    static_configs?: { targets: string[] }[];
    dns_sd_configs?: { names: string[]; type: string; port: number }[];
  }
  const prometheus = parseYaml(read('deploy/prometheus/prometheus.yml')) as {
    scrape_configs: ScrapeConfig[];
  };
  const job = (name: string) => {
    const found = prometheus.scrape_configs.find((config) => config.job_name === name);
    if (!found) throw new Error(`prometheus.yml has no job ${name}`);
    return found;
  };

  it('Prometheus scrapes web and every worker replica with the metrics token', () => {
    const entrypoint = [service('prometheus').entrypoint ?? []].flat().join(' ');
    const tokenFile = /"\$\$METRICS_TOKEN" > (\S+)/.exec(entrypoint)?.[1];
    expect(tokenFile, 'the compose entrypoint writes METRICS_TOKEN to a file').toBeDefined();
    expect(environmentOf('prometheus').METRICS_TOKEN).toMatch(/^\$\{METRICS_TOKEN:\?/);
    const mounted = service('prometheus').volumes?.map((v) => v.split(':')) ?? [];
    expect(mounted).toContainEqual([
      './deploy/prometheus/prometheus.yml',
      '/etc/prometheus/prometheus.yml',
      'ro',
    ]);

    for (const name of ['web', 'worker']) {
      expect(job(name).metrics_path).toBe('/api/metrics');
      expect(job(name).authorization).toEqual({ type: 'Bearer', credentials_file: tokenFile });
    }
    expect(job('web').static_configs).toEqual([{ targets: [`web:${environmentOf('web').PORT}`] }]);
    expect(job('worker').dns_sd_configs).toEqual([
      expect.objectContaining({
        names: ['worker'],
        type: 'A',
        port: Number(environmentOf('worker').WORKER_HTTP_PORT),
      }),
    ]);
  });

  it('Grafana provisions the datasource and a dashboard of series the apps really export', () => {
    const datasources = parseYaml(
      read('deploy/grafana/provisioning/datasources/prometheus.yml'),
    ) as { datasources: { uid: string; type: string; url: string }[] };
    const [datasource] = datasources.datasources;
    expect(datasource).toMatchObject({ type: 'prometheus', url: 'http://prometheus:9090' });

    const providers = parseYaml(read('deploy/grafana/provisioning/dashboards/tiffin.yml')) as {
      providers: { options: { path: string } }[];
    };
    const dashboardsDir = providers.providers[0]!.options.path;
    const mounts = service('grafana').volumes?.map((v) => v.split(':')) ?? [];
    const mount = mounts.find(([, target]) => target === dashboardsDir);
    expect(mount, `grafana mounts nothing at ${dashboardsDir}`).toBeDefined();
    const home = String(environmentOf('grafana').GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH);
    const dashboardFile = path.posix.join(mount![0]!, path.posix.relative(dashboardsDir, home));
    expect(exists(dashboardFile), dashboardFile).toBe(true);

    const dashboard = JSON.parse(read(dashboardFile)) as {
      panels: { title: string; datasource: { uid: string }; targets: { expr: string }[] }[];
    };
    const exprs = dashboard.panels.flatMap((panel) => panel.targets.map((t) => t.expr));
    expect(exprs).toEqual(
      expect.arrayContaining([
        'rate(orders_placed_total[1m])',
        'rate(order_conflicts_total[1m])',
        'histogram_quantile(0.95, sum by (le) (rate(trpc_request_duration_seconds_bucket[5m])))',
      ]),
    );
    for (const metric of ['stream_group_lag', 'dead_letters', 'ws_connections']) {
      expect(
        exprs.some((expr) => expr.includes(metric)),
        metric,
      ).toBe(true);
    }
    for (const panel of dashboard.panels) {
      expect(panel.datasource.uid, panel.title).toBe(datasource!.uid);
    }

    // Every series a panel queries is one the apps register (histograms via _bucket).
    const registered = new Set(
      ['apps/web/src/server/metrics.ts', 'apps/worker/src/metrics.ts'].flatMap((file) =>
        [...read(file).matchAll(/name: '([a-z_]+)'/g)].map((m) => m[1]!),
      ),
    );
    const functions = new Set(['rate', 'sum', 'max', 'histogram_quantile']);
    for (const expr of exprs) {
      // Identifiers outside range selectors ([1m]), label matchers ({...}) and `by (labels)`.
      const bare = expr.replace(/\[[^\]]*\]|\{[^}]*\}|\b(?:by|without)\s*\([^)]*\)/g, '');
      for (const [name] of bare.matchAll(/[a-z_][a-z0-9_]*/g)) {
        if (functions.has(name)) continue;
        const series = name.replace(/_bucket$/, '');
        expect(registered.has(series), `${expr}: ${name} is not a registered metric`).toBe(true);
      }
    }
  });
});

describe('README', () => {
  it('has a "Run with Docker" section after "The two commands" that says it is not run in CI', () => {
    const readme = read('README.md');
    const headings = [...readme.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    const at = headings.indexOf('Run with Docker');
    expect(at, 'README has no "## Run with Docker"').toBeGreaterThan(0);
    expect(headings[at - 1]).toBe('The two commands');
    const section = readme
      .slice(readme.indexOf('## Run with Docker'), readme.indexOf(`## ${headings[at + 1]}`))
      .replace(/\s+/g, ' ');
    for (const needle of [
      'cp .env.example .env',
      'openssl rand -hex 32',
      'docker compose up -d',
      '--scale worker=3',
      '--profile observability',
      'http://localhost:3000',
      'http://localhost:3001',
      'http://localhost:9090',
      'SEED_DEMO_DATA=false',
      'validated statically but not run in our CI',
    ]) {
      expect(section, needle).toContain(needle);
    }
  });
});
