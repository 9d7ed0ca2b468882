import {
    effectiveStatus,
    type GuaranteeCheck,
    type GuaranteeRecord,
    type GuaranteeView,
    type PreservationRecord,
} from '@court-ledger/chaincode';
import type { Actor, Ledger } from '@court-ledger/ledger-api';
import type { DocumentStore, VerifiedDocument } from '../../platform/documents/document-store';
import { DomainError } from '../../platform/http/errors';
import { BlockLocator } from '../../platform/ledger/block-locator';
import type { Write } from '../../platform/ledger/contract-client';
import type { Pepper } from '../../platform/pseudonyms/pepper';
import type { IndexStore } from '../../platform/store/index';
import type { EventProjector } from '../../platform/store/projector';
import { assertLetterReader } from './access';
import { normaliseTime } from './actions';
import { GuaranteeClient } from './client';
import type { ApplyGuaranteeBody, ApplyPreservationBody, GuaranteeViewBody, PreservationViewBody } from './schemas';
import { guaranteeView, preservationView } from './views';

/** A letter document ready to send, and the letter it belongs to. */
export interface LetterDocument {
    readonly letter: GuaranteeView;
    readonly document: VerifiedDocument;
}

/** The shared services a {@link GuaranteeDesk} works with. */
export interface GuaranteeDeskParts {
    readonly ledger: Ledger;
    readonly index: IndexStore;
    readonly projector: EventProjector;
    readonly pepper: Pepper;
    readonly documents: DocumentStore;
}

/**
 * Preservation applications and letters of guarantee (Art. 27) on top of the `preservation` and `guarantee`
 * contracts: pseudonymise the respondent, normalise times, submit, and present records with their blocks.
 */
export class GuaranteeDesk {
    readonly client: GuaranteeClient;
    readonly blocks: BlockLocator;

    constructor(private readonly parts: GuaranteeDeskParts) {
        this.client = new GuaranteeClient(parts.ledger, parts.pepper);
        this.blocks = new BlockLocator(parts.ledger, parts.index.db);
    }

    /** `POST /v1/preservations`: the respondent goes on the ledger only as its pseudonym. */
    async applyForPreservation(actor: Actor, body: ApplyPreservationBody): Promise<PreservationViewBody> {
        const write = await this.client.applyForPreservation(actor, {
            caseId: body.caseId,
            respondentPseudonym: this.parts.pepper.pseudonym(body.respondent),
            amount: body.amount,
            propertyDigest: body.propertyDigest,
        });
        return this.preservationWritten(write);
    }

    async actOnPreservation(
        actor: Actor,
        applicationId: string,
        action: string,
        params: Readonly<Record<string, unknown>>,
    ): Promise<PreservationViewBody> {
        return this.preservationWritten(await this.client.actOnPreservation(actor, applicationId, action, params));
    }

    async preservation(actor: Actor, applicationId: string): Promise<PreservationViewBody> {
        return preservationView(await this.client.preservation(actor, applicationId), this.blocks);
    }

    /** `POST /v1/guarantees`: validity times normalised to the ledger's spelling. */
    async applyForGuarantee(actor: Actor, body: ApplyGuaranteeBody): Promise<GuaranteeViewBody> {
        const write = await this.client.applyForGuarantee(actor, {
            applicationId: body.applicationId,
            // The agency acts under its pseudonym (the gateway's privacy boundary): the letter names it so.
            agency: this.parts.pepper.pseudonym(body.agency),
            amount: body.amount,
            validFrom: normaliseTime(body.validFrom, 'validFrom'),
            validTo: normaliseTime(body.validTo, 'validTo'),
        });
        return this.guaranteeWritten(write);
    }

    /** Acts on a letter; `afterCommit` runs once the transaction committed (stores an uploaded letter). */
    async actOnGuarantee(
        actor: Actor,
        letterId: string,
        action: string,
        params: Readonly<Record<string, unknown>>,
        afterCommit?: () => Promise<void>,
    ): Promise<GuaranteeViewBody> {
        const write = await this.client.actOnGuarantee(actor, letterId, action, params);
        await afterCommit?.();
        return this.guaranteeWritten(write);
    }

    async guarantee(actor: Actor, letterId: string): Promise<GuaranteeViewBody> {
        const record = await this.client.guarantee(actor, letterId);
        return guaranteeView(record, this.blocks, record.effectiveStatus);
    }

    async check(actor: Actor, letterId: string, applicationId: string): Promise<GuaranteeCheck> {
        return this.client.check(actor, letterId, applicationId);
    }

    /**
     * The current letter document, checked against the digest on the ledger (500 `INTEGRITY_ERROR` on a
     * mismatch, nothing sent). The chaincode's `get` decides who may see the letter; the gateway also allows
     * only the applicant, the letter's agency and court staff (403).
     */
    async letter(actor: Actor, letterId: string): Promise<LetterDocument> {
        const letter = await this.client.guarantee(actor, letterId);
        assertLetterReader(actor, letter, this.parts.pepper);
        if (letter.document === undefined) {
            throw new DomainError('NOT_FOUND', 'the letter has not been issued: there is no letter document');
        }
        return { letter, document: await this.parts.documents.read(letter.document.sha256) };
    }

    private async preservationWritten(write: Write<PreservationRecord>): Promise<PreservationViewBody> {
        await this.parts.projector.waitFor(write.committed.blockNumber);
        return preservationView(write.record, this.blocks);
    }

    private async guaranteeWritten(write: Write<GuaranteeRecord>): Promise<GuaranteeViewBody> {
        await this.parts.projector.waitFor(write.committed.blockNumber);
        return guaranteeView(write.record, this.blocks, effectiveStatus(write.record, write.committed.timestamp));
    }
}
