import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Ledger, Proposal } from '@court-ledger/ledger-api';
import { createEmbeddedLedger } from '@court-ledger/ledger-embedded';
import type { BenchResult } from './result';

const CALLS = Number(process.env.BENCH_DISPATCH_CALLS ?? 2000);
const ROUNDS = 5;
/** A clerk: a court role submits in a case the court has not registered (no case to set up first). */
const ACTOR = { sub: 'bench-clerk', role: 'clerk', org: 'CourtMSP' } as const;

/** Metadata as `org.hyperledger.fabric:GetMetadata` returns it (the parts this benchmark touches). */
interface ContractMetadata {
    components: { schemas: Record<string, unknown> };
    [part: string]: unknown;
}

/** `evidence:submit` (five parameters), simulated only: every call is a fresh submission of the same item. */
function submitProposal(i: number): Proposal {
    const sha256 = createHash('sha256').update(`bench-dispatch-${i}`).digest('hex');
    return { contract: 'evidence', fn: 'submit', args: ['BENCH-DISPATCH', sha256, '', '1024', ''], actor: ACTOR };
}

/**
 * A chaincode package that loads the court-ledger chaincode itself but ships `metadata` in META-INF (which
 * fabric-shim then uses instead of introspecting): the same contracts and transactions, other component schemas.
 */
async function packageWithMetadata(dir: string, metadata: ContractMetadata): Promise<string> {
    const real = path.dirname(require.resolve('@court-ledger/chaincode/package.json'));
    const manifest = JSON.parse(await readFile(path.join(real, 'package.json'), 'utf8')) as Record<string, unknown>;
    const main = path.join(real, typeof manifest.main === 'string' ? manifest.main : 'index.js');
    await mkdir(path.join(dir, 'META-INF'), { recursive: true });
    await writeFile(path.join(dir, 'package.json'), JSON.stringify({ ...manifest, main }));
    await writeFile(path.join(dir, 'META-INF', 'metadata.json'), JSON.stringify(metadata));
    return dir;
}

/** Seconds taken by `calls` sequential evaluations of `evidence:submit` on `ledger`. */
async function timeCalls(ledger: Ledger, from: number, calls: number): Promise<number> {
    const start = process.hrtime.bigint();
    for (let i = from; i < from + calls; i++) {
        await ledger.evaluate(submitProposal(i));
    }
    return Number(process.hrtime.bigint() - start) / 1e9;
}

/**
 * One chaincode call dispatched through the embedded ledger (proposal, fabric-shim's ChaincodeFromContract with
 * its argument marshalling and validation, the contract, the simulated write set), with the chaincode's rich
 * metadata (every `@Object` component schema), against the same calls to the same chaincode whose metadata has
 * no component schemas. A per-call cost that grows with the schemas shows as a ratio below 1: fabric-shim
 * 2.5.8 compiled every parameter's validator, with every component schema in it, on every call (patched, see
 * patches/).
 */
export async function benchDispatch(): Promise<BenchResult[]> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'court-ledger-bench-dispatch-'));
    const ledgers: Ledger[] = [];
    try {
        const rich = await createEmbeddedLedger({ dataDir: path.join(dir, 'rich') });
        ledgers.push(rich);
        const metadata = JSON.parse(
            Buffer.from(
                await rich.evaluate({ contract: 'org.hyperledger.fabric', fn: 'GetMetadata', args: [], actor: ACTOR }),
            ).toString('utf8'),
        ) as ContractMetadata;
        const schemas = Object.keys(metadata.components.schemas).length;
        const stripped = await createEmbeddedLedger({
            dataDir: path.join(dir, 'stripped'),
            chaincodeModulePath: await packageWithMetadata(path.join(dir, 'package'), {
                ...metadata,
                components: { schemas: {} },
            }),
        });
        ledgers.push(stripped);

        const perRound = Math.ceil(CALLS / ROUNDS);
        await timeCalls(rich, 0, 100);
        await timeCalls(stripped, 0, 100);
        let richSeconds = 0;
        let strippedSeconds = 0;
        for (let round = 0; round < ROUNDS; round++) {
            richSeconds += await timeCalls(rich, round * perRound, perRound);
            strippedSeconds += await timeCalls(stripped, round * perRound, perRound);
        }
        const calls = perRound * ROUNDS;
        return [
            {
                name: 'evidence:submit dispatched, rich metadata (calls/s)',
                value: calls / richSeconds,
                unit: 'calls/s',
                baseline: calls / strippedSeconds,
                ratio: strippedSeconds / richSeconds,
                goal: '≥ 0.9',
                note: `${calls} simulated calls each, embedded ledger; baseline = the same chaincode with its ${schemas} component schemas stripped from the metadata`,
            },
        ];
    } finally {
        for (const ledger of ledgers) {
            await ledger.close();
        }
        await rm(dir, { recursive: true, force: true });
    }
}
