import { PARTY_ROLES } from '@court-ledger/chaincode';
import type { Actor, Committed, Ledger } from '@court-ledger/ledger-api';
import type { Role } from '../../platform/auth/roles';
import { BlockLocator } from '../../platform/ledger/block-locator';
import type { Pepper } from '../../platform/pseudonyms/pepper';
import type { IndexStore } from '../../platform/store/index';
import type { EventProjector } from '../../platform/store/projector';
import { EnforcementClient } from './client';
import type {
    AgreementStatementBody,
    AgreementTermsBody,
    AgreementViewBody,
    CaseListBody,
    CaseListQuery,
    CaseViewBody,
    CheckDueResultBody,
    CreateAgreementBody,
    CreateAgreementResultBody,
    OpenCaseBody,
    OpenCaseResultBody,
    StepBody,
    StepResultBody,
    TimelineBody,
} from './schemas';
import { listCases } from './store';
import { agreementView, blocksOf, caseView, stepView } from './views';
import { DomainError } from '../../platform/http/errors';

/** The shared services an {@link EnforcementDesk} works with. */
export interface EnforcementDeskParts {
    readonly ledger: Ledger;
    readonly index: IndexStore;
    readonly projector: EventProjector;
    readonly pepper: Pepper;
}

/**
 * Enforcement (Art. 31) on top of the `enforcement` contract: the parties go on the ledger only as pseudonyms
 * (HMAC with the court pepper, as service recipients do), a party reads as its own pseudonym, and every record
 * is presented with the blocks of its transactions once the index has projected them.
 */
export class EnforcementDesk {
    readonly client: EnforcementClient;
    readonly blocks: BlockLocator;

    constructor(private readonly parts: EnforcementDeskParts) {
        this.client = new EnforcementClient(parts.ledger, parts.pepper);
        this.blocks = new BlockLocator(parts.ledger, parts.index.db);
    }

    /** `POST /v1/enforcement/cases`: creditor and debtor subs become pseudonyms before anything is submitted. */
    async openCase(actor: Actor, body: OpenCaseBody): Promise<OpenCaseResultBody> {
        const { creditor, debtor, deadline, ...terms } = body;
        const write = await this.client.openCase(actor, {
            ...terms,
            creditorPseudonym: this.parts.pepper.pseudonym(creditor),
            debtorPseudonym: this.parts.pepper.pseudonym(debtor),
            deadline: new Date(deadline).toISOString(),
        });
        const { created, record } = write.result;
        await this.projected(write.committed);
        return { created, record: caseView(record, await blocksOf(this.blocks, record, [])) };
    }

    /** `POST /v1/enforcement/cases/{caseId}/steps`: the case after the step and every step it recorded. */
    async recordStep(actor: Actor, caseId: string, body: StepBody): Promise<StepResultBody> {
        const write = await this.client.recordStep(actor, caseId, body);
        const { record, steps } = write.result;
        await this.projected(write.committed);
        const blocks = await blocksOf(this.blocks, record, steps);
        return { record: caseView(record, blocks), steps: steps.map((step) => stepView(step, blocks)) };
    }

    /**
     * `GET /v1/enforcement/cases`: from the index, newest first. Court roles and subsystems list every case of the
     * court (filtered by `party` when given); a party or agent lists the cases it is creditor or debtor of, and
     * naming another pseudonym is 403 `FORBIDDEN_ACTOR`.
     */
    async listCases(actor: Actor, query: CaseListQuery): Promise<CaseListBody> {
        const own = this.viewer(actor);
        if (own !== '' && query.party !== undefined && query.party !== own) {
            throw new DomainError('FORBIDDEN_ACTOR', 'a party lists only its own cases', 'party');
        }
        const party = own === '' ? query.party : own;
        const rows = await listCases(this.parts.index.db, {
            ...(party === undefined ? {} : { party }),
            ...(query.status === undefined ? {} : { status: query.status }),
            limit: query.limit ?? 50,
            offset: query.offset ?? 0,
        });
        return { cases: rows.map(({ record, blockNumber }) => ({ ...record, blockNumber })) };
    }

    /** `GET /v1/enforcement/cases/{caseId}`: the chaincode decides who may read it. */
    async getCase(actor: Actor, caseId: string): Promise<CaseViewBody> {
        const record = await this.client.getCase(actor, caseId, this.viewer(actor));
        return caseView(record, await blocksOf(this.blocks, record, []));
    }

    /** `GET /v1/enforcement/cases/{caseId}/timeline`: every step in seq order with its block. */
    async timeline(actor: Actor, caseId: string): Promise<TimelineBody> {
        const viewer = this.viewer(actor);
        const record = await this.client.getCase(actor, caseId, viewer);
        const steps = await this.client.listSteps(actor, caseId, viewer);
        const blocks = await blocksOf(this.blocks, undefined, steps);
        return { caseId, status: record.status, steps: steps.map((step) => stepView(step, blocks)) };
    }

    /** `POST /v1/enforcement/agreements/statement`: the text both parties sign for these terms. */
    agreementStatement(body: AgreementTermsBody): AgreementStatementBody {
        return { statement: this.client.agreementStatement(this.agreementRequest(body)) };
    }

    /** `POST /v1/enforcement/agreements`: both parties' signatures over {@link agreementStatement}. */
    async createAgreement(actor: Actor, body: CreateAgreementBody): Promise<CreateAgreementResultBody> {
        const { creditorSignature, debtorSignature, ...terms } = body;
        const request = this.agreementRequest(terms);
        const write = await this.client.createAgreement(actor, request, creditorSignature, debtorSignature);
        const { created, record } = write.result;
        await this.projected(write.committed);
        return { created, record: agreementView(record, await blocksOf(this.blocks, record, [])) };
    }

    /** `POST /v1/enforcement/agreements/{agreementId}/payments`. */
    async recordPayment(actor: Actor, agreementId: string, amount: number): Promise<AgreementViewBody> {
        const write = await this.client.recordAgreementPayment(actor, agreementId, amount);
        await this.projected(write.committed);
        return agreementView(write.result, await blocksOf(this.blocks, write.result, []));
    }

    /** `POST /v1/enforcement/agreements/{agreementId}/check-due` (and the scheduler). */
    async checkDue(actor: Actor, agreementId: string): Promise<CheckDueResultBody> {
        const write = await this.client.checkDue(actor, agreementId);
        const { agreement, opened } = write.result;
        await this.projected(write.committed);
        const blocks = await blocksOf(this.blocks, agreement, []);
        if (opened === undefined) {
            return { agreement: agreementView(agreement, blocks) };
        }
        const openedBlocks = await blocksOf(this.blocks, opened, []);
        return { agreement: agreementView(agreement, blocks), opened: caseView(opened, openedBlocks) };
    }

    /** The terms as the chaincode reads them: the parties as pseudonyms, times in ISO 8601 UTC. */
    private agreementRequest(body: AgreementTermsBody) {
        const { creditor, debtor, instalments, ...terms } = body;
        return {
            ...terms,
            creditorPseudonym: this.parts.pepper.pseudonym(creditor),
            debtorPseudonym: this.parts.pepper.pseudonym(debtor),
            instalments: instalments.map((i) => ({ dueAt: new Date(i.dueAt).toISOString(), amount: i.amount })),
        };
    }

    /** The viewer pseudonym a read passes: a party's (or agent's) own, `''` for court roles and subsystems. */
    private viewer(actor: Actor): string {
        return PARTY_ROLES.includes(actor.role as Role) ? this.parts.pepper.pseudonym(actor.sub) : '';
    }

    /** Waits until the index has projected the write's block (a write that wrote nothing has none to wait for). */
    private async projected(committed: Committed): Promise<void> {
        await this.parts.projector.waitFor(committed.blockNumber);
    }
}
