/**
 * Browser script of `/receipt`: the CLI's receipt verifier, bundled, run entirely here (no request after the
 * page has loaded): schema, file digest, leaf and root from the inclusion proof, the anchoring transaction's
 * signatures with WebCrypto (the embedded node key's, or a Fabric block's orderer, creator and endorsers with
 * their CA chains), the signer against the pasted fingerprints.
 */
import { anchorVerifiers } from '../src/platform/receipts/anchor-verifiers';
import { parseFingerprintPins } from '../src/platform/receipts/hex';
import { verifyReceipt, type Check, type VerifyReceiptResult } from '../src/platform/receipts/verify';
import { escapeHtml } from '../src/platform/web/html';
import { format } from '../src/platform/web/messages';
import { hashFile } from './hashing';
import { byId, pageContext } from './page';

const { m } = pageContext();
const form = byId('receipt-form', HTMLFormElement);
const result = byId('result', HTMLDivElement);
const fingerprint = byId('fingerprint', HTMLTextAreaElement);

function checkItem(check: Check): string {
    const mark = !check.ok ? '✗' : check.pinned === false ? '⚠' : '✓';
    const state = !check.ok ? 'fail' : check.pinned === false ? 'warn' : 'pass';
    const name = m.checkNames[check.name] ?? check.name;
    return `<li class="${state}" data-check="${escapeHtml(check.name)}" data-state="${state}"><span aria-hidden="true">${mark}</span> <strong>${escapeHtml(name)}</strong>${
        check.detail === undefined ? '' : ` — <span class="mono">${escapeHtml(check.detail)}</span>`
    }</li>`;
}

function show(outcome: VerifyReceiptResult): void {
    const verdict = { valid: m.verdictValid, unpinned: m.verdictUnpinned, invalid: m.verdictInvalid }[outcome.verdict];
    result.innerHTML = `<section class="verdict ${outcome.verdict}" role="status" data-verdict="${outcome.verdict}">
<h2>${outcome.verdict === 'valid' ? '✓' : outcome.verdict === 'unpinned' ? '⚠' : '✗'} ${escapeHtml(verdict)}</h2>
<ul class="checks">${outcome.checks.map(checkItem).join('')}</ul></section>`;
}

function fail(message: string): void {
    result.innerHTML = `<p class="fail" role="alert">✗ ${escapeHtml(message)}</p>`;
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
        fail(m.receiptNotJson);
        return;
    }
    const pins = parseFingerprintPins(fingerprint.value);
    if (typeof pins === 'string') {
        fail(format(m.fingerprintNotValid, { entry: pins }));
        return;
    }
    const original = byId('original', HTMLInputElement).files?.[0];
    const fileDigest = original === undefined ? undefined : (await hashFile(original)).sha256;
    const orderers = (form.dataset['orderers'] ?? '').split(',').filter((id) => id !== '');
    const outcome = await verifyReceipt(receipt, {
        ...(fileDigest === undefined ? {} : { fileDigest }),
        anchorVerifiers: anchorVerifiers({
            ...(pins.nodeKey === undefined ? {} : { trustedNodeKeyFingerprint: pins.nodeKey }),
            ...(pins.caFingerprints === undefined ? {} : { trustedCaFingerprints: pins.caFingerprints }),
            ...(orderers.length === 0 ? {} : { trustedOrdererMspIds: orderers }),
        }),
    });
    show(outcome);
}

form.addEventListener('submit', (event) => {
    event.preventDefault();
    void check();
});
document.getElementById('use-published')?.addEventListener('click', (event) => {
    fingerprint.value = (event.currentTarget as HTMLElement).dataset['pins'] ?? '';
});
document.documentElement.dataset['ready'] = 'true';
