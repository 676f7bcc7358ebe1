// A PostgreSQL binary that cannot run says which binary, as which user, and why: here a real
// spawn refused by the kernel (a binary inside a folder the user cannot enter, or not executable).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { spawnFailure } from './postgres-binaries';

const isRoot = process.getuid?.() === 0;
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tiffin-spawn-'));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

function postgresIds(): { uid: number; gid: number } {
  const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres']).stdout.toString());
  return { uid: id('-u'), gid: id('-g') };
}

describe('spawnFailure', () => {
  it('names the binary, the user and the reason of a refused spawn', () => {
    // As root: run as postgres from a 0700 folder; otherwise: a file without the execute bit.
    const binary = path.join(folder, 'initdb');
    fs.copyFileSync('/bin/true', binary);
    if (!isRoot) fs.chmodSync(binary, 0o644);
    const asPostgres = isRoot && spawnSync('id', ['postgres']).status === 0;
    const user = asPostgres ? 'postgres' : os.userInfo().username;
    const result = spawnSync(binary, [], {
      ...(asPostgres ? postgresIds() : {}),
      encoding: 'utf8',
    });

    expect(result.error).toBeDefined();
    expect(spawnFailure(binary, user, result)).toBe(
      `[stack] ${binary}, run as user ${user}, could not be started (spawnSync ${binary} EACCES)`,
    );
  });

  it('says how a binary that ran ended, with what it wrote', () => {
    const result = spawnSync('sh', ['-c', 'echo "initdb: bad option" >&2; exit 2'], {
      encoding: 'utf8',
    });
    expect(spawnFailure('/x/initdb', 'postgres', result)).toBe(
      '[stack] /x/initdb, run as user postgres, exited with code 2:\ninitdb: bad option',
    );
  });
});
