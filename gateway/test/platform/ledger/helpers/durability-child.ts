/**
 * Child process for the kill -9 tests: opens the ledger in argv[2] with the chaincode module in argv[3],
 * submits transactions 8 at a time forever and prints `ACK <txId> <blockNumber> <key>` for each one
 * acknowledged (committed). The parent kills it with SIGKILL at an arbitrary moment. With argv[4] = N, it
 * submits one at a time instead (key k<i> goes into block i + 1) and kills itself once block N and its
 * checkpoint are durable, before the state DB write.
 */
import { createEmbeddedLedger } from '../../../../src/platform/ledger/embedded';
import { counter } from './fixtures';

async function main(): Promise<void> {
    const [dataDir, modulePath, crashBlock] = process.argv.slice(2);
    if (dataDir === undefined || modulePath === undefined) {
        throw new Error('usage: durability-child <dataDir> <modulePath> [crashBeforeStateOfBlock]');
    }
    const beforeStateWrite = (blockNumber: number): void => {
        if (blockNumber === Number(crashBlock)) {
            process.kill(process.pid, 'SIGKILL');
        }
    };
    const ledger = await createEmbeddedLedger({
        dataDir,
        chaincodeModulePath: modulePath,
        ...(crashBlock === undefined ? {} : { testHooks: { beforeStateWrite } }),
    });
    process.stdout.write('READY\n');
    let next = 0;
    const worker = async (): Promise<never> => {
        for (;;) {
            const key = `k${next++}`;
            const committed = await ledger.submit(counter('put', [key, `value-of-${key}`]));
            process.stdout.write(`ACK ${committed.txId} ${committed.blockNumber} ${key}\n`);
        }
    };
    await Promise.all(Array.from({ length: crashBlock === undefined ? 8 : 1 }, worker));
}

main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
});
