import { createPrivateKey, sign } from 'node:crypto';
import { readFile } from 'node:fs/promises';
// The chaincode's domain module itself (not the package index, which loads fabric-contract-api and its logging).
import { acknowledgementStatement } from '@court-ledger/chaincode/domain';
import { callGateway, postIdempotent } from './http';

/** Options of `court-ledger acknowledge`. */
export interface AcknowledgeOptions {
    /** PKCS#8 PEM private key file (from `court-ledger keygen`). */
    readonly key: string;
    /** The recipient's bearer token. */
    readonly token: string;
    readonly url: string;
}

/**
 * `court-ledger acknowledge <serviceId>`: reads the service to learn the document digest, signs the canonical
 * statement `{"acknowledgedAt","documentDigest","serviceId"}` (the chaincode's `acknowledgementStatement`, so
 * there is one definition) with ECDSA P-256 / SHA-256 (DER, base64) and posts it.
 *
 * @returns the service after the acknowledgement
 */
export async function acknowledgeCommand(serviceId: string, options: AcknowledgeOptions): Promise<unknown> {
    const key = createPrivateKey(await readFile(options.key, 'utf8'));
    if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
        throw new Error(`${options.key} is not an ECDSA P-256 private key`);
    }
    const headers = { authorization: `Bearer ${options.token}` };
    const serviceUrl = `${options.url}/v1/services/${encodeURIComponent(serviceId)}`;
    const { body } = await callGateway(serviceUrl, { headers });
    const documentDigest = (body as { document?: { sha256?: unknown } }).document?.sha256;
    if (typeof documentDigest !== 'string') {
        throw new Error(`the gateway's answer for ${serviceId} names no document digest`);
    }
    const acknowledgedAt = new Date().toISOString();
    const statement = acknowledgementStatement(serviceId, documentDigest, acknowledgedAt);
    const signature = sign('sha256', Buffer.from(statement, 'utf8'), { key, dsaEncoding: 'der' }).toString('base64');
    const result = await postIdempotent(`${serviceUrl}/acknowledge`, {
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ signature, acknowledgedAt }),
    });
    const legal = (result.body as { legalService?: unknown }).legalService;
    process.stdout.write(`acknowledged ${serviceId} at ${acknowledgedAt}\nlegal service: ${JSON.stringify(legal)}\n`);
    return result.body;
}
