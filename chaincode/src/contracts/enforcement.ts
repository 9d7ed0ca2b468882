import { Info, Returns, Transaction } from 'fabric-contract-api';
import {
    applyCheckDue,
    newAgreement,
    parseAgreementRequest,
    recordAgreementPayment,
    retriedAgreement,
    validateAgreementId,
} from '../domain/enforcement/agreement';
import {
    assertSameOpening,
    authoriseEnforcementReader,
    mayReadEnforcement,
    openEnforcementCase,
    parseOpenCase,
} from '../domain/enforcement/case';
import type {
    CheckDueOutcome,
    CreatedRecord,
    EnforcementCase,
    EnforcementChange,
    PerformanceAgreement,
    StepOutcome,
} from '../domain/enforcement/model';
import { checkNoticeService } from '../domain/enforcement/notice';
import { parseStepRequest } from '../domain/enforcement/step-request';
import { authoriseStepRole } from '../domain/enforcement/step-table';
import { applyStep } from '../domain/enforcement/steps';
import { EVENT_NAMES, type EventName } from '../domain/events/model';
import type { RecipientKeyRecord, ServiceRecord } from '../domain/service/model';
import { canonicalJson } from '../domain/shared/canonical-json';
import { LedgerError } from '../domain/shared/errors';
import { parseAmount, validateCaseId } from '../domain/shared/validation';
import { CourtContext, CourtContract } from './court-context';
import {
    agreementKey,
    caseKey,
    loadAgreement,
    loadCase,
    loadSteps,
    parseViewerPseudonym,
    stepKey,
} from './enforcement-state';
import * as schemas from './schemas/enforcement-schemas';
import { SERVICE_KEYS } from './service';

/**
 * Enforcement (Art. 31) — a thin layer over domain/enforcement. Contract name `enforcement`. State: the case
 * `enforcement`/[caseId], each step `enfstep`/[caseId, seq], the agreement `enfagreement`/[agreementId]
 * (enforcement-state.ts). Each write transaction emits one event whose record is an `EnforcementChange`
 * (`{case?, agreement?, steps}`): every record the transaction wrote, automatic steps included.
 */
@Info({ title: 'EnforcementContract', description: 'Enforcement cases, their steps and performance agreements' })
export class EnforcementContract extends CourtContract {
    constructor() {
        super('enforcement');
    }

    /**
     * Opens a case (roles clerk, enforcement). `request`: JSON `{caseId, basis: {documentType, sha256, sm3?},
     * creditorPseudonym, debtorPseudonym, amountDue, deadline, enforcementCosts?}` (amounts integer fen).
     * Idempotent: the same request again returns `{created: false, record}` without writing; other terms under
     * the same case number are `CONFLICT`. Emits `EnforcementCaseOpened`; returns `{created, record}`.
     */
    @Transaction()
    @Returns(schemas.OpenCaseResult.name)
    async openCase(ctx: CourtContext, request: string): Promise<string> {
        const record = openEnforcementCase(parseOpenCase(request), ctx.actor(), ctx.txTimestamp(), ctx.txId());
        const opened = change({ case: record });
        await ctx.rememberCaseNumber(record.caseId);
        return writeOnce(
            ctx,
            caseKey(ctx, record.caseId),
            record,
            assertSameOpening,
            EVENT_NAMES.enforcementCaseOpened,
            opened,
        );
    }

    /**
     * Records a step: `step` is JSON `{step, …fields}` (step-request.ts); who may record it and when is the
     * table in step-table.ts, the rules are in rules.ts and control-rules.ts. A `notice` must name a service of
     * an enforcement notice to the debtor. Steps the smart-contract rules emit (full performance: conclusion,
     * releases, delisting, lifting the restriction) are written in the same transaction, each under its own
     * key, with `automatic: true` and the trigger. Emits `EnforcementStep`; returns `{record, steps}`.
     */
    @Transaction()
    @Returns(schemas.StepOutcome.name)
    async recordStep(ctx: CourtContext, caseId: string, step: string): Promise<string> {
        const actor = ctx.actor();
        const id = validateCaseId(caseId);
        const detail = parseStepRequest(step);
        authoriseStepRole(detail.step, actor);
        const { key, record } = await loadCase(ctx, id);
        const outcome: StepOutcome = applyStep(record, detail, actor, ctx.txTimestamp(), ctx.txId());
        if (detail.step === 'notice') {
            const service = await ctx.getJson<ServiceRecord>(ctx.key(SERVICE_KEYS.record, [detail.serviceId]));
            checkNoticeService(record, detail.serviceId, service);
        }
        for (const written of outcome.steps) {
            await ctx.put(stepKey(ctx, id, written.seq), written);
        }
        await ctx.write(key, outcome.record, EVENT_NAMES.enforcementStep, change({ case: outcome.record }, outcome));
        return canonicalJson(outcome);
    }

    /**
     * The case (canonical JSON): court roles and subsystems; a party or agent only as its creditor or debtor,
     * with `viewerPseudonym` its pseudonym as the gateway computes it (`''` for the others). `CASE_NOT_FOUND`.
     */
    @Transaction(false)
    @Returns(schemas.EnforcementCase.name)
    async getCase(ctx: CourtContext, caseId: string, viewerPseudonym: string): Promise<string> {
        const { record } = await this.readCase(ctx, caseId, viewerPseudonym);
        return canonicalJson(record);
    }

    /** Every step of the case in seq order (the timeline), readable as {@link getCase} is. */
    @Transaction(false)
    @Returns(`${schemas.EnforcementStep.name}[]`)
    async listSteps(ctx: CourtContext, caseId: string, viewerPseudonym: string): Promise<string> {
        const { record } = await this.readCase(ctx, caseId, viewerPseudonym);
        return canonicalJson(await loadSteps(ctx, record));
    }

    /**
     * Records a performance agreement (roles clerk, judge, enforcement) with both parties' consent. `request`:
     * JSON `{agreementId, basis, creditorPseudonym, debtorPseudonym, instalments: [{dueAt, amount}], graceDays}`;
     * each signature is base64 DER ECDSA P-256/SHA-256 over `agreementStatement` of those terms, verified with
     * the key registered for that party's pseudonym (`service:registerKey`), as service acknowledgements are.
     * The gateway keys `agreementId` as it keys case numbers and sends the clear id in the transient field
     * `caseNumber`, kept in `courtPrivate` (`CourtContext.rememberCaseNumber`); the case its default opens is
     * `<agreementId>-enf` of that key. Idempotent like {@link openCase}. Emits `EnforcementAgreementCreated`;
     * returns `{created, record}`.
     */
    @Transaction()
    @Returns(schemas.CreateAgreementResult.name)
    async createAgreement(
        ctx: CourtContext,
        request: string,
        creditorSignature: string,
        debtorSignature: string,
    ): Promise<string> {
        const terms = parseAgreementRequest(request);
        const key = agreementKey(ctx, terms.agreementId);
        const existing = await ctx.getJson<PerformanceAgreement>(key);
        if (existing !== undefined) {
            const record = retriedAgreement(existing, terms, ctx.actor());
            return canonicalJson({ created: false, record } satisfies CreatedRecord<PerformanceAgreement>);
        }
        const keyOf = (pseudonym: string) =>
            ctx.getJson<RecipientKeyRecord>(ctx.key(SERVICE_KEYS.recipientKey, [pseudonym]));
        const keys = { creditor: await keyOf(terms.creditorPseudonym), debtor: await keyOf(terms.debtorPseudonym) };
        const signatures = { creditor: creditorSignature, debtor: debtorSignature };
        const record = newAgreement(terms, signatures, keys, ctx.actor(), ctx.txTimestamp(), ctx.txId());
        await ctx.rememberCaseNumber(terms.agreementId);
        await ctx.write(key, record, EVENT_NAMES.enforcementAgreementCreated, change({ agreement: record }));
        return canonicalJson({ created: true, record } satisfies CreatedRecord<PerformanceAgreement>);
    }

    /**
     * Records a payment of `amount` fen (decimal) against an agreed agreement (role enforcement); paying the
     * whole makes it `performed`. Emits `EnforcementAgreementPayment`; returns the agreement.
     */
    @Transaction()
    @Returns(schemas.PerformanceAgreement.name)
    async recordAgreementPayment(ctx: CourtContext, agreementId: string, amount: string): Promise<string> {
        const actor = ctx.actor();
        const fen = parseAmount(amount);
        const { key, record } = await loadAgreement(ctx, validateAgreementId(agreementId));
        const updated = recordAgreementPayment(record, fen, actor, ctx.txTimestamp(), ctx.txId());
        return ctx.write(key, updated, EVENT_NAMES.enforcementAgreementPayment, change({ agreement: updated }));
    }

    /**
     * The scheduler's check of an agreement (roles subsystem, enforcement), deciding from the transaction time
     * only: when an instalment is unpaid past its due time plus the grace days, opens the case
     * `<agreementId>-enf` for the outstanding amount with the trigger recorded and marks the agreement
     * `defaulted` (emits `EnforcementAgreementDefaulted`); otherwise writes nothing. A defaulted agreement is
     * not checked again, so the case opens once. Returns `{agreement, opened?}`.
     */
    @Transaction()
    @Returns(schemas.CheckDueOutcome.name)
    async checkDue(ctx: CourtContext, agreementId: string): Promise<string> {
        const actor = ctx.actor();
        const { key, record } = await loadAgreement(ctx, validateAgreementId(agreementId));
        const outcome: CheckDueOutcome = applyCheckDue(record, actor, ctx.txTimestamp(), ctx.txId());
        const { agreement, opened } = outcome;
        if (opened === undefined) {
            return canonicalJson(outcome);
        }
        const openedKey = caseKey(ctx, opened.caseId);
        if ((await ctx.getJson<EnforcementCase>(openedKey)) !== undefined) {
            throw new LedgerError('CONFLICT', `enforcement case ${opened.caseId} already exists`, 'agreementId');
        }
        await ctx.put(openedKey, opened);
        await ctx.write(key, agreement, EVENT_NAMES.enforcementAgreementDefaulted, change({ agreement, case: opened }));
        return canonicalJson(outcome);
    }

    /** The agreement (canonical JSON), readable as {@link getCase} is; `AGREEMENT_NOT_FOUND` when absent. */
    @Transaction(false)
    @Returns(schemas.PerformanceAgreement.name)
    async getAgreement(ctx: CourtContext, agreementId: string, viewerPseudonym: string): Promise<string> {
        const actor = ctx.actor();
        const viewer = parseViewerPseudonym(viewerPseudonym);
        authoriseEnforcementReader(actor, 'a performance agreement');
        const id = validateAgreementId(agreementId);
        const { record } = await loadAgreement(ctx, id, (stored) => mayReadEnforcement(stored, actor, viewer));
        return canonicalJson(record);
    }

    /** The case for a read: the role first, then one answer (`CASE_NOT_FOUND`) for unknown and not-yours. */
    private async readCase(ctx: CourtContext, caseId: string, viewerPseudonym: string) {
        const actor = ctx.actor();
        const viewer = parseViewerPseudonym(viewerPseudonym);
        authoriseEnforcementReader(actor);
        return loadCase(ctx, validateCaseId(caseId), (stored) => mayReadEnforcement(stored, actor, viewer));
    }
}

/**
 * Writes `record` under `key` with `event` unless a record is already there: then `assertSame(existing, record)`
 * (throwing `CONFLICT` when the terms differ) and nothing is written. Returns canonical JSON `{created, record}`.
 */
async function writeOnce<T>(
    ctx: CourtContext,
    key: string,
    record: T,
    assertSame: (existing: T, request: T) => void,
    event: EventName,
    payload: EnforcementChange,
): Promise<string> {
    const existing = await ctx.getJson<T>(key);
    if (existing !== undefined) {
        assertSame(existing, record);
        return canonicalJson({ created: false, record: existing } satisfies CreatedRecord<T>);
    }
    await ctx.write(key, record, event, payload);
    return canonicalJson({ created: true, record } satisfies CreatedRecord<T>);
}

/** The record of an enforcement event: what the transaction wrote (`steps` empty unless it wrote steps). */
function change(
    records: Pick<EnforcementChange, 'case' | 'agreement'>,
    outcome?: Pick<StepOutcome, 'steps'>,
): EnforcementChange {
    return { ...records, steps: outcome?.steps ?? [] };
}
