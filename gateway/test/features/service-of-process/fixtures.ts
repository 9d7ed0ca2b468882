import type { ServiceRecord } from '@court-ledger/chaincode';

/** A service record as the chaincode writes it, for unit tests. */
export function sampleRecord(overrides: Partial<ServiceRecord> = {}): ServiceRecord {
    return {
        serviceId: 'sv_0123456789abcdef0123456789abcdef',
        caseId: '(2026)京0491民初123号',
        document: { sha256: 'ab'.repeat(32) },
        documentType: 'summons',
        recipientPseudonym: 'cd'.repeat(32),
        addressHash: 'ef'.repeat(32),
        channel: 'email',
        addressConfirmed: true,
        status: 'issued',
        issuedBy: { sub: 'clerk-1', role: 'clerk' },
        issuedAt: '2026-03-01T08:00:00.000Z',
        txId: '11'.repeat(32),
        events: [
            {
                type: 'issued',
                at: '2026-03-01T08:00:00.000Z',
                recordedAt: '2026-03-01T08:00:00.000Z',
                actor: { sub: 'clerk-1', role: 'clerk' },
                txId: '11'.repeat(32),
            },
        ],
        ...overrides,
    };
}
