import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import type { CaseRecord } from '@court-ledger/chaincode';
import { Type } from '@sinclair/typebox';
import { actorOf } from '../../platform/auth/plugin';
import type { Role } from '../../platform/auth/roles';
import { commonErrors, ErrorRef } from '../../platform/http/schemas';
import type { Write } from '../../platform/ledger/contract-client';
import type { CaseClient } from './client';
import {
    AddParticipantBody,
    CaseParams,
    CasePolicySchema,
    CaseRecordSchema,
    CaseTypeParams,
    CaseWriteResponse,
    ParticipantParams,
    PolicyBody,
    RegisterCaseBody,
    type PrincipalName,
} from './schemas';

/** Who records cases, participants and policies: the court's clerks and judges (the chaincode checks the court). */
const MANAGERS: readonly Role[] = ['clerk', 'judge'];

const errors = { 404: ErrorRef, 409: ErrorRef, ...commonErrors };

/** What the case routes are given by the cases plugin. */
export interface CaseRoutesOptions {
    readonly client: CaseClient;
}

/** `/v1/cases/{caseId}`, `/v1/cases/{caseId}/participants…`, `/v1/case-types/{caseType}/policy`. */
const caseRoutes: FastifyPluginCallbackTypebox<CaseRoutesOptions> = (fastify, { client }, done) => {
    fastify.addSchema(CaseRecordSchema);
    const { pepper, projector } = fastify;

    /** A principal as the ledger knows it (what the chaincode compares with `actor.sub`): its pseudonym. */
    const tokenOf = (name: PrincipalName): string => ('sub' in name ? pepper.pseudonym(name.sub) : name.pseudonym);

    const written = async ({ committed, record }: Write<CaseRecord>) => {
        await projector.waitFor(committed.blockNumber);
        return {
            case: record,
            txId: committed.txId,
            blockNumber: committed.blockNumber,
            timestamp: committed.timestamp,
        };
    };

    fastify.put(
        '/v1/cases/:caseId',
        {
            schema: {
                summary: "Register a case of the caller's court and its type (clerk, judge; idempotent)",
                tags: ['cases'],
                security: [{ bearer: [] }],
                params: CaseParams,
                body: RegisterCaseBody,
                response: { 200: CaseWriteResponse, ...errors },
            },
            onRequest: fastify.authorize(MANAGERS),
        },
        async (request) =>
            written(await client.register(actorOf(request), request.params.caseId, request.body.caseType)),
    );

    fastify.post(
        '/v1/cases/:caseId/participants',
        {
            schema: {
                summary: 'Record a participant of a case (clerk, judge of its court)',
                description:
                    'The participant (and the principal an agent acts for) by account id `{sub}` or ledger ' +
                    'pseudonym `{pseudonym}`; side plaintiff, defendant, third-party or agent-of (with agentOf). ' +
                    'Recording a participant again sets its side.',
                tags: ['cases'],
                security: [{ bearer: [] }],
                params: CaseParams,
                body: AddParticipantBody,
                response: { 200: CaseWriteResponse, ...errors },
            },
            onRequest: fastify.authorize(MANAGERS),
        },
        async (request) => {
            const { participant, side, agentOf } = request.body;
            const input = {
                participant: tokenOf(participant),
                side,
                agentOf: agentOf === undefined ? undefined : tokenOf(agentOf),
            };
            return written(await client.addParticipant(actorOf(request), request.params.caseId, input));
        },
    );

    fastify.delete(
        '/v1/cases/:caseId/participants/:participantId',
        {
            schema: {
                summary: 'Remove a participant of a case (clerk, judge of its court)',
                tags: ['cases'],
                security: [{ bearer: [] }],
                params: ParticipantParams,
                response: { 200: CaseWriteResponse, ...errors },
            },
            onRequest: fastify.authorize(MANAGERS),
        },
        async (request) => {
            const { caseId, participantId } = request.params;
            return written(await client.removeParticipant(actorOf(request), caseId, participantId));
        },
    );

    fastify.get(
        '/v1/cases/:caseId/participants',
        {
            schema: {
                summary: "A case's participants (court roles of its court, and its participants)",
                tags: ['cases'],
                security: [{ bearer: [] }],
                params: CaseParams,
                response: { 200: Type.Ref('CaseRecord'), ...errors },
            },
            onRequest: fastify.authorize(),
        },
        async (request) => client.case(actorOf(request), request.params.caseId),
    );

    fastify.put(
        '/v1/case-types/:caseType/policy',
        {
            schema: {
                summary: "Set whether evidence submitters self-register in cases of this type (the caller's court)",
                description: 'Without a policy a case type does not allow self-registration.',
                tags: ['cases'],
                security: [{ bearer: [] }],
                params: CaseTypeParams,
                body: PolicyBody,
                response: { 200: CasePolicySchema, ...errors },
            },
            onRequest: fastify.authorize(MANAGERS),
        },
        async (request) => {
            const { record, committed } = await client.setPolicy(
                actorOf(request),
                request.params.caseType,
                request.body.selfRegistration,
            );
            await projector.waitFor(committed.blockNumber);
            return record;
        },
    );
    done();
};

export default caseRoutes;
