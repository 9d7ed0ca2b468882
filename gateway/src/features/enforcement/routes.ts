import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { PARTY_ROLES } from '@court-ledger/chaincode';
import { Type } from '@sinclair/typebox';
import { actorOf } from '../../platform/auth/plugin';
import { COURT_ROLES, type Role } from '../../platform/auth/roles';
import { commonErrors, ErrorRef, PageLanguageQuery } from '../../platform/http/schemas';
import { languageOf, wantsHtml } from '../../platform/web';
import { loadAssetUrls } from '../../platform/web/assets';
import type { EnforcementDesk } from './desk';
import { renderTimelineHtml } from './timeline-html';
import {
    AgreementParams,
    AgreementStatement,
    AgreementTermsBody,
    AgreementView,
    CaseList,
    CaseListQuery,
    CaseParams,
    CheckDueResult,
    CreateAgreementBody,
    CreateAgreementResult,
    OpenCaseBody,
    OpenCaseResult,
    PaymentBody,
    StepBody,
    StepResult,
    Timeline,
} from './schemas';

const errors = { 404: ErrorRef, 409: ErrorRef, ...commonErrors };

/**
 * Who reaches the case routes: court staff, the parties and subsystems. The chaincode then decides: a party
 * reads only its own cases and records no step (403 `FORBIDDEN_ROLE` from the step table).
 */
const CASE_ROLES: readonly Role[] = [...COURT_ROLES, ...PARTY_ROLES, 'subsystem'];

/**
 * Enforcement (Art. 31): `POST /v1/enforcement/cases`, `GET /v1/enforcement/cases` (list),
 * `GET /v1/enforcement/cases/{caseId}`,
 * `POST /v1/enforcement/cases/{caseId}/steps`, `GET /v1/enforcement/cases/{caseId}/timeline`,
 * `POST /v1/enforcement/agreements/statement`, `POST /v1/enforcement/agreements`,
 * `POST /v1/enforcement/agreements/{agreementId}/payments`,
 * `POST /v1/enforcement/agreements/{agreementId}/check-due`. Roles are checked by the chaincode (403
 * `FORBIDDEN_ROLE`), its rules give 409 with the rule's code.
 */
/** What the enforcement routes are given by the enforcement plugin. */
export interface EnforcementRoutesOptions {
    readonly desk: EnforcementDesk;
}

const enforcementRoutes: FastifyPluginCallbackTypebox<EnforcementRoutesOptions> = (fastify, { desk }, done) => {
    const assets = loadAssetUrls();
    fastify.post(
        '/v1/enforcement/cases',
        {
            schema: {
                summary: 'Open an enforcement case (clerk, enforcement officer)',
                description:
                    'Creditor and debtor are principal ids; only their pseudonyms (HMAC-SHA256 with the court ' +
                    'pepper) go on the ledger. Amounts are integer fen. The same request again returns the case ' +
                    'with `created: false`; other terms under the same number are 409 `CONFLICT`.',
                tags: ['enforcement'],
                security: [{ bearer: [] }],
                body: OpenCaseBody,
                response: { 201: OpenCaseResult, 200: OpenCaseResult, ...errors },
            },
            onRequest: fastify.authorize(['clerk', 'enforcement']),
        },
        async (request, reply) => {
            const opened = await desk.openCase(actorOf(request), request.body);
            return reply.code(opened.created ? 201 : 200).send(opened);
        },
    );

    fastify.get(
        '/v1/enforcement/cases',
        {
            schema: {
                summary: 'List enforcement cases, newest first (court: every case; a party: its own)',
                description:
                    'Court roles and subsystems list every case of the court, or those of one party with ' +
                    '`party=<pseudonym>` (creditor or debtor). A party or agent lists the cases it is creditor or ' +
                    'debtor of; `party` naming anyone else is 403 `FORBIDDEN_ACTOR`. Read from the index.',
                tags: ['enforcement'],
                security: [{ bearer: [] }],
                querystring: CaseListQuery,
                response: { 200: CaseList, ...errors },
            },
            onRequest: fastify.authorize(CASE_ROLES),
        },
        async (request) => desk.listCases(actorOf(request), request.query),
    );

    fastify.get(
        '/v1/enforcement/cases/:caseId',
        {
            schema: {
                summary: 'An enforcement case: terms, figures, controls, listings (court, its parties, subsystems)',
                description:
                    'A party or agent that is neither creditor nor debtor gets the same 404 `CASE_NOT_FOUND` as for ' +
                    'an unknown case number.',
                tags: ['enforcement'],
                security: [{ bearer: [] }],
                params: CaseParams,
                response: { 200: OpenCaseResult.properties.record, ...errors },
            },
            onRequest: fastify.authorize(CASE_ROLES),
        },
        async (request) => desk.getCase(actorOf(request), request.params.caseId),
    );

    fastify.post(
        '/v1/enforcement/cases/:caseId/steps',
        {
            schema: {
                summary: 'Record a step of an enforcement case (`{step, …fields}`)',
                description:
                    'Officers record the steps, judges `trust-breaking-add`/`-remove` and `conclude`, the auction ' +
                    'platform (subsystem) `auction-result`. A payment-in that leaves nothing outstanding also ' +
                    'concludes the case as performed and releases, delists and lifts in the same transaction ' +
                    '(steps with `automatic: true`).',
                tags: ['enforcement'],
                security: [{ bearer: [] }],
                params: CaseParams,
                body: StepBody,
                response: { 200: StepResult, ...errors },
            },
            onRequest: fastify.authorize(CASE_ROLES),
        },
        async (request) => desk.recordStep(actorOf(request), request.params.caseId, request.body),
    );

    fastify.get(
        '/v1/enforcement/cases/:caseId/timeline',
        {
            schema: {
                summary: 'Every step of a case with its time, actor, transaction and block',
                description:
                    'JSON, or with `Accept: text/html` a page (Chinese, English with `?lang=en`): times in the ' +
                    "court's zone with the UTC instant, amounts in yuan, each step's rule and its source.",
                tags: ['enforcement'],
                security: [{ bearer: [] }],
                params: CaseParams,
                querystring: PageLanguageQuery,
                produces: ['application/json', 'text/html'],
                response: {
                    200: {
                        content: {
                            'application/json': { schema: Timeline },
                            'text/html': { schema: Type.String({ description: 'timeline page' }) },
                        },
                    },
                    ...errors,
                },
            },
            onRequest: fastify.authorize(CASE_ROLES),
        },
        async (request, reply) => {
            const timeline = await desk.timeline(actorOf(request), request.params.caseId);
            if (wantsHtml(request.headers.accept)) {
                const options = { lang: languageOf(request.query.lang), zone: fastify.config.courtTimeZone, assets };
                return reply.type('text/html; charset=utf-8').send(renderTimelineHtml(timeline, options));
            }
            return reply.type('application/json').send(timeline);
        },
    );

    fastify.post(
        '/v1/enforcement/agreements/statement',
        {
            schema: {
                summary: 'The text both parties sign for the terms of an agreement (clerk, judge, enforcement)',
                description:
                    'The agreement id goes on the ledger keyed (HMAC with the court pepper, as case numbers do), ' +
                    'so the parties sign the terms as the ledger holds them: the court presents this text to each ' +
                    'party, and `POST /v1/enforcement/agreements` takes the same terms with both signatures.',
                tags: ['enforcement'],
                security: [{ bearer: [] }],
                body: AgreementTermsBody,
                response: { 200: AgreementStatement, ...commonErrors },
            },
            onRequest: fastify.authorize(COURT_ROLES),
        },
        (request, reply) => reply.send(desk.agreementStatement(request.body)),
    );

    fastify.post(
        '/v1/enforcement/agreements',
        {
            schema: {
                summary: 'Record a performance agreement signed by both parties (clerk, judge, enforcement)',
                description:
                    'Each signature is base64 DER ECDSA P-256/SHA-256 over the agreement statement ' +
                    '(`POST /v1/enforcement/agreements/statement`), verified with ' +
                    'the key the party registered for its pseudonym (`/v1/recipients/{pseudonym}/keys`).',
                tags: ['enforcement'],
                security: [{ bearer: [] }],
                body: CreateAgreementBody,
                response: { 201: CreateAgreementResult, 200: CreateAgreementResult, ...errors },
            },
            onRequest: fastify.authorize(COURT_ROLES),
        },
        async (request, reply) => {
            const created = await desk.createAgreement(actorOf(request), request.body);
            return reply.code(created.created ? 201 : 200).send(created);
        },
    );

    fastify.post(
        '/v1/enforcement/agreements/:agreementId/payments',
        {
            schema: {
                summary: 'Record a payment against a performance agreement (enforcement officer)',
                tags: ['enforcement'],
                security: [{ bearer: [] }],
                params: AgreementParams,
                body: PaymentBody,
                response: { 200: AgreementView, ...errors },
            },
            onRequest: fastify.authorize(['enforcement']),
        },
        async (request) => desk.recordPayment(actorOf(request), request.params.agreementId, request.body.amount),
    );

    fastify.post(
        '/v1/enforcement/agreements/:agreementId/check-due',
        {
            schema: {
                summary: 'Check an agreement for a missed instalment (subsystem, enforcement officer)',
                description:
                    'Decided from the transaction time: an instalment unpaid past due + grace opens the case ' +
                    '`<agreementId>-enf` for the outstanding amount (`opened`), once.',
                tags: ['enforcement'],
                security: [{ bearer: [] }],
                params: AgreementParams,
                response: { 200: CheckDueResult, ...errors },
            },
            onRequest: fastify.authorize(['subsystem', 'enforcement']),
        },
        async (request) => desk.checkDue(actorOf(request), request.params.agreementId),
    );
    done();
};

export default enforcementRoutes;
