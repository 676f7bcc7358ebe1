// QA_ROUTES, statically: the switch accepts only `enabled`, and nothing a deployment is built or
// configured from sets it, so production never serves qa.*.
import fs from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { parseEnv } from '../env';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..', '..');

const VALID = {
  DATABASE_URL: 'postgresql://tiffin:secret@localhost:5432/tiffin',
  REDIS_URL: 'redis://127.0.0.1:6379',
  NEXTAUTH_SECRET: 'x'.repeat(32),
};

/** Every file a deployment is built or configured from, relative to the repo root. */
function deploymentFiles(): string[] {
  const dockerfiles = fs
    .readdirSync(path.join(repoRoot, 'apps'))
    .map((app) => path.join('apps', app, 'Dockerfile'))
    .filter((file) => fs.existsSync(path.join(repoRoot, file)));
  const deploy = fs
    .readdirSync(path.join(repoRoot, 'deploy'), { recursive: true, encoding: 'utf8' })
    .map((file) => path.join('deploy', file))
    .filter((file) => fs.statSync(path.join(repoRoot, file)).isFile());
  return ['docker-compose.yml', '.env.example', ...dockerfiles, ...deploy];
}

describe('QA_ROUTES', () => {
  it('is off unless set, and `enabled` turns it on', () => {
    expect(parseEnv(VALID).QA_ROUTES).toBeUndefined();
    expect(parseEnv({ ...VALID, QA_ROUTES: '' }).QA_ROUTES).toBeUndefined();
    expect(parseEnv({ ...VALID, QA_ROUTES: 'enabled' }).QA_ROUTES).toBe('enabled');
  });

  it.each(['true', '1', 'yes', 'ENABLED', 'on'])('refuses %j, naming the variable', (value) => {
    expect(() => parseEnv({ ...VALID, QA_ROUTES: value })).toThrow(
      'Invalid environment: QA_ROUTES: must be "enabled" or unset',
    );
  });

  it('no Dockerfile, compose file, .env.example or deploy config sets it', () => {
    const files = deploymentFiles();
    expect(files).toEqual(
      expect.arrayContaining([
        'docker-compose.yml',
        '.env.example',
        'apps/web/Dockerfile',
        'apps/worker/Dockerfile',
      ]),
    );
    for (const file of files) {
      expect(fs.readFileSync(path.join(repoRoot, file), 'utf8'), file).not.toMatch(/QA_ROUTES/);
    }
  });
});
