import { CASE_NUMBER_TRANSIENT_KEY, type CaseNumberEntry, type CaseNumberView } from '@court-ledger/chaincode/domain';
import {
    LedgerFailure,
    type Actor,
    type BlockEvents,
    type Committed,
    type EventCheckpoint,
    type EventStreamOptions,
    type Ledger,
    type LedgerHealth,
    type LedgerTrustRoots,
    type LedgerMode,
    type Proposal,
    type TransactionProof,
} from '@court-ledger/ledger-api';
import { CaseNumberReveal, chainAgreementId, chainCaseId } from './case-numbers';
import type { Pepper } from './pepper';

/** Who asks the court's peer for clear case numbers (a court subsystem: the gateway's index). */
export const CASE_NUMBER_READER: Actor = { sub: 'court-ledger-index', role: 'subsystem', org: 'CourtMSP' };

/**
 * The gateway's privacy boundary around the ledger, the one place where clear identifiers become keyed ones
 * and back:
 *
 * - outgoing, every proposal acts for the pseudonym of its principal (`actor.sub` → HMAC under the court
 *   pepper), so the chaincode, its records and every block see pseudonyms only (case numbers and agreement ids
 *   are keyed by the feature clients, see `caseArgument`, `agreementArgument`);
 * - incoming, results and event payloads get their clear case numbers and agreement ids back (`casenumber:get` on the court's
 *   peer, whose private collection holds them), so the index and every answer show the clear number.
 */
export class PrivacyLedger implements Ledger {
    readonly mode: LedgerMode;
    readonly channel: string;
    private readonly reveal: CaseNumberReveal;

    constructor(
        private readonly inner: Ledger,
        private readonly pepper: Pepper,
    ) {
        this.mode = inner.mode;
        this.channel = inner.channel;
        this.reveal = new CaseNumberReveal((caseId) => this.caseNumber(caseId));
    }

    async submit(proposal: Proposal): Promise<Committed> {
        this.learnCaseNumber(proposal);
        const committed = await this.inner.submit(this.pseudonymous(proposal));
        return { ...committed, result: await this.reveal.bytes(committed.result) };
    }

    async evaluate(proposal: Proposal): Promise<Uint8Array> {
        return this.reveal.bytes(await this.inner.evaluate(this.pseudonymous(proposal)));
    }

    async *events(
        after: EventCheckpoint | undefined,
        signal: AbortSignal,
        options?: EventStreamOptions,
    ): AsyncIterable<BlockEvents> {
        for await (const block of this.inner.events(after, signal, options)) {
            const events = [];
            for (const event of block.events) {
                events.push({ ...event, payload: await this.reveal.bytes(event.payload) });
            }
            yield { ...block, events };
        }
    }

    blockHash(blockNumber: number): Promise<string | undefined> {
        return this.inner.blockHash(blockNumber);
    }

    transactionProof(txId: string): Promise<TransactionProof> {
        return this.inner.transactionProof(txId);
    }

    trustRoots(): LedgerTrustRoots {
        return this.inner.trustRoots();
    }

    health(): Promise<LedgerHealth> {
        return this.inner.health();
    }

    close(): Promise<void> {
        return this.inner.close();
    }

    /**
     * A write that names a case (or an agreement) by its clear number teaches the reveal that number under both
     * keys it may stand for (a case's {@link chainCaseId}, an agreement's {@link chainAgreementId}): no lookup
     * follows.
     */
    private learnCaseNumber(proposal: Proposal): void {
        const bytes = proposal.transient?.[CASE_NUMBER_TRANSIENT_KEY];
        if (bytes === undefined) {
            return;
        }
        const { caseNumber } = JSON.parse(Buffer.from(bytes).toString('utf8')) as CaseNumberEntry;
        this.reveal.learn(chainCaseId(this.pepper, caseNumber), caseNumber);
        this.reveal.learn(chainAgreementId(this.pepper, caseNumber), caseNumber);
    }

    private pseudonymous(proposal: Proposal): Proposal {
        return { ...proposal, actor: { ...proposal.actor, sub: this.pepper.pseudonym(proposal.actor.sub) } };
    }

    /** The clear number the court's private collection holds for a case key; undefined when none. */
    private async caseNumber(caseId: string): Promise<string | undefined> {
        try {
            const bytes = await this.inner.evaluate({
                contract: 'casenumber',
                fn: 'get',
                args: [caseId],
                actor: { ...CASE_NUMBER_READER, sub: this.pepper.pseudonym(CASE_NUMBER_READER.sub) },
            });
            return (JSON.parse(Buffer.from(bytes).toString('utf8')) as CaseNumberView).caseNumber;
        } catch (error) {
            if (error instanceof LedgerFailure && error.kind === 'chaincode' && error.code === 'NOT_FOUND') {
                return undefined;
            }
            throw error;
        }
    }
}
