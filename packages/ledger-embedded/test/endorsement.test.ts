import { common, msp } from '@hyperledger/fabric-protos';
import { expect } from 'chai';
import { KeyEndorsementPolicy } from 'fabric-shim';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createEmbeddedLedger, verifyEmbeddedTransactionProof } from '../src';
import type { EmbeddedTransactionProof, EndorserTransaction } from '../src';
import { decodeBlock } from '../src/block-store';
import { describePolicy, satisfiesPolicy, VALIDATION_PARAMETER } from '../src/endorsement-policy';
import type { TransactionEnvelope } from '../src/envelope';
import { TxSimulator } from '../src/handler';
import type { WorldState } from '../src/state-db';
import { BlockValidator } from '../src/validator';
import type { Actor, Ledger, LedgerFailure, Proposal } from '@court-ledger/ledger-api';
import {
    closeLedger,
    closeStates,
    commitWrites,
    counter,
    counterModule,
    openCounterLedger,
    openState,
    rejection,
    takeEvents,
    text,
} from './helpers/fixtures';

const { MEMBER, ADMIN, CLIENT, PEER, ORDERER } = msp.MSPRole.MSPRoleType;

/** A principal `mspId.role`. */
function principal(
    mspId: string,
    role: msp.MSPRole.MSPRoleTypeMap[keyof msp.MSPRole.MSPRoleTypeMap],
): msp.MSPPrincipal {
    const mspRole = new msp.MSPRole();
    mspRole.setMspIdentifier(mspId);
    mspRole.setRole(role);
    const p = new msp.MSPPrincipal();
    p.setPrincipalClassification(msp.MSPPrincipal.Classification.ROLE);
    p.setPrincipal(mspRole.serializeBinary());
    return p;
}

function signedBy(index: number): common.SignaturePolicy {
    const rule = new common.SignaturePolicy();
    rule.setSignedBy(index);
    return rule;
}

function outOf(n: number, ...rules: common.SignaturePolicy[]): common.SignaturePolicy {
    const nOutOf = new common.SignaturePolicy.NOutOf();
    nOutOf.setN(n);
    nOutOf.setRulesList(rules);
    const rule = new common.SignaturePolicy();
    rule.setNOutOf(nOutOf);
    return rule;
}

function envelope(rule: common.SignaturePolicy | undefined, principals: msp.MSPPrincipal[]): Buffer {
    const spe = new common.SignaturePolicyEnvelope();
    spe.setVersion(0);
    if (rule !== undefined) {
        spe.setRule(rule);
    }
    spe.setIdentitiesList(principals);
    return Buffer.from(spe.serializeBinary());
}

function orgsPolicy(...orgs: string[]): Buffer {
    const policy = new KeyEndorsementPolicy();
    policy.addOrgs('PEER', ...orgs);
    return Buffer.from(policy.getPolicy());
}

describe('embedded ledger: key-level endorsement policy evaluation (satisfiesPolicy)', function () {
    it('evaluates fabric-shim KeyEndorsementPolicy bytes as AND over the orgs', function () {
        const both = orgsPolicy('AgencyMSP', 'CourtMSP');
        expect(satisfiesPolicy(both, ['CourtMSP'])).to.equal(false);
        expect(satisfiesPolicy(both, ['AgencyMSP'])).to.equal(false);
        expect(satisfiesPolicy(both, ['CourtMSP', 'AgencyMSP'])).to.equal(true);
        expect(satisfiesPolicy(both, ['CourtMSP', 'CourtMSP'])).to.equal(false);
        expect(satisfiesPolicy(both, [])).to.equal(false);
        expect(describePolicy(both)).to.equal('AND(AgencyMSP.PEER, CourtMSP.PEER)');
        expect(satisfiesPolicy(orgsPolicy('CourtMSP'), ['CourtMSP'])).to.equal(true);
    });

    it('evaluates nested n-out-of rules', function () {
        const ids = [principal('A', PEER), principal('B', MEMBER), principal('C', ADMIN), principal('D', CLIENT)];
        // OR(AND(A, B), 2-of(C, D, A))
        const policy = envelope(
            outOf(1, outOf(2, signedBy(0), signedBy(1)), outOf(2, signedBy(2), signedBy(3), signedBy(0))),
            ids,
        );
        expect(satisfiesPolicy(policy, ['A', 'B'])).to.equal(true);
        expect(satisfiesPolicy(policy, ['C', 'D'])).to.equal(true);
        expect(satisfiesPolicy(policy, ['A', 'C'])).to.equal(true);
        expect(satisfiesPolicy(policy, ['A'])).to.equal(false);
        expect(satisfiesPolicy(policy, ['B', 'C'])).to.equal(false);
        expect(satisfiesPolicy(policy, ['D'])).to.equal(false);
        expect(describePolicy(policy)).to.equal('OR(AND(A.PEER, B.MEMBER), OutOf(2, C.ADMIN, D.CLIENT, A.PEER))');
        // AND(A, OR(B, C), NOT-REACHABLE 0-of()) : a 0-of rule is always satisfied, as in Fabric.
        const deep = envelope(outOf(3, signedBy(0), outOf(1, signedBy(1), signedBy(2)), outOf(0)), ids);
        expect(satisfiesPolicy(deep, ['A', 'C'])).to.equal(true);
        expect(satisfiesPolicy(deep, ['B', 'C'])).to.equal(false);
    });

    it('uses each endorsement once, like Fabric (2 of A.PEER, A.MEMBER needs two A signers)', function () {
        const policy = envelope(outOf(2, signedBy(0), signedBy(1)), [principal('A', PEER), principal('A', MEMBER)]);
        expect(satisfiesPolicy(policy, ['A'])).to.equal(false);
        expect(satisfiesPolicy(policy, ['A', 'A'])).to.equal(false); // one endorsement per organisation
        const either = envelope(outOf(1, signedBy(0), signedBy(1)), [principal('A', PEER), principal('A', MEMBER)]);
        expect(satisfiesPolicy(either, ['A'])).to.equal(true);
    });

    it('fails closed on what cannot be evaluated', function () {
        expect(satisfiesPolicy(Buffer.from('policy-bytes'), ['CourtMSP'])).to.equal(false);
        expect(satisfiesPolicy(Buffer.from([0xff, 0xff, 0xff]), ['CourtMSP'])).to.equal(false);
        expect(satisfiesPolicy(envelope(undefined, [principal('A', PEER)]), ['A'])).to.equal(false);
        expect(satisfiesPolicy(envelope(signedBy(3), [principal('A', PEER)]), ['A'])).to.equal(false);
        expect(satisfiesPolicy(envelope(signedBy(0), [principal('A', ORDERER)]), ['A'])).to.equal(false);
        const identity = new msp.MSPPrincipal();
        identity.setPrincipalClassification(msp.MSPPrincipal.Classification.IDENTITY);
        identity.setPrincipal(Buffer.from('cert'));
        expect(satisfiesPolicy(envelope(signedBy(0), [identity]), ['A'])).to.equal(false);
    });
});

/** A block validator scenario on a bare world state (what the commit queue runs for one block). */
describe('embedded ledger: key-level endorsement in block validation', function () {
    function simulator(state: WorldState): TxSimulator {
        return new TxSimulator({
            state,
            channel: 'court',
            txId: 'tx',
            chaincodeName: 'cc',
            collections: undefined,
        });
    }

    async function commit(
        state: WorldState,
        writes: Record<string, { value?: string | null; parameter?: Buffer }>,
    ): Promise<void> {
        const map = new Map(
            Object.entries(writes).map(([key, { value, parameter }]) => [
                key,
                {
                    value: value === undefined || value === null ? value : Buffer.from(value),
                    ...(parameter === undefined ? {} : { metadata: new Map([[VALIDATION_PARAMETER, parameter]]) }),
                },
            ]),
        );
        await commitWrites(state, map);
    }

    async function put(state: WorldState, key: string, value: string): Promise<TxSimulator> {
        const sim = simulator(state);
        await sim.handlePutState('', key, Buffer.from(value));
        return sim;
    }

    async function guard(state: WorldState, key: string, value: string | undefined, ...orgs: string[]) {
        const sim = simulator(state);
        if (value !== undefined) {
            await sim.handlePutState('', key, Buffer.from(value));
        }
        await sim.handlePutStateMetadata('', key, VALIDATION_PARAMETER, orgsPolicy(...orgs));
        return sim;
    }

    let state: WorldState;

    afterEach(closeStates);

    beforeEach(async function () {
        state = await openState();
        await commit(state, {
            plain: { value: 'p' },
            letter: { value: 'l', parameter: orgsPolicy('AgencyMSP', 'CourtMSP') },
        });
    });

    it('checks writes and metadata writes against the committed parameter', async function () {
        const validator = new BlockValidator(state);
        expect(await validator.validate((await put(state, 'plain', 'x')).rwset, ['CourtMSP'])).to.equal('VALID');
        expect(await validator.validate((await put(state, 'letter', 'x')).rwset, ['CourtMSP'])).to.equal(
            'ENDORSEMENT_POLICY_FAILURE',
        );
        expect(validator.lastPolicyFailure).to.equal(
            'ENDORSEMENT_POLICY_FAILURE: key "letter" requires AND(AgencyMSP.PEER, CourtMSP.PEER); endorsed by CourtMSP',
        );
        expect(
            await validator.validate((await guard(state, 'letter', undefined, 'CourtMSP')).rwset, ['CourtMSP']),
        ).to.equal('ENDORSEMENT_POLICY_FAILURE');
        expect(await validator.validate((await put(state, 'letter', 'x')).rwset, ['CourtMSP', 'AgencyMSP'])).to.equal(
            'VALID',
        );
    });

    it('applies a parameter set by an earlier valid transaction of the same block', async function () {
        const validator = new BlockValidator(state);
        const setter = await guard(state, 'plain', 'guarded', 'AgencyMSP', 'CourtMSP');
        const courtOnly = await put(state, 'plain', 'court-only');
        const both = await put(state, 'plain', 'both');
        expect(await validator.validate(setter.rwset, ['CourtMSP'])).to.equal('VALID');
        expect(await validator.validate(courtOnly.rwset, ['CourtMSP'])).to.equal('ENDORSEMENT_POLICY_FAILURE');
        expect(await validator.validate(both.rwset, ['AgencyMSP', 'CourtMSP'])).to.equal('VALID');
    });

    it('ignores parameters of invalid transactions and follows deletes and dropped metadata', async function () {
        const validator = new BlockValidator(state);
        // Invalid (stale read) setter: its parameter never takes effect.
        const staleSetter = await guard(state, 'plain', 'g', 'AgencyMSP');
        await staleSetter.handleGetState('', 'other');
        // The chaincode never deletes (the handler refuses DelState), but blocks may carry a delete: null value.
        const deleter = simulator(state);
        deleter.rwset.public.writes.set('letter', { value: null });
        await commit(state, { other: { value: 'changed' } });
        expect(await validator.validate(staleSetter.rwset, ['CourtMSP'])).to.equal('MVCC_READ_CONFLICT');
        expect(await validator.validate((await put(state, 'plain', 'y')).rwset, ['CourtMSP'])).to.equal('VALID');
        // A both-endorsed delete removes the key and its parameter; metadata on an absent key is dropped.
        expect(await validator.validate(deleter.rwset, ['CourtMSP', 'AgencyMSP'])).to.equal('VALID');
        expect(
            await validator.validate((await guard(state, 'letter', undefined, 'AgencyMSP')).rwset, ['CourtMSP']),
        ).to.equal('VALID');
        expect(await validator.validate((await put(state, 'letter', 'recreated')).rwset, ['CourtMSP'])).to.equal(
            'VALID',
        );
    });
});

/** Every stored endorser transaction, with its position, read from the block file. */
function storedTransactions(dataDir: string): { blockNumber: number; txIndex: number; tx: EndorserTransaction }[] {
    const bytes = readFileSync(path.join(dataDir, 'chain', 'blocks.dat'));
    const out: { blockNumber: number; txIndex: number; tx: EndorserTransaction }[] = [];
    for (let offset = 0; offset < bytes.length;) {
        const length = bytes.readUInt32BE(offset);
        const block = decodeBlock(bytes.subarray(offset + 8, offset + 8 + length));
        block.transactions.forEach((line, txIndex) => {
            const tx = JSON.parse(line.toString('utf8')) as TransactionEnvelope;
            if (tx.type === 'endorser') {
                out.push({ blockNumber: block.header.number, txIndex, tx });
            }
        });
        offset += 8 + length;
    }
    return out;
}

const AGENCY: Actor = { sub: 'agency-a', role: 'agency', org: 'AgencyMSP' };
const BOTH = { endorsingOrganizations: ['AgencyMSP', 'CourtMSP'] } satisfies Partial<Proposal>;

describe('embedded ledger: key-level endorsement end to end', function () {
    let dataDir: string;
    let ledger: Ledger;

    function organizations(): { mspId: string; rootCertificate: string }[] {
        return ['CourtMSP', 'AgencyMSP'].map((mspId) => ({
            mspId,
            rootCertificate: readFileSync(path.join(dataDir, 'msp', mspId, 'ca', 'cert.pem'), 'utf8'),
        }));
    }

    before(async function () {
        ({ ledger, dataDir } = await openCounterLedger());
    });

    after(() => closeLedger(ledger));

    it('refuses an unknown endorsing organisation before ordering', async function () {
        const height = (await ledger.health()).height;
        const failure = await rejection(
            ledger.submit(counter('put', ['x', 'y'], { endorsingOrganizations: ['OtherMSP'] })),
        );
        expect(failure.kind).to.equal('endorsement-policy');
        expect(failure.message).to.contain('"OtherMSP"');
        expect((await ledger.health()).height).to.equal(height);
    });

    it('refuses a court-only change to a guarded key; commits it endorsed by both', async function () {
        const issued = await ledger.submit(counter('putGuarded', ['letter', 'v1', 'AgencyMSP,CourtMSP']));
        expect(text(await ledger.evaluate(counter('guardedBy', ['letter'])))).to.equal('AgencyMSP,CourtMSP');

        const failure = await rejection(ledger.submit(counter('put', ['letter', 'court-only'])));
        expect(failure.kind).to.equal('endorsement-policy');
        expect(failure.message).to.equal(
            'ENDORSEMENT_POLICY_FAILURE: key "letter" requires AND(AgencyMSP.PEER, CourtMSP.PEER); endorsed by CourtMSP',
        );
        expect(text(await ledger.evaluate(counter('get', ['letter'])))).to.equal('v1');
        const stored = storedTransactions(dataDir).find(({ tx }) => tx.txId === failure.txId);
        expect(stored?.tx.validationCode).to.equal('ENDORSEMENT_POLICY_FAILURE');
        expect(stored?.tx.endorsements?.map((e) => e.mspId)).to.deep.equal(['CourtMSP']);
        try {
            await ledger.transactionProof(failure.txId as string);
            expect.fail('expected no proof for an invalid transaction');
        } catch (error) {
            expect((error as Error).message).to.contain('invalidated (ENDORSEMENT_POLICY_FAILURE)');
        }
        // Changing the policy itself (a metadata write) needs the current policy too.
        const relax = await rejection(ledger.submit(counter('guard', ['letter', 'CourtMSP'])));
        expect(relax.kind).to.equal('endorsement-policy');
        expect(text(await ledger.evaluate(counter('guardedBy', ['letter'])))).to.equal('AgencyMSP,CourtMSP');

        const amended = await ledger.submit(counter('put', ['letter', 'v2'], { actor: AGENCY, ...BOTH }));
        expect(text(await ledger.evaluate(counter('get', ['letter'])))).to.equal('v2');
        const byCourt = await ledger.submit(counter('put', ['letter', 'v3'], BOTH));
        expect(text(await ledger.evaluate(counter('get', ['letter'])))).to.equal('v3');

        // Events: the refused transactions published none.
        const events = await takeEvents(ledger, { blockNumber: issued.blockNumber - 1, txIndex: 1e6 }, 3);
        expect(events.map((e) => e.txId)).to.deep.equal([issued.txId, amended.txId, byCourt.txId]);
        expect(events.map((e) => e.name)).to.deep.equal(['Guarded', 'Put', 'Put']);
    });

    it('proves who endorsed and rejects a tampered endorsement', async function () {
        const committed = await ledger.submit(counter('put', ['letter', 'v4'], { actor: AGENCY, ...BOTH }));
        const proof = (await ledger.transactionProof(committed.txId)) as EmbeddedTransactionProof;
        expect(proof.transaction.creator.mspId).to.equal('AgencyMSP');
        expect(proof.transaction.endorsements?.map((e) => e.mspId)).to.deep.equal(['AgencyMSP', 'CourtMSP']);
        expect(proof.endorserCertificates?.map((c) => c.mspId)).to.deep.equal(['AgencyMSP', 'CourtMSP']);
        const trustedOrganizations = organizations();
        expect(
            await verifyEmbeddedTransactionProof(JSON.parse(JSON.stringify(proof)), { trustedOrganizations }),
        ).to.deep.equal({ valid: true, problems: [], endorsers: ['AgencyMSP', 'CourtMSP'] });

        // A signature moved to the other endorser (and the block's tx hash, not re-signed, no longer matches).
        const swapped = structuredClone(proof) as unknown as { transaction: EndorserTransaction };
        const [agency, court] = swapped.transaction.endorsements as unknown as [
            { signature: string },
            { signature: string },
        ];
        court.signature = agency.signature;
        const check = await verifyEmbeddedTransactionProof(swapped);
        expect(check.valid).to.equal(false);
        expect(check.problems).to.include('endorsement 1 (CourtMSP): signature does not verify with its certificate');
        expect(check.endorsers).to.deep.equal(['AgencyMSP']);

        // An endorsement claimed for an org whose certificate the proof does not carry.
        const dropped = structuredClone(proof) as unknown as { endorserCertificates: unknown[] };
        dropped.endorserCertificates = dropped.endorserCertificates.slice(0, 1);
        expect((await verifyEmbeddedTransactionProof(dropped)).problems.join('\n')).to.match(
            /endorsement 1 \(CourtMSP\): no endorser certificate/,
        );

        // Certificates swapped between orgs, or not issued by the org's trusted root.
        const relabelled = structuredClone(proof) as unknown as { endorserCertificates: { mspId: string }[] };
        relabelled.endorserCertificates.forEach((c) => (c.mspId = 'CourtMSP'));
        expect((await verifyEmbeddedTransactionProof(relabelled)).problems).to.include(
            'endorsement 0 (AgencyMSP): its certificate is listed for CourtMSP',
        );
        const wrongRoots = trustedOrganizations.map(({ mspId }, i) => ({
            mspId,
            rootCertificate: (trustedOrganizations[1 - i] as { rootCertificate: string }).rootCertificate,
        }));
        expect((await verifyEmbeddedTransactionProof(proof, { trustedOrganizations: wrongRoots })).problems).to.include(
            'endorsement 0 (AgencyMSP): certificate is not issued by a trusted root of AgencyMSP',
        );
    });

    it('enforces a parameter set earlier in the same block', async function () {
        await ledger.submit(counter('put', ['same-block', 'v0']));
        // Queued in the same macrotask, both land in one block: the guard first, then a blind court-only put.
        const [guarded, violated] = await Promise.allSettled([
            ledger.submit(counter('putGuarded', ['same-block', 'v1', 'AgencyMSP,CourtMSP'])),
            ledger.submit(counter('slowPut', ['same-block', 'court-only', '20'])),
        ]);
        expect(guarded.status).to.equal('fulfilled');
        expect(violated.status).to.equal('rejected');
        const failure = (violated as PromiseRejectedResult).reason as LedgerFailure;
        expect(failure.kind).to.equal('endorsement-policy');
        const stored = storedTransactions(dataDir);
        const setter = stored.find(
            ({ tx }) => tx.txId === (guarded as PromiseFulfilledResult<{ txId: string }>).value.txId,
        );
        const refused = stored.find(({ tx }) => tx.txId === failure.txId);
        expect(refused?.blockNumber).to.equal(setter?.blockNumber);
        expect(refused?.txIndex).to.equal((setter?.txIndex as number) + 1);
        expect(refused?.tx.validationCode).to.equal('ENDORSEMENT_POLICY_FAILURE');
        expect(text(await ledger.evaluate(counter('get', ['same-block'])))).to.equal('v1');
    });

    it('keeps stored validation, state and policies across a restart (replay re-derives them)', async function () {
        const before = await ledger.health();
        await ledger.close();
        ledger = await createEmbeddedLedger({ dataDir, chaincodeModulePath: counterModule() });
        expect(await ledger.health()).to.deep.equal(before);
        expect(text(await ledger.evaluate(counter('get', ['letter'])))).to.equal('v4');
        expect(text(await ledger.evaluate(counter('get', ['same-block'])))).to.equal('v1');
        expect(text(await ledger.evaluate(counter('guardedBy', ['letter'])))).to.equal('AgencyMSP,CourtMSP');
        const failure = await rejection(ledger.submit(counter('put', ['letter', 'after-restart'])));
        expect(failure.kind).to.equal('endorsement-policy');
        await ledger.submit(counter('put', ['letter', 'v5'], BOTH));
        expect(text(await ledger.evaluate(counter('get', ['letter'])))).to.equal('v5');
    });
});
