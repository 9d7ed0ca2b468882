import { LEGAL_SERVICE_RULES } from '@court-ledger/chaincode';
import type { ServiceEventView, ServiceViewBody } from './schemas';

/** The legal date of service with the rule that decided it, what the rule says, and its source. */
export interface CertificateLegalService {
    readonly status: string;
    readonly servedAt?: string;
    readonly rule: string;
    readonly when: string;
    readonly source: string;
}

/** A service certificate (`GET /v1/services/{id}/certificate`): the facts, every event, the legal date. */
export interface ServiceCertificate {
    readonly certificate: 'court-ledger service certificate';
    readonly version: 1;
    readonly generatedAt: string;
    readonly ledger: { readonly mode: string; readonly channel: string };
    readonly service: {
        readonly serviceId: string;
        readonly caseId: string;
        readonly documentType: string;
        readonly document: { readonly sha256: string; readonly sm3?: string };
        readonly recipientPseudonym: string;
        readonly addressHash: string;
        readonly channel: string;
        readonly addressConfirmed: boolean;
        readonly status: string;
        readonly issuedBy: { readonly sub: string; readonly role: string };
        readonly issuedAt: string;
        readonly txId: string;
        readonly blockNumber: number;
    };
    /** In ledger order, each with its transaction and block. */
    readonly events: readonly ServiceEventView[];
    readonly legalService: CertificateLegalService;
}

/**
 * Builds the certificate of a service from its view: nothing personal beyond what the record holds (pseudonym,
 * address hash, court principals), every event with its transaction id and block number, and the legal date
 * of service with the text and source of the rule that gave it (the chaincode's `LEGAL_SERVICE_RULES`).
 */
export function buildCertificate(
    view: ServiceViewBody,
    ledger: { readonly mode: string; readonly channel: string },
    now: Date = new Date(),
): ServiceCertificate {
    const rule = LEGAL_SERVICE_RULES.find((row) => row.rule === view.legalService.rule);
    const { events, legalService, ...service } = view;
    return {
        certificate: 'court-ledger service certificate',
        version: 1,
        generatedAt: now.toISOString(),
        ledger: { mode: ledger.mode, channel: ledger.channel },
        service,
        events,
        legalService: {
            ...legalService,
            when: rule?.when ?? '',
            source: rule?.source ?? '',
        },
    };
}
