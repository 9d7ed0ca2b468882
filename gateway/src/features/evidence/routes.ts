import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import type { EvidenceRecord } from '@court-ledger/chaincode';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { COURT_ROLES } from '../../platform/auth/roles';
import { digestStream } from '../../platform/hashing/digests';
import { readMultipart } from '../../platform/http/multipart';
import { actorOf } from '../../platform/auth/plugin';
import { BlockLocator } from '../../platform/ledger/block-locator';
import { keepTexts, sealText } from '../../platform/store/off-chain-texts';
import { commonErrors, ErrorRef } from '../../platform/http/schemas';
import type { EvidenceClient } from './client';
import { addCustodyNote, custodyNotes } from './custody-notes';
import {
    CaseId,
    CustodyBody,
    EvidenceParams,
    EvidenceRecordSchema,
    EvidenceWithNotes,
    SubmitBody,
    SubmitResponse,
} from './schemas';

/**
 * Turns a multipart upload (`file` part + `caseId` field) into the JSON body shape, hashing the file while it
 * streams (SHA-256 and SM3 in one pass, nothing stored), so both forms go through one schema.
 */
async function multipartToBody(request: FastifyRequest, uploadLimit: number): Promise<Record<string, unknown>> {
    const upload = await readMultipart(request, {
        filePart: 'file',
        uploadLimit,
        onFile: (file) => digestStream(file),
    });
    return {
        ...upload.fields,
        digests: { sha256: upload.file.sha256, sm3: upload.file.sm3 },
        size: upload.file.size,
        mediaType: upload.fields.mediaType ?? upload.mimetype,
    };
}

function summary(record: EvidenceRecord, blockNumber: number, timestamp: string, txId: string): SubmitResponse {
    return {
        evidenceId: record.evidenceId,
        caseId: record.caseId,
        digests: record.digests,
        ...(record.size === undefined ? {} : { size: record.size }),
        ...(record.mediaType === undefined ? {} : { mediaType: record.mediaType }),
        status: record.status,
        txId,
        blockNumber,
        timestamp,
    };
}

/** What the evidence routes are given by the evidence plugin. */
export interface EvidenceRoutesOptions {
    readonly client: EvidenceClient;
}

/** Evidence: `/v1/evidence…` and `/v1/cases/{caseId}/evidence`. */
const evidenceRoutes: FastifyPluginCallbackTypebox<EvidenceRoutesOptions> = (fastify, { client }, done) => {
    fastify.addSchema(EvidenceRecordSchema);
    const { config, index, ledger, projector } = fastify;
    const blocks = new BlockLocator(ledger, index.db);

    fastify.post(
        '/v1/evidence',
        {
            schema: {
                summary: 'Anchor evidence (JSON digests, or multipart `file` + `caseId`)',
                tags: ['evidence'],
                security: [{ bearer: [] }],
                body: SubmitBody,
                response: { 200: SubmitResponse, 201: SubmitResponse, 409: ErrorRef, ...commonErrors },
            },
            onRequest: fastify.authorize(['party', 'agent', 'clerk']),
            preValidation: async (request) => {
                if (request.isMultipart()) {
                    request.body = (await multipartToBody(request, config.uploadLimit)) as SubmitBody;
                }
            },
        },
        async (request, reply) => {
            const body = request.body;
            const actor = actorOf(request);
            const { committed, created, record } = await client.submitEvidence(actor, {
                caseId: body.caseId,
                sha256: body.digests.sha256,
                sm3: body.digests.sm3,
                size: body.size,
                mediaType: body.mediaType,
            });
            if (created) {
                await projector.waitFor(committed.blockNumber);
                return reply
                    .code(201)
                    .send(summary(record, committed.blockNumber, committed.timestamp, committed.txId));
            }
            // Already on the ledger: where the original submission is, from the index's transaction journal.
            const original = await blocks.place(record.txId);
            return reply.code(200).send(summary(record, original.blockNumber, original.timestamp, record.txId));
        },
    );

    fastify.get(
        '/v1/evidence/:id',
        {
            schema: {
                summary: 'An evidence record with its custody trail',
                tags: ['evidence'],
                security: [{ bearer: [] }],
                params: EvidenceParams,
                response: { 200: EvidenceWithNotes, 404: ErrorRef, ...commonErrors },
            },
            onRequest: fastify.authorize(),
        },
        async (request) => {
            const actor = actorOf(request);
            const record = await client.evidence(actor, request.params.id);
            if (!(COURT_ROLES as readonly string[]).includes(actor.role)) {
                return record;
            }
            return { ...record, notes: await custodyNotes(index.db, record.evidenceId) };
        },
    );

    fastify.post(
        '/v1/evidence/:id/custody',
        {
            schema: {
                summary:
                    'Record a custody event (exchange, present, cross-examine, admit, exclude, challenge, withdraw)',
                tags: ['evidence'],
                security: [{ bearer: [] }],
                params: EvidenceParams,
                body: CustodyBody,
                response: { 200: Type.Ref('EvidenceRecord'), 404: ErrorRef, 409: ErrorRef, ...commonErrors },
            },
            onRequest: fastify.authorize(),
        },
        async (request) => {
            const { event, note } = request.body;
            // The note is free text that may name people: only its salted digest goes on the shared ledger.
            const sealed = note === undefined ? undefined : sealText(note);
            if (sealed !== undefined) {
                await keepTexts(index.db, [sealed]);
            }
            const { committed, record } = await client.custody(
                actorOf(request),
                request.params.id,
                event,
                sealed?.sha256,
            );
            if (sealed !== undefined) {
                await addCustodyNote(index.db, record.evidenceId, committed.txId, sealed);
            }
            await projector.waitFor(committed.blockNumber);
            return record;
        },
    );

    fastify.get(
        '/v1/cases/:caseId/evidence',
        {
            schema: {
                summary: 'Evidence anchored in a case',
                tags: ['evidence'],
                security: [{ bearer: [] }],
                params: Type.Object({ caseId: CaseId }),
                response: {
                    200: Type.Object({ caseId: Type.String(), evidence: Type.Array(Type.Ref('EvidenceRecord')) }),
                    ...commonErrors,
                },
            },
            onRequest: fastify.authorize(),
        },
        async (request) => {
            const { caseId } = request.params;
            return { caseId, evidence: await client.evidenceByCase(actorOf(request), caseId) };
        },
    );
    done();
};

export default evidenceRoutes;
