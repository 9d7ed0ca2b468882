import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect } from 'chai';
import type { Receipt } from '@court-ledger/gateway/dist/src/platform/receipts';
import type { Harness } from './gateway-harness';

/** Polls `GET /v1/anchors/{digest}/receipt` until the item's batch is anchored; its receipt. */
export async function waitForReceipt(gw: Harness, digest: string): Promise<Receipt> {
    for (let attempt = 0; attempt < 400; attempt++) {
        const res = await gw.app.inject({
            url: `/v1/anchors/${digest}/receipt`,
            headers: gw.auth('subsystem', 'trial'),
        });
        if (res.statusCode === 200) {
            return res.json<Receipt>();
        }
        expect(res.statusCode, res.body).to.equal(202);
        await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`no receipt for ${digest}`);
}

/**
 * Anchors an item of `kind` by its SHA-256 (with `others` in the same request, so its batch has more leaves)
 * and waits until `/v1/verify` finds it; its receipt.
 */
export async function anchorItem(
    gw: Harness,
    digest: string,
    kind = 'file',
    others: readonly string[] = [],
): Promise<Receipt> {
    const res = await gw.app.inject({
        method: 'POST',
        url: '/v1/anchors',
        headers: gw.auth('subsystem', 'trial'),
        payload: { items: [digest, ...others].map((item) => ({ digest: item, kind })) },
    });
    expect(res.statusCode, res.body).to.equal(202);
    const receipt = await waitForReceipt(gw, digest);
    for (let attempt = 0; attempt < 400; attempt++) {
        if ((await gw.app.inject({ url: `/v1/verify/sha256/${digest}` })).statusCode === 200) {
            return receipt;
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`${digest} is anchored but /v1/verify does not find it`);
}

const run = promisify(execFile);
const CLI = require.resolve('@court-ledger/gateway/dist/src/cli/main.js');

/** Runs `court-ledger verify-receipt …`; its exit code and output. */
export async function verifyReceiptCli(args: readonly string[]): Promise<{ code: number; stdout: string }> {
    try {
        const { stdout } = await run(process.execPath, [CLI, 'verify-receipt', ...args]);
        return { code: 0, stdout };
    } catch (error) {
        const failure = error as { code?: number; stdout?: string };
        return { code: failure.code ?? -1, stdout: failure.stdout ?? '' };
    }
}
