import type { FastifyInstance } from 'fastify';
import type { Harness } from './gateway-harness';

/** A participant to record: its account id and side (`agentOf`: the sub it acts for, with side agent-of). */
export interface Enrolment {
    readonly sub: string;
    readonly side?: 'plaintiff' | 'defendant' | 'third-party' | 'agent-of';
    readonly agentOf?: string;
}

async function expectOk(what: string, res: { statusCode: number; body: string }): Promise<void> {
    if (res.statusCode !== 200) {
        throw new Error(`${what}: ${res.statusCode} ${res.body}`);
    }
    await Promise.resolve();
}

/**
 * Registers `caseId` (type `caseType`) as a clerk of the gateway's court and records `participants` over HTTP,
 * as a court does before parties act in a case (README "Case participation"). Participants without a side are
 * plaintiffs. Idempotent.
 */
export async function enrol(
    gw: Harness,
    caseId: string,
    participants: readonly Enrolment[],
    caseType = 'civil',
): Promise<void> {
    await enrolOn(gw.app, gw.auth('clerk', 'clerk-enrol'), caseId, participants, caseType);
}

/** {@link enrol} on any Fastify app (the benchmarks' gateway too), as the clerk whose headers are given. */
export async function enrolOn(
    app: Pick<FastifyInstance, 'inject'>,
    clerk: Record<string, string>,
    caseId: string,
    participants: readonly Enrolment[],
    caseType = 'civil',
): Promise<void> {
    const url = `/v1/cases/${encodeURIComponent(caseId)}`;
    await expectOk(
        `register ${caseId}`,
        await app.inject({ method: 'PUT', url, headers: clerk, payload: { caseType } }),
    );
    for (const { sub, side = 'plaintiff', agentOf } of participants) {
        const payload = {
            participant: { sub },
            side,
            ...(agentOf === undefined ? {} : { agentOf: { sub: agentOf } }),
        };
        await expectOk(
            `record ${sub} in ${caseId}`,
            await app.inject({ method: 'POST', url: `${url}/participants`, headers: clerk, payload }),
        );
    }
}
