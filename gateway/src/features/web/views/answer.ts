import { courtTimeHtml, escapeHtml, format, messagesFor, type Language } from '../../../platform/web';

/** One public record of `GET /v1/verify/…` (Art. 36: kind, time, transaction and block only). */
export interface PublicRecord {
    readonly kind: string;
    readonly time: string;
    readonly txId: string;
    readonly blockNumber: number;
    readonly batchId?: string;
}

/** What the verify page shows: the public answer, or why there is none. */
export type VerifyAnswer =
    | {
          readonly anchored: true;
          readonly records: readonly PublicRecord[];
          readonly digests?: { readonly sha256: string; readonly sm3?: string };
      }
    | { readonly anchored: false; readonly digests?: { readonly sha256: string; readonly sm3?: string } }
    | { readonly error: string };

function row(label: string, value: string, mono = false): string {
    return `<tr><th scope="row">${escapeHtml(label)}</th><td${mono ? ' class="mono"' : ''}>${value}</td></tr>`;
}

function recordTable(record: PublicRecord, lang: Language, zone: string): string {
    const m = messagesFor(lang);
    const kind = record.kind === 'evidence' ? m.kindEvidence : format(m.kindOther, { kind: record.kind });
    return `<table class="record">
${row(m.recordKind, escapeHtml(kind))}
${row(m.recordTime, courtTimeHtml(record.time, zone))}
${row(m.recordTx, escapeHtml(record.txId), true)}
${row(m.recordBlock, escapeHtml(record.blockNumber))}
${record.batchId === undefined ? '' : row(m.recordBatch, escapeHtml(record.batchId), true)}
</table>`;
}

function digestsTable(digests: { readonly sha256: string; readonly sm3?: string } | undefined, lang: Language): string {
    if (digests === undefined) {
        return '';
    }
    const rows = [row('SHA-256', escapeHtml(digests.sha256), true)];
    if (digests.sm3 !== undefined && digests.sm3 !== '') {
        rows.push(row('SM3', escapeHtml(digests.sm3), true));
    }
    return `<h3>${escapeHtml(messagesFor(lang).fileDigests)}</h3><table class="digests">${rows.join('')}</table>`;
}

/**
 * The answer in plain words, as escaped HTML: rendered by the server (the no-JavaScript form, the digest
 * form) and by the browser (after hashing), so both say the same.
 */
export function renderAnswer(answer: VerifyAnswer, lang: Language, zone: string): string {
    const m = messagesFor(lang);
    if ('error' in answer) {
        return `<section class="answer error" role="alert"><h2>${escapeHtml(m.errorTitle)}</h2><p>${escapeHtml(answer.error)}</p></section>`;
    }
    if (!answer.anchored) {
        return `<section class="answer not-found" role="status" data-anchored="false"><h2>✗ ${escapeHtml(m.notFoundTitle)}</h2>
<p>${escapeHtml(m.notFoundExplain)}</p>${digestsTable(answer.digests, lang)}</section>`;
    }
    return `<section class="answer found" role="status" data-anchored="true"><h2>✓ ${escapeHtml(m.foundTitle)}</h2>
<p>${escapeHtml(m.foundExplain)}</p>
${answer.records.map((record) => recordTable(record, lang, zone)).join('\n')}${digestsTable(answer.digests, lang)}</section>`;
}
