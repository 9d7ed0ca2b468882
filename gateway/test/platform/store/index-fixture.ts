import { expect } from 'chai';
import type { SqlDatabase } from '../../../src/platform/store/db.js';
import { IndexStore } from '../../../src/platform/store/index-store.js';
import { INDEX_FEATURES } from '../../../src/projections.js';
import type { MakeTestDatabase, TestDatabase } from './backends.js';
import { truncateAll } from './snapshot.js';

/** The index of a suite (valid inside its tests and hooks declared after {@link useIndex}). */
export interface IndexFixture {
    readonly database: TestDatabase;
    readonly db: SqlDatabase;
    /** The index store over every feature's projection, migrated. */
    readonly store: IndexStore;
}

/**
 * Registers the hooks of a suite sharing one fresh database of `makeDb`: opened and migrated before the suite,
 * emptied before each test, disposed after the suite.
 */
export function useIndex(makeDb: MakeTestDatabase): IndexFixture {
    let current: IndexFixture | undefined;
    const get = (): IndexFixture => {
        if (current === undefined) {
            throw new Error('the index fixture is open only inside the suite');
        }
        return current;
    };
    before(async () => {
        const database = await makeDb();
        const store = new IndexStore(database.db, INDEX_FEATURES);
        await store.migrate();
        current = { database, db: database.db, store };
    });
    after(async () => {
        await current?.database.dispose();
        current = undefined;
    });
    beforeEach(async () => {
        await truncateAll(get().db);
    });
    return {
        get database() {
            return get().database;
        },
        get db() {
            return get().db;
        },
        get store() {
            return get().store;
        },
    };
}

/** Awaits `promise`, expects it to reject with an Error whose message matches `pattern`, and returns that error. */
export async function expectRejection(promise: Promise<unknown>, pattern: RegExp): Promise<Error> {
    try {
        await promise;
    } catch (error) {
        expect(error).to.be.instanceOf(Error);
        expect((error as Error).message).to.match(pattern);
        return error as Error;
    }
    throw new Error(`expected a rejection matching ${String(pattern)}`);
}
