import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Availability } from './environment';

const POSTGRES_ROOT = '/usr/lib/postgresql';

function binDir(): string | undefined {
    if (!existsSync(POSTGRES_ROOT)) {
        return undefined;
    }
    const versions = readdirSync(POSTGRES_ROOT)
        .filter((v) => existsSync(path.join(POSTGRES_ROOT, v, 'bin', 'pg_ctl')))
        .sort((a, b) => Number(a) - Number(b));
    const newest = versions[versions.length - 1];
    return newest === undefined ? undefined : path.join(POSTGRES_ROOT, newest, 'bin');
}

/** Whether this machine can run a private PostgreSQL cluster (Debian's postgresql package). */
export function postgresBinaries(): Availability {
    return binDir() === undefined
        ? {
              available: false,
              reason: `no PostgreSQL server binaries under ${POSTGRES_ROOT} (apt-get install postgresql)`,
          }
        : { available: true };
}

/**
 * A throwaway PostgreSQL cluster that a test can stop and start again (fault tests). As root, the cluster
 * belongs to the `postgres` system user, because initdb refuses to run as root.
 */
export class PostgresCluster {
    readonly url: string;
    private readonly dir: string;
    private readonly bin: string;
    private readonly asUser: string[];

    constructor(readonly port: number) {
        const bin = binDir();
        if (bin === undefined) {
            throw new Error('PostgreSQL server binaries are not installed');
        }
        this.bin = bin;
        this.dir = mkdtempSync(path.join(os.tmpdir(), 'court-ledger-pgfault-'));
        this.asUser = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
        if (this.asUser.length > 0) {
            chmodSync(this.dir, 0o777);
        }
        this.run('initdb', ['-D', this.data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
        this.url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
    }

    private get data(): string {
        return path.join(this.dir, 'data');
    }

    private run(tool: string, args: string[]): void {
        const command = [...this.asUser, path.join(this.bin, tool), ...args];
        execFileSync(command[0]!, command.slice(1), { stdio: 'ignore' });
    }

    start(): void {
        this.run('pg_ctl', [
            '-D',
            this.data,
            '-l',
            path.join(this.dir, 'log'),
            '-w',
            '-o',
            `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
            'start',
        ]);
    }

    stop(): void {
        this.run('pg_ctl', ['-D', this.data, '-m', 'fast', '-w', 'stop']);
    }

    destroy(): void {
        try {
            this.stop();
        } catch {
            // already stopped
        }
        rmSync(this.dir, { recursive: true, force: true });
    }
}
