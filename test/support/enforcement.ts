import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { expect } from 'chai';
import type { Harness } from './gateway-harness';

/** A party with a signing key registered for its pseudonym. */
export interface Signer {
    readonly sub: string;
    readonly pseudonym: string;
    readonly key: KeyObject;
}

/** A fresh party (`<prefix>-<random>`) whose P-256 key the clerk registered for its pseudonym. */
export async function signer(gw: Harness, prefix: string): Promise<Signer> {
    const sub = `${prefix}-${randomBytes(6).toString('hex')}`;
    const res = await gw.app.inject({ url: '/v1/recipients/me/pseudonym', headers: gw.auth('party', sub) });
    expect(res.statusCode, res.body).to.equal(200);
    const pseudonym = res.json<{ recipientPseudonym: string }>().recipientPseudonym;
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const registered = await gw.app.inject({
        method: 'POST',
        url: `/v1/recipients/${pseudonym}/keys`,
        headers: gw.auth('clerk', 'clerk-1'),
        payload: { publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() },
    });
    expect(registered.statusCode, registered.body).to.equal(201);
    return { sub, pseudonym, key: privateKey };
}

/** Terms of a performance agreement as the request gives them (the parties added by {@link createAgreement}). */
export interface AgreementTerms {
    readonly agreementId: string;
    readonly basis: { readonly documentType: string; readonly sha256: string };
    readonly instalments: readonly { readonly dueAt: string; readonly amount: number }[];
    readonly graceDays: number;
}

/**
 * `POST /v1/enforcement/agreements` (as a clerk) with both parties' signatures over the agreement statement
 * the gateway gives for the terms (`POST /v1/enforcement/agreements/statement`: the id keyed, parties as
 * pseudonyms, exactly as the chaincode reads it). Expects `expectedStatus` (201 for a new
 * agreement, 200 for a retry); returns the body.
 */
export async function createAgreement(
    gw: Harness,
    terms: AgreementTerms,
    creditor: Signer,
    debtor: Signer,
    expectedStatus = 201,
): Promise<{ created: boolean; record: Record<string, unknown> }> {
    const request = { ...terms, creditor: creditor.sub, debtor: debtor.sub };
    const asked = await gw.app.inject({
        method: 'POST',
        url: '/v1/enforcement/agreements/statement',
        headers: gw.auth('clerk', 'clerk-1'),
        payload: request,
    });
    expect(asked.statusCode, asked.body).to.equal(200);
    const { statement } = asked.json<{ statement: string }>();
    const signed = (key: KeyObject) =>
        sign('sha256', Buffer.from(statement, 'utf8'), { key, dsaEncoding: 'der' }).toString('base64');
    const res = await gw.app.inject({
        method: 'POST',
        url: '/v1/enforcement/agreements',
        headers: gw.auth('clerk', 'clerk-1'),
        payload: {
            ...request,
            creditorSignature: signed(creditor.key),
            debtorSignature: signed(debtor.key),
        },
    });
    expect(res.statusCode, res.body).to.equal(expectedStatus);
    return res.json();
}
