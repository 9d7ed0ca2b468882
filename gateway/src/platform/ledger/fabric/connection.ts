/**
 * Settings of the Fabric ledger: read from `connection.json` (written by `npm run network:up`) and overridden
 * by explicit variables for a real deployment (see README "Configuration"). Paths are read here, once.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

/** The two organisations the gateway acts through. */
export type FabricOrgRole = 'court' | 'agency';

/** Explicit per-organisation settings (each overrides the matching connection.json entry). */
export interface FabricOrgOverrides {
    readonly mspId?: string | undefined;
    readonly peerEndpoint?: string | undefined;
    readonly tlsCaPath?: string | undefined;
    readonly hostAlias?: string | undefined;
    readonly certPath?: string | undefined;
    readonly keyPath?: string | undefined;
    /** The MSP's root CA certificate (PEM), put into transaction proofs. */
    readonly caCertPath?: string | undefined;
}

/** What the gateway configuration says about Fabric (config.ts fills it from the environment). */
export interface FabricConfig {
    /** connection.json; needed unless every setting below is given explicitly. */
    readonly connectionPath: string;
    readonly channel?: string | undefined;
    readonly chaincode?: string | undefined;
    readonly court: FabricOrgOverrides;
    readonly agency: FabricOrgOverrides;
    readonly ordererMspId?: string | undefined;
    readonly ordererCaCertPath?: string | undefined;
    /** Deadline of evaluate calls (queries, qscc), milliseconds. */
    readonly evaluateTimeoutMs: number;
    /** Deadline of each of endorse, submit and commit status, milliseconds. */
    readonly submitTimeoutMs: number;
}

/** One organisation, resolved: its peer, its gateway identity and its CA certificate. */
export interface FabricOrgSettings {
    readonly mspId: string;
    readonly peerEndpoint: string;
    readonly tlsCa: Buffer;
    readonly hostAlias: string | undefined;
    readonly certificate: Buffer;
    readonly privateKeyPem: string;
    readonly caCertificate: string | undefined;
}

/** Everything the Fabric ledger needs, resolved and loaded. */
export interface FabricSettings {
    readonly channel: string;
    readonly chaincode: string;
    readonly court: FabricOrgSettings;
    /** Absent when no agency identity is configured (agency actions are then refused). */
    readonly agency: FabricOrgSettings | undefined;
    /** MSP id → PEM root CA certificates (CourtMSP, AgencyMSP, OrdererMSP), for transaction proofs. */
    readonly mspCaCertificates: Readonly<Record<string, readonly string[]>>;
    /** The ordering organisation's MSP id. */
    readonly ordererMspId: string;
    readonly evaluateTimeoutMs: number;
    readonly submitTimeoutMs: number;
}

interface ConnectionIdentity {
    readonly certPath?: string;
    readonly keyPath?: string;
}

interface ConnectionOrg {
    readonly mspId?: string;
    readonly peerEndpoint?: string;
    readonly tlsCaPath?: string;
    readonly hostAlias?: string;
    readonly caCertPath?: string;
    readonly defaultIdentity?: string;
    readonly identities?: Readonly<Record<string, ConnectionIdentity>>;
}

interface ConnectionFile {
    readonly channel?: string;
    readonly chaincode?: string;
    readonly orderer?: { readonly mspId?: string; readonly caCertPath?: string };
    readonly orgs?: Readonly<Record<string, ConnectionOrg>>;
}

const DEFAULT_MSP: Record<FabricOrgRole, string> = { court: 'CourtMSP', agency: 'AgencyMSP' };

function flatten(org: ConnectionOrg | undefined): FabricOrgOverrides {
    if (org === undefined) {
        return {};
    }
    const identity = org.identities?.[org.defaultIdentity ?? ''];
    return {
        mspId: org.mspId,
        peerEndpoint: org.peerEndpoint,
        tlsCaPath: org.tlsCaPath,
        hostAlias: org.hostAlias,
        certPath: identity?.certPath,
        keyPath: identity?.keyPath,
        caCertPath: org.caCertPath,
    };
}

/** Explicit values win over connection.json's; unset explicit values leave the file's. */
function merge(file: FabricOrgOverrides, explicit: FabricOrgOverrides): FabricOrgOverrides {
    const pick = (name: keyof FabricOrgOverrides): string | undefined => {
        const value = explicit[name];
        return value === undefined || value === '' ? file[name] : value;
    };
    return {
        mspId: pick('mspId'),
        peerEndpoint: pick('peerEndpoint'),
        tlsCaPath: pick('tlsCaPath'),
        hostAlias: pick('hostAlias'),
        certPath: pick('certPath'),
        keyPath: pick('keyPath'),
        caCertPath: pick('caCertPath'),
    };
}

async function loadOrg(role: FabricOrgRole, org: FabricOrgOverrides, hint = ''): Promise<FabricOrgSettings> {
    const missing = (['peerEndpoint', 'tlsCaPath', 'certPath', 'keyPath'] as const).filter(
        (name) => org[name] === undefined,
    );
    if (missing.length > 0) {
        throw new Error(`Fabric ${role} organisation: ${missing.join(', ')} not configured${hint}`);
    }
    const read = (file: string | undefined) => readFile(file ?? '');
    return {
        mspId: org.mspId ?? DEFAULT_MSP[role],
        peerEndpoint: org.peerEndpoint ?? '',
        tlsCa: await read(org.tlsCaPath),
        hostAlias: org.hostAlias,
        certificate: await read(org.certPath),
        privateKeyPem: (await read(org.keyPath)).toString('utf8'),
        caCertificate: org.caCertPath === undefined ? undefined : (await read(org.caCertPath)).toString('utf8'),
    };
}

function hasIdentity(org: FabricOrgOverrides): boolean {
    return org.peerEndpoint !== undefined && org.certPath !== undefined && org.keyPath !== undefined;
}

/** Reads connection.json (when it exists) and the files it and the explicit settings name. */
export async function loadFabricSettings(config: FabricConfig): Promise<FabricSettings> {
    let file: ConnectionFile = {};
    if (existsSync(config.connectionPath)) {
        file = JSON.parse(await readFile(config.connectionPath, 'utf8')) as ConnectionFile;
    }
    const fileOrg = (role: FabricOrgRole): FabricOrgOverrides => {
        const explicitMsp = config[role].mspId;
        return flatten(file.orgs?.[explicitMsp ?? DEFAULT_MSP[role]]);
    };
    const courtMerged = merge(fileOrg('court'), config.court);
    const agencyMerged = merge(fileOrg('agency'), config.agency);
    const hint = existsSync(config.connectionPath)
        ? ''
        : ` (${config.connectionPath} does not exist: run \`npm run network:up\` or set FABRIC_CONNECTION)`;
    const court = await loadOrg('court', courtMerged, hint);
    const agency = hasIdentity(agencyMerged) ? await loadOrg('agency', agencyMerged) : undefined;
    const mspCaCertificates: Record<string, string[]> = {};
    for (const org of [court, agency]) {
        if (org?.caCertificate !== undefined) {
            mspCaCertificates[org.mspId] = [org.caCertificate];
        }
    }
    const ordererCa = config.ordererCaCertPath ?? file.orderer?.caCertPath;
    const ordererMspId = config.ordererMspId ?? file.orderer?.mspId ?? 'OrdererMSP';
    if (ordererCa !== undefined && ordererCa !== '') {
        mspCaCertificates[ordererMspId] = [await readFile(ordererCa, 'utf8')];
    }
    return {
        channel: config.channel ?? file.channel ?? 'court',
        chaincode: config.chaincode ?? file.chaincode ?? 'court-ledger',
        court,
        agency,
        mspCaCertificates,
        ordererMspId,
        evaluateTimeoutMs: config.evaluateTimeoutMs,
        submitTimeoutMs: config.submitTimeoutMs,
    };
}
