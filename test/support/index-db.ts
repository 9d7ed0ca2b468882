import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Client } from 'pg';
import type { Harness } from './gateway-harness';

/** Drops the whole index of a stopped gateway: the PGlite folder, or every table of the server database. */
export async function dropIndex(gw: Pick<Harness, 'dataDir' | 'databaseUrl'>): Promise<void> {
    if (gw.databaseUrl === undefined) {
        await rm(path.join(gw.dataDir, 'pg'), { recursive: true, force: true });
        return;
    }
    const client = new Client({ connectionString: gw.databaseUrl });
    await client.connect();
    try {
        await client.query('DROP SCHEMA public CASCADE');
        await client.query('CREATE SCHEMA public');
    } finally {
        await client.end();
    }
}
