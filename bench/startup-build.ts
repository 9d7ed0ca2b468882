/**
 * Fast path for building the start-up benchmark's ledger: one evidence record is submitted through the
 * chaincode, then its committed transaction is the template for the rest — same keys, values, event and size
 * with another digest and evidence id, endorsed (signed) by the court identity again — ordered and committed
 * by the ledger's own commit queue (validation, blocks, checkpoint, state DB), skipping only the chaincode run.
 * Building through the chaincode costs about 2–5 ms per record on this shared 2-core machine; this path is
 * roughly ten times faster.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Actor } from '@court-ledger/ledger-api';
import { createEmbeddedLedger } from '@court-ledger/ledger-embedded';
import {
    CommitQueue,
    envelopeBytes,
    envelopeRwSet,
    loadOrCreateIdentities,
    openStores,
    TxRwSet,
    type EndorsedTransaction,
} from '@court-ledger/ledger-embedded/internals';
import { proposalResponseHash, signResponseHash, type EndorserTransaction } from '@court-ledger/ledger-embedded';

/** A clerk: a court role submits in a case the court has not registered (no case to set up first). */
const CLERK: Actor = { sub: 'bench-clerk', role: 'clerk', org: 'CourtMSP' };
const IN_FLIGHT = 2000;

function digest(i: number): string {
    return createHash('sha256').update(`bench-evidence-${i}`).digest('hex');
}

/** Submits the template record through the chaincode; its committed envelope and the strings to vary. */
async function template(dataDir: string): Promise<{ envelope: EndorserTransaction; sha256: string; id: string }> {
    const ledger = await createEmbeddedLedger({ dataDir });
    try {
        const sha256 = digest(-1);
        const committed = await ledger.submit({
            contract: 'evidence',
            fn: 'submit',
            args: ['(2026)京0491民初1号', sha256, '', '4096', 'application/pdf'],
            actor: CLERK,
        });
        const { record } = JSON.parse(Buffer.from(committed.result).toString('utf8')) as {
            record: { evidenceId: string };
        };
        const proof = await ledger.transactionProof(committed.txId);
        return { envelope: proof.transaction as EndorserTransaction, sha256, id: record.evidenceId };
    } finally {
        await ledger.close();
    }
}

/** Appends evidence records until the ledger in `dataDir` holds `records` (counting the template). */
export async function buildEvidenceLedger(
    dataDir: string,
    records: number,
    log: (line: string) => void,
): Promise<void> {
    const t = await template(dataDir);
    const identities = await loadOrCreateIdentities(dataDir, { court: 'court' });
    const stores = await openStores(dataDir, identities.node, { info: log, warn: log, error: log });
    const queue = new CommitQueue({
        ...stores,
        nodeKey: identities.node.privateKey,
        lastBlockHash: stores.lastHash,
        onCommit: () => undefined,
    });
    const vary = (text: string, i: number): string => {
        const id = t.id.slice(0, 3) + digest(i + 1e9).slice(0, t.id.length - 3);
        return text.replaceAll(t.sha256, digest(i)).replaceAll(t.id, id);
    };
    const recast = (i: number): EndorsedTransaction => {
        const rw = new TxRwSet();
        for (const { key } of t.envelope.rwset.reads) {
            rw.public.reads.set(vary(key, i), null);
        }
        for (const { key, value } of t.envelope.rwset.writes) {
            const text = Buffer.from(value ?? '', 'base64').toString('utf8');
            rw.public.writes.set(vary(key, i), { value: Buffer.from(vary(text, i), 'utf8') });
        }
        const event = t.envelope.event;
        const unendorsed = {
            ...t.envelope,
            txId: randomBytes(32).toString('hex'),
            timestamp: new Date().toISOString(),
            args: t.envelope.args.map((arg) => vary(arg, i)),
            rwset: envelopeRwSet(rw),
            event:
                event === null
                    ? null
                    : {
                          name: event.name,
                          payload: Buffer.from(vary(Buffer.from(event.payload, 'base64').toString('utf8'), i)).toString(
                              'base64',
                          ),
                      },
        };
        delete (unendorsed as { validationCode?: unknown }).validationCode;
        delete (unendorsed as { endorsements?: unknown }).endorsements;
        const signature = signResponseHash(proposalResponseHash(unendorsed), identities.court.privateKey);
        const envelope = {
            ...unendorsed,
            endorsements: [
                { mspId: identities.court.mspId, certificateSha256: identities.court.certificateSha256, signature },
            ],
        };
        return {
            envelope,
            validBytes: envelopeBytes(envelope, 'VALID'),
            rwset: rw,
            endorsers: [identities.court.mspId],
        };
    };
    const started = Date.now();
    try {
        for (let from = 1; from < records; from += IN_FLIGHT) {
            const batch = Array.from({ length: Math.min(IN_FLIGHT, records - from) }, (_, k) => recast(from + k));
            await Promise.all(batch.map((tx) => queue.submit(tx)));
            if (Math.floor(from / 100_000) !== Math.floor((from + IN_FLIGHT) / 100_000)) {
                log(`  building: ${from + batch.length} records, ${((Date.now() - started) / 1000).toFixed(0)} s`);
            }
        }
        await queue.drain();
    } finally {
        await stores.blocks.close();
        await stores.checkpoint.close();
        await stores.privateData.close();
        await stores.state.close();
    }
}
