/**
 * X.509 identities of the embedded ledger, generated on first start into `<dataDir>/msp/` and `<dataDir>/node/`.
 *
 * Fabric would get these from Fabric CA; here a CA per organisation (ECDSA P-256) issues the gateway
 * client certificates with Fabric CA's attribute extension (OID 1.2.3.4.5.6.7.8.1, raw JSON
 * `{"attrs":{…}}`), which fabric-shim's `ClientIdentity` reads for `getAttributeValue`.
 */
// @peculiar/x509 resolves its services through tsyringe, which needs the Reflect metadata polyfill loaded.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, webcrypto } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeFileDurably, fsyncDirectory } from './files';

/** OID of Fabric CA's certificate attribute extension. */
export const FABRIC_ATTRIBUTE_OID = '1.2.3.4.5.6.7.8.1';
/** MSP id of the court organisation. */
export const COURT_MSP = 'CourtMSP';
/** MSP id of the guarantee agencies' organisation. */
export const AGENCY_MSP = 'AgencyMSP';

const EC_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const TEN_YEARS_MS = 10 * 365 * 24 * 3600 * 1000;

/** A client identity that signs proposals. */
export interface SigningIdentity {
    readonly mspId: string;
    /** X.509 certificate, PEM (what goes into `SerializedIdentity.id_bytes`). */
    readonly certificate: string;
    readonly privateKey: KeyObject;
    /** Hex SHA-256 of the DER certificate. */
    readonly certificateSha256: string;
}

/** An organisation's root CA. */
export interface CertificateAuthority {
    readonly mspId: string;
    readonly certificate: string;
    readonly privateKey: KeyObject;
}

/** The node's block-signing key. */
export interface NodeKey {
    readonly privateKey: KeyObject;
    /** SPKI PEM. */
    readonly publicKey: string;
}

/** Everything the embedded ledger signs with. */
export interface LedgerIdentities {
    /** CourtMSP client, attribute `role=gateway`. */
    readonly court: SigningIdentity;
    /** AgencyMSP client, attribute `role=agency`. */
    readonly agency: SigningIdentity;
    readonly authorities: readonly CertificateAuthority[];
    readonly node: NodeKey;
}

/** Options for {@link issueIdentity}. */
export interface IssueOptions {
    readonly commonName: string;
    /** Fabric CA attributes (`role`, `court`, …); `hf.EnrollmentID`, `hf.Type`, `hf.Affiliation` are added. */
    readonly attrs: Readonly<Record<string, string>>;
}

function pemPrivateKey(key: KeyObject): string {
    return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}

async function toCryptoKey(key: KeyObject): Promise<webcrypto.CryptoKey> {
    const der = key.export({ type: 'pkcs8', format: 'der' });
    return webcrypto.subtle.importKey('pkcs8', der, EC_ALGORITHM, false, ['sign']);
}

/** Hex SHA-256 of a PEM certificate's DER bytes. */
export function certificateFingerprint(certificatePem: string): string {
    return createHash('sha256')
        .update(Buffer.from(new x509.X509Certificate(certificatePem).rawData))
        .digest('hex');
}

/** Creates a self-signed root CA for `mspId`. */
export async function createCertificateAuthority(mspId: string): Promise<CertificateAuthority> {
    const keys = await webcrypto.subtle.generateKey(EC_ALGORITHM, true, ['sign', 'verify']);
    const now = Date.now();
    const certificate = await x509.X509CertificateGenerator.createSelfSigned({
        name: `CN=ca.${mspId.toLowerCase()}.court-ledger.local, O=${mspId}`,
        keys,
        signingAlgorithm: EC_ALGORITHM,
        notBefore: new Date(now - 60_000),
        notAfter: new Date(now + TEN_YEARS_MS),
        extensions: [
            new x509.BasicConstraintsExtension(true, undefined, true),
            new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
            await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
        ],
    });
    return {
        mspId,
        certificate: certificate.toString('pem'),
        privateKey: KeyObject.from(keys.privateKey),
    };
}

/** Issues a client certificate with Fabric CA attributes, signed by `ca`. */
export async function issueIdentity(ca: CertificateAuthority, options: IssueOptions): Promise<SigningIdentity> {
    const keys = await webcrypto.subtle.generateKey(EC_ALGORITHM, true, ['sign', 'verify']);
    const caCertificate = new x509.X509Certificate(ca.certificate);
    const attrs = {
        'hf.Affiliation': '',
        'hf.EnrollmentID': options.commonName,
        'hf.Type': 'client',
        ...options.attrs,
    };
    const now = Date.now();
    const certificate = await x509.X509CertificateGenerator.create({
        subject: `CN=${options.commonName}, OU=client, O=${ca.mspId}`,
        issuer: caCertificate.subject,
        publicKey: keys.publicKey,
        signingKey: await toCryptoKey(ca.privateKey),
        signingAlgorithm: EC_ALGORITHM,
        notBefore: new Date(now - 60_000),
        notAfter: new Date(now + TEN_YEARS_MS),
        extensions: [
            new x509.BasicConstraintsExtension(false, undefined, true),
            new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
            await x509.AuthorityKeyIdentifierExtension.create(caCertificate, false),
            new x509.Extension(FABRIC_ATTRIBUTE_OID, false, Buffer.from(JSON.stringify({ attrs }), 'utf8')),
        ],
    });
    const pem = certificate.toString('pem');
    return {
        mspId: ca.mspId,
        certificate: pem,
        privateKey: KeyObject.from(keys.privateKey),
        certificateSha256: certificateFingerprint(pem),
    };
}

async function exists(file: string): Promise<boolean> {
    return stat(file).then(
        () => true,
        () => false,
    );
}

async function readIdentity(mspId: string, dir: string): Promise<SigningIdentity> {
    const certificate = await readFile(path.join(dir, 'cert.pem'), 'utf8');
    return {
        mspId,
        certificate,
        privateKey: createPrivateKey(await readFile(path.join(dir, 'key.pem'), 'utf8')),
        certificateSha256: certificateFingerprint(certificate),
    };
}

async function writeIdentity(dir: string, certificate: string, privateKey: KeyObject): Promise<void> {
    await mkdir(dir, { recursive: true });
    await writeFileDurably(path.join(dir, 'cert.pem'), certificate);
    await writeFileDurably(path.join(dir, 'key.pem'), pemPrivateKey(privateKey), 0o600);
}

/** The gateway identity each organisation gets, by MSP id. */
const GATEWAY_IDENTITIES: readonly { mspId: string; commonName: string; role: string }[] = [
    { mspId: COURT_MSP, commonName: 'court-gateway', role: 'gateway' },
    { mspId: AGENCY_MSP, commonName: 'agency-gateway', role: 'agency' },
];

async function generateMsp(mspDir: string, court: string): Promise<void> {
    const temp = `${mspDir}.${process.pid}.tmp`;
    await rm(temp, { recursive: true, force: true });
    for (const { mspId, commonName, role } of GATEWAY_IDENTITIES) {
        const ca = await createCertificateAuthority(mspId);
        const attrs: Record<string, string> = mspId === COURT_MSP ? { role, court } : { role };
        const identity = await issueIdentity(ca, { commonName, attrs });
        await writeIdentity(path.join(temp, mspId, 'ca'), ca.certificate, ca.privateKey);
        await writeIdentity(path.join(temp, mspId, 'gateway'), identity.certificate, identity.privateKey);
    }
    await rename(temp, mspDir);
    await fsyncDirectory(mspDir);
}

async function loadOrCreateNodeKey(nodeDir: string): Promise<NodeKey> {
    const keyFile = path.join(nodeDir, 'key.pem');
    if (!(await exists(keyFile))) {
        const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
        await writeFileDurably(path.join(nodeDir, 'public.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
        await writeFileDurably(keyFile, pemPrivateKey(privateKey), 0o600);
    }
    const privateKey = createPrivateKey(await readFile(keyFile, 'utf8'));
    const publicKey = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
    return { privateKey, publicKey };
}

/**
 * Loads the identities from `dataDir`, generating them on first start (the MSP tree is written to a
 * temporary directory and renamed, so a crash never leaves half an MSP behind).
 *
 * Layout: `msp/<MSP>/ca/{cert,key}.pem`, `msp/<MSP>/gateway/{cert,key}.pem`, `node/{key,public}.pem`.
 */
export async function loadOrCreateIdentities(dataDir: string, options: { court: string }): Promise<LedgerIdentities> {
    const mspDir = path.join(dataDir, 'msp');
    if (!(await exists(mspDir))) {
        await generateMsp(mspDir, options.court);
    }
    const authorities: CertificateAuthority[] = [];
    const gateways = new Map<string, SigningIdentity>();
    for (const { mspId } of GATEWAY_IDENTITIES) {
        const ca = await readIdentity(mspId, path.join(mspDir, mspId, 'ca'));
        authorities.push({ mspId, certificate: ca.certificate, privateKey: ca.privateKey });
        gateways.set(mspId, await readIdentity(mspId, path.join(mspDir, mspId, 'gateway')));
    }
    const court = gateways.get(COURT_MSP);
    const agency = gateways.get(AGENCY_MSP);
    if (court === undefined || agency === undefined) {
        throw new Error('gateway identities missing');
    }
    return { court, agency, authorities, node: await loadOrCreateNodeKey(path.join(dataDir, 'node')) };
}
