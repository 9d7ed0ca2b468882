import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import type { BenchResult } from './result';
import { startBenchGateway, type BenchGateway } from './gateway';
import { call, evidencePerSecond, perSecond, WORKERS } from './load';

const OPERATIONS = Number(process.env.BENCH_ENFORCEMENT_OPS ?? 2000);
const DIGEST = 'e4'.repeat(32);
/** Large enough that every benchmarked payment (1 fen each) stays below it. */
const AMOUNT = 1_000_000_000;

/** A party whose signing key the clerk registered under its pseudonym (as agreements need). */
async function signingParty(gateway: BenchGateway, sub: string): Promise<{ pseudonym: string; key: KeyObject }> {
    const res = await fetch(`${gateway.url}/v1/recipients/me/pseudonym`, {
        headers: { authorization: `Bearer ${gateway.token('party', sub)}` },
    });
    const { recipientPseudonym } = (await res.json()) as { recipientPseudonym: string };
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    await call(
        gateway,
        `/v1/recipients/${recipientPseudonym}/keys`,
        gateway.token('clerk', 'bench-clerk'),
        { publicKeyPem },
        201,
    );
    return { pseudonym: recipientPseudonym, key: privateKey };
}

/** Opens one case per worker (writers never conflict on one case); returns their numbers. */
function openCases(gateway: BenchGateway, officer: string): Promise<string[]> {
    const run = randomBytes(3).toString('hex');
    return Promise.all(
        Array.from({ length: WORKERS }, async (_, i) => {
            const caseId = `(2026)京0491执bench-${run}-${i}号`;
            const body = {
                caseId,
                basis: { documentType: 'judgment', sha256: DIGEST },
                creditor: 'bench-creditor',
                debtor: `bench-debtor-${i}`,
                amountDue: AMOUNT,
                deadline: new Date(Date.now() - 86_400_000).toISOString(),
            };
            await call(gateway, '/v1/enforcement/cases', officer, body, 201);
            return caseId;
        }),
    );
}

/** Records one agreement per worker, signed by both parties; returns their ids. */
async function createAgreements(gateway: BenchGateway, judge: string): Promise<string[]> {
    const creditor = await signingParty(gateway, 'bench-creditor');
    const debtor = await signingParty(gateway, 'bench-debtor');
    const run = randomBytes(3).toString('hex');
    return Promise.all(
        Array.from({ length: WORKERS }, async (_, i) => {
            const terms = {
                agreementId: `(2026)京0491执调bench-${run}-${i}号`,
                basis: { documentType: 'mediation-document', sha256: DIGEST },
                instalments: [{ dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString(), amount: AMOUNT }],
                graceDays: 0,
            };
            const request = { ...terms, creditor: 'bench-creditor', debtor: 'bench-debtor' };
            const asked = await call(gateway, '/v1/enforcement/agreements/statement', judge, request, 200);
            const statement = Buffer.from((asked as { statement: string }).statement, 'utf8');
            const signed = (key: KeyObject) =>
                sign('sha256', statement, { key, dsaEncoding: 'der' }).toString('base64');
            const body = { ...request, creditorSignature: signed(creditor.key), debtorSignature: signed(debtor.key) };
            await call(gateway, '/v1/enforcement/agreements', judge, body, 201);
            return terms.agreementId;
        }),
    );
}

/**
 * Enforcement steps recorded per second through `POST /v1/enforcement/cases/{id}/steps` (a property inquiry,
 * one case per worker) and agreement payments per second through `POST /v1/enforcement/agreements/{id}/payments`
 * (one agreement per worker), each against evidence submissions per second in the same run and gateway.
 */
export async function benchEnforcement(): Promise<BenchResult[]> {
    const gateway = await startBenchGateway();
    try {
        const officer = gateway.token('enforcement', 'bench-officer');
        const cases = await openCases(gateway, officer);
        const agreements = await createAgreements(gateway, gateway.token('judge', 'bench-judge'));
        const evidence = await evidencePerSecond(gateway, OPERATIONS);
        const steps = await perSecond(OPERATIONS, (worker) =>
            call(
                gateway,
                `/v1/enforcement/cases/${encodeURIComponent(cases[worker] ?? '')}/steps`,
                officer,
                { step: 'property-inquiry', sources: ['bank', 'real-estate-registry'], resultsSha256: DIGEST },
                200,
            ),
        );
        const payments = await perSecond(OPERATIONS, (worker) =>
            call(
                gateway,
                `/v1/enforcement/agreements/${encodeURIComponent(agreements[worker] ?? '')}/payments`,
                officer,
                { amount: 1 },
                200,
            ),
        );
        const note = `${OPERATIONS} of each, ${WORKERS} concurrent clients, embedded ledger`;
        return [
            {
                name: 'enforcement steps (steps/s, vs evidence submissions/s)',
                value: steps,
                unit: 'ops/s',
                baseline: evidence,
                ratio: steps / evidence,
                note,
            },
            {
                name: 'agreement payments (payments/s, vs evidence/s)',
                value: payments,
                unit: 'ops/s',
                baseline: evidence,
                ratio: payments / evidence,
                note,
            },
        ];
    } finally {
        await gateway.close();
    }
}
