import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throw-away real PostgreSQL cluster for integration tests: initdb and
 * pg_ctl from Debian's `postgresql` package, on a temp folder, listening on
 * 127.0.0.1 and a unix socket only. initdb refuses to run as root, so when we
 * are root the cluster runs as the `postgres` user. Fails loudly when
 * PostgreSQL is not installed: integration tests never skip.
 */
export interface PostgresCluster {
  /** Superuser URL of the `postgres` database; make one database per test file with `createTestDatabase`. */
  adminUrl: string;
  stop(): void;
}

function findPgBin(): string {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) throw new Error('PostgreSQL is required for HQ integration tests: apt-get install postgresql');
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error(`no initdb under ${root}: apt-get install postgresql`);
  return join(root, versions[0]!, 'bin');
}

function asPostgresUser(command: string, args: string[]): void {
  const isRoot = process.getuid?.() === 0;
  const [file, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  const result = spawnSync(file, argv, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr || result.stdout}`);
}

export function startPostgresCluster(port = 54_000 + Math.floor(Math.random() * 1000)): PostgresCluster {
  const bin = findPgBin();
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres:postgres', dir]);
  asPostgresUser(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale']);
  asPostgresUser(join(bin, 'pg_ctl'), [
    '-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60',
    '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`,
    'start',
  ]);
  return {
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        asPostgresUser(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
