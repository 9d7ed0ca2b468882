import {
    EVENT_NAMES,
    type AnchorRecord,
    type EnforcementChange,
    type GuaranteeRecord,
    type ServiceRecord,
} from '@court-ledger/chaincode';
import type { ProjectedEvent } from '../../platform/store/projection';
import type { EventData, EventType } from './schemas';

/** A notification derived from a chaincode event, as the event log stores it. */
export interface NotificationEvent {
    /** `evt_<block>_<tx>_<index>`: stable (a replay derives the same), ordered like the ledger. */
    readonly eventId: string;
    readonly blockNumber: number;
    readonly txIndex: number;
    /** Position among the notifications of one transaction. */
    readonly idx: number;
    readonly type: EventType;
    /** The case it belongs to (case-bound types). */
    readonly caseId?: string;
    /** The only principal it is for (`anchor.items-anchored`: the items' source). */
    readonly subjectSub?: string;
    /** Ledger time of the event (the envelope's `timestamp`). */
    readonly occurredAt: string;
    readonly data: EventData;
}

/** The transaction of the chaincode event a notification comes from. */
interface LedgerAt {
    readonly txId: string;
    readonly blockNumber: number;
}

type Draft = Omit<NotificationEvent, 'eventId' | 'blockNumber' | 'txIndex' | 'idx'>;

/** The id of the `idx`-th notification of the transaction at (block, tx). */
export function eventId(blockNumber: number, txIndex: number, idx: number): string {
    return `evt_${blockNumber}_${txIndex}_${idx}`;
}

/** Parses an event id (e.g. an SSE `Last-Event-ID`); undefined when it is not one. */
export function parseEventId(id: string): { blockNumber: number; txIndex: number; idx: number } | undefined {
    const match = /^evt_([0-9]{1,15})_([0-9]{1,9})_([0-9]{1,9})$/.exec(id);
    if (match === null) {
        return undefined;
    }
    return { blockNumber: Number(match[1]), txIndex: Number(match[2]), idx: Number(match[3]) };
}

function anchorDrafts(record: AnchorRecord, ledger: LedgerAt): Draft[] {
    const batch = {
        batchId: record.batchId,
        rootHash: record.rootHash,
        treeSize: record.treeSize,
        kinds: [...record.kinds],
        recordedAt: record.recordedAt,
        ...ledger,
    };
    return [
        { type: 'anchor.batch-sealed', occurredAt: record.recordedAt, data: batch },
        ...record.sources.map((source): Draft => ({
            type: 'anchor.items-anchored',
            subjectSub: source,
            occurredAt: record.recordedAt,
            data: { ...batch, source },
        })),
    ];
}

function serviceDraft(record: ServiceRecord, ledger: LedgerAt): Draft {
    const last = record.events[record.events.length - 1];
    return {
        type: 'service.event',
        caseId: record.caseId,
        occurredAt: last?.recordedAt ?? record.issuedAt,
        data: {
            serviceId: record.serviceId,
            caseId: record.caseId,
            documentType: record.documentType,
            channel: record.channel,
            status: record.status,
            at: last?.at ?? record.issuedAt,
            ...ledger,
        },
    };
}

function guaranteeDraft(record: GuaranteeRecord, ledger: LedgerAt): Draft {
    const last = record.history[record.history.length - 1];
    return {
        type: 'guarantee.status',
        caseId: record.caseId,
        occurredAt: last?.at ?? record.appliedAt,
        data: {
            letterId: record.letterId,
            applicationId: record.applicationId,
            caseId: record.caseId,
            status: record.status,
            ...(last === undefined ? {} : { action: last.action }),
            at: last?.at ?? record.appliedAt,
            ...ledger,
        },
    };
}

function enforcementDrafts(change: EnforcementChange, ledger: LedgerAt): Draft[] {
    return change.steps.map((step) => ({
        type: 'enforcement.step',
        caseId: step.caseId,
        occurredAt: step.at,
        data: {
            caseId: step.caseId,
            seq: step.seq,
            step: step.step,
            automatic: step.automatic,
            ...(step.trigger === undefined ? {} : { trigger: step.trigger }),
            ...(change.case?.caseId === step.caseId ? { caseStatus: change.case.status } : {}),
            at: step.at,
            ...ledger,
        },
    }));
}

function drafts(projected: ProjectedEvent): Draft[] {
    const { event, record } = projected;
    const ledger: LedgerAt = { txId: event.txId, blockNumber: event.blockNumber };
    switch (event.name) {
        case EVENT_NAMES.anchorRecorded:
            return anchorDrafts(record as unknown as AnchorRecord, ledger);
        case EVENT_NAMES.serviceIssued:
        case EVENT_NAMES.serviceEvent:
            return [serviceDraft(record as unknown as ServiceRecord, ledger)];
        case EVENT_NAMES.guaranteeApplied:
        case EVENT_NAMES.guaranteeAction:
            return [guaranteeDraft(record as unknown as GuaranteeRecord, ledger)];
        case EVENT_NAMES.enforcementCaseOpened:
        case EVENT_NAMES.enforcementStep:
        case EVENT_NAMES.enforcementAgreementPayment:
        case EVENT_NAMES.enforcementAgreementDefaulted:
            return enforcementDrafts(record as unknown as EnforcementChange, ledger);
        default:
            return [];
    }
}

/**
 * The notifications of projected chaincode events, in ledger order: a recorded batch gives `anchor.batch-sealed`
 * and one `anchor.items-anchored` per source; a service write `service.event`; a guarantee write
 * `guarantee.status`; an enforcement write one `enforcement.step` per step it recorded. Pure: the same events
 * always give the same notifications with the same ids.
 */
export function notificationsOf(events: readonly ProjectedEvent[]): NotificationEvent[] {
    return events.flatMap((projected) =>
        drafts(projected).map((draft, idx) => ({
            ...draft,
            eventId: eventId(projected.event.blockNumber, projected.event.txIndex, idx),
            blockNumber: projected.event.blockNumber,
            txIndex: projected.event.txIndex,
            idx,
        })),
    );
}
