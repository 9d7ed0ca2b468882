/**
 * Browser script of `/receipt`: the CLI's receipt verifier, bundled, run entirely here (no request after the
 * page has loaded): schema, file digest, leaf and root from the inclusion proof, the anchoring transaction's
 * signatures with WebCrypto, the signer against the pasted fingerprint.
 */
import { embeddedAnchorVerifier } from '../src/platform/receipts/anchor-embedded';
import { verifyReceipt, type Check, type VerifyReceiptResult } from '../src/platform/receipts/verify';
import { escapeHtml } from '../src/platform/web/html';
import { hashFile } from './hashing';
import { byId, pageContext } from './page';

const { m } = pageContext();
const result = byId('result', HTMLDivElement);
const fingerprint = byId('fingerprint', HTMLInputElement);

function checkItem(check: Check): string {
    const mark = !check.ok ? '✗' : check.pinned === false ? '⚠' : '✓';
    const state = !check.ok ? 'fail' : check.pinned === false ? 'warn' : 'pass';
    const name = m.checkNames[check.name] ?? check.name;
    return `<li class="${state}" data-check="${escapeHtml(check.name)}" data-state="${state}"><span aria-hidden="true">${mark}</span> <strong>${escapeHtml(name)}</strong>${
        check.detail === undefined ? '' : ` — <span class="mono">${escapeHtml(check.detail)}</span>`
    }</li>`;
}

function show(outcome: VerifyReceiptResult, fabric: boolean): void {
    const verdict = { valid: m.verdictValid, unpinned: m.verdictUnpinned, invalid: m.verdictInvalid }[outcome.verdict];
    result.innerHTML = `<section class="verdict ${outcome.verdict}" role="status" data-verdict="${outcome.verdict}">
<h2>${outcome.verdict === 'valid' ? '✓' : outcome.verdict === 'unpinned' ? '⚠' : '✗'} ${escapeHtml(verdict)}</h2>
${fabric ? `<p>${escapeHtml(m.fabricInBrowser)}</p>` : ''}
<ul class="checks">${outcome.checks.map(checkItem).join('')}</ul></section>`;
}

async function check(): Promise<void> {
    const receiptFile = byId('receipt', HTMLInputElement).files?.[0];
    if (receiptFile === undefined) {
        return;
    }
    let receipt: unknown;
    try {
        receipt = JSON.parse(await receiptFile.text());
    } catch {
        result.innerHTML = `<p class="fail" role="alert">✗ ${escapeHtml(m.receiptNotJson)}</p>`;
        return;
    }
    const original = byId('original', HTMLInputElement).files?.[0];
    const fileDigest = original === undefined ? undefined : (await hashFile(original)).sha256;
    const pinned = fingerprint.value.trim();
    const outcome = await verifyReceipt(receipt, {
        ...(fileDigest === undefined ? {} : { fileDigest }),
        anchorVerifiers: { embedded: embeddedAnchorVerifier(pinned === '' ? {} : { fingerprint: pinned }) },
    });
    const mode = (receipt as { anchor?: { mode?: unknown } } | null)?.anchor?.mode;
    show(outcome, mode === 'fabric');
}

byId('receipt-form', HTMLFormElement).addEventListener('submit', (event) => {
    event.preventDefault();
    void check();
});
document.getElementById('use-published')?.addEventListener('click', () => {
    fingerprint.value = document.getElementById('published')?.textContent ?? '';
});
document.documentElement.dataset['ready'] = 'true';
