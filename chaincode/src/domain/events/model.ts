import type { AnchorRecord } from '../anchor/model';
import type { CaseRecord, CaseTypePolicy } from '../case/model';
import type { EnforcementChange } from '../enforcement/model';
import type { EvidenceRecord } from '../evidence/model';
import type { GuaranteeRecord } from '../guarantee/model';
import type { PreservationRecord } from '../preservation/model';
import type { RecipientKeyRecord, ServiceRecord } from '../service/model';

/** Chaincode event names, one per write. */
export const EVENT_NAMES = {
    evidenceSubmitted: 'EvidenceSubmitted',
    evidenceCustody: 'EvidenceCustody',
    anchorRecorded: 'AnchorRecorded',
    serviceIssued: 'ServiceIssued',
    serviceEvent: 'ServiceEvent',
    recipientKeyRegistered: 'RecipientKeyRegistered',
    preservationApplied: 'PreservationApplied',
    preservationAction: 'PreservationAction',
    guaranteeApplied: 'GuaranteeApplied',
    guaranteeAction: 'GuaranteeAction',
    enforcementCaseOpened: 'EnforcementCaseOpened',
    enforcementStep: 'EnforcementStep',
    enforcementAgreementCreated: 'EnforcementAgreementCreated',
    enforcementAgreementPayment: 'EnforcementAgreementPayment',
    enforcementAgreementDefaulted: 'EnforcementAgreementDefaulted',
    caseRegistered: 'CaseRegistered',
    caseParticipantsChanged: 'CaseParticipantsChanged',
    casePolicySet: 'CasePolicySet',
} as const;

/** A chaincode event name. */
export type EventName = (typeof EVENT_NAMES)[keyof typeof EVENT_NAMES];

/**
 * Payload of every chaincode event (canonical JSON): the event name and the record after the write. The
 * enforcement events carry an {@link EnforcementChange}: every record their transaction wrote.
 */
export interface LedgerEventPayload<
    T =
        | EvidenceRecord
        | AnchorRecord
        | ServiceRecord
        | RecipientKeyRecord
        | PreservationRecord
        | GuaranteeRecord
        | EnforcementChange
        | CaseRecord
        | CaseTypePolicy,
> {
    readonly type: EventName;
    readonly record: T;
}
