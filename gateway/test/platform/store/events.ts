import { createHash } from 'node:crypto';
import type { LedgerEvent } from '../../../src/platform/ledger/ledger.js';

/** Deterministic pseudo-random numbers (mulberry32), so a failing stream can be reproduced from its seed. */
export function rng(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

/** Lower-case hex SHA-256 of a string. */
export function sha256Hex(text: string): string {
    return createHash('sha256').update(text).digest('hex');
}

/** An event with a JSON payload `{type: name, record}` (or raw payload bytes). */
export function ledgerEvent(
    blockNumber: number,
    txIndex: number,
    name: string,
    record: unknown,
    txId = `tx-${blockNumber}-${txIndex}`,
): LedgerEvent {
    const payload = record instanceof Uint8Array ? record : Buffer.from(JSON.stringify({ type: name, record }));
    return {
        blockNumber,
        txIndex,
        txId,
        timestamp: new Date(Date.UTC(2026, 0, 1) + blockNumber * 1000).toISOString(),
        name,
        payload,
    };
}

interface EvidenceState {
    evidenceId: string;
    caseId: string;
    digests: { sha256: string; sm3?: string };
    size?: number;
    mediaType?: string;
    submitter: { sub: string; role: string };
    status: string;
    submittedAt: string;
    txId: string;
    custody: Record<string, unknown>[];
}

const STEPS: readonly (readonly [string, string])[] = [
    ['exchange', 'exchanged'],
    ['present', 'presented'],
    ['cross-examine', 'cross-examined'],
    ['admit', 'admitted'],
];

/** What a synthetic stream contains, for assertions. */
export interface SyntheticStream {
    readonly events: LedgerEvent[];
    /** Final evidence records by id. */
    readonly evidence: Map<string, EvidenceState>;
    /** Anchor records by batch id. */
    readonly batches: Map<string, Record<string, unknown>>;
}

/**
 * A plausible event stream: evidence submissions in a few cases, custody steps, anchor batches and events of
 * other contracts (which the index skips), 1–3 transactions per block, sometimes with block gaps.
 */
export function syntheticStream(count: number, seed = 1): SyntheticStream {
    const random = rng(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const evidence = new Map<string, EvidenceState>();
    const batches = new Map<string, Record<string, unknown>>();
    const events: LedgerEvent[] = [];
    let block = 1;
    let txIndex = 0;
    for (let n = 0; n < count; n++) {
        if (txIndex > 0 && random() < 0.5) {
            block += random() < 0.2 ? 2 : 1;
            txIndex = 0;
        }
        const txId = `tx-${block}-${txIndex}`;
        const at = new Date(Date.UTC(2026, 0, 1) + block * 1000).toISOString();
        const roll = random();
        const open = [...evidence.values()].filter((e) => e.custody.length < STEPS.length);
        if (roll < 0.35 || open.length === 0) {
            const sha256 = sha256Hex(`file-${n}`);
            const record: EvidenceState = {
                evidenceId: `ev_${sha256Hex(`id-${n}`).slice(0, 32)}`,
                caseId: pick(['(2026)A01', '(2026)A02', '(2026)B07']),
                digests: random() < 0.5 ? { sha256 } : { sha256, sm3: sha256Hex(`sm3-${n}`) },
                ...(random() < 0.7 ? { size: Math.floor(random() * 1e9) } : {}),
                ...(random() < 0.5 ? { mediaType: 'application/pdf' } : {}),
                submitter: { sub: pick(['acct-1001', 'acct-1002', 'acct-2001']), role: pick(['party', 'agent']) },
                status: 'submitted',
                submittedAt: at,
                txId,
                custody: [],
            };
            evidence.set(record.evidenceId, record);
            events.push(ledgerEvent(block, txIndex, 'EvidenceSubmitted', structuredClone(record), txId));
        } else if (roll < 0.7) {
            const record = pick(open);
            const [event, status] = STEPS[record.custody.length] ?? ['admit', 'admitted'];
            record.status = status;
            record.custody.push({
                event,
                status,
                actor: { sub: 'clerk-7', role: 'clerk' },
                ...(random() < 0.3 ? { noteSha256: sha256Hex(`note-${n}`) } : {}),
                at,
                txId,
            });
            events.push(ledgerEvent(block, txIndex, 'EvidenceCustody', structuredClone(record), txId));
        } else if (roll < 0.85) {
            const batchId = `b_synthetic_${n}`;
            const record = {
                batchId,
                rootHash: sha256Hex(`root-${n}`),
                treeSize: 1 + Math.floor(random() * 1000),
                kinds: ['document'],
                sources: ['trial.subsystem'],
                recordedBy: { sub: 'gateway-batcher', role: 'subsystem' },
                recordedAt: at,
                txId,
            };
            batches.set(batchId, record);
            events.push(ledgerEvent(block, txIndex, 'AnchorRecorded', record, txId));
        } else {
            events.push(ledgerEvent(block, txIndex, 'ServiceRecorded', { anything: n }, txId));
        }
        txIndex++;
    }
    return { events, evidence, batches };
}
