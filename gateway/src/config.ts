import path from 'node:path';
import { DEFAULT_TOKEN_MAX_LIFETIME_SECONDS, parseLifetime } from './platform/auth/tokens';
import { loadIdentityProviderConfig, type IdentityProviderConfig } from './platform/auth/identity-provider';
import type { FabricConfig, FabricOrgOverrides } from './platform/ledger/fabric/connection';
import { checkTimeZone, DEFAULT_COURT_TIME_ZONE } from './platform/web/court-time';
import { loadServiceOfProcessConfig, type ServiceOfProcessConfig } from './features/service-of-process/config';
import { loadNotificationsConfig, type NotificationsConfig } from './features/notifications/config';
import { integer } from './platform/env';

/** Gateway settings, read once from the environment (see README "Configuration"). */
export interface GatewayConfig {
    readonly port: number;
    readonly host: string;
    /**
     * Where people reach the gateway (`PUBLIC_URL`, no trailing slash; default `http://<HOST>:<PORT>`): the
     * base of links sent to recipients.
     */
    readonly publicUrl: string;
    /** Data directory: embedded ledger, embedded PostgreSQL, dev JWT secret. */
    readonly dataDir: string;
    /** PostgreSQL server URL; undefined selects embedded PGlite under `dataDir`. */
    readonly databaseUrl: string | undefined;
    readonly ledgerMode: 'embedded' | 'fabric';
    /** Path of the Fabric connection settings written by `npm run network:up` (fabric mode). */
    readonly fabricConnectionPath: string;
    /** Fabric mode: connection.json path plus explicit overrides and deadlines (ledger/fabric/connection.ts). */
    readonly fabric: FabricConfig;
    /** Close an anchor batch after this many milliseconds… */
    readonly anchorIntervalMs: number;
    /** How often the enforcement scheduler checks performance agreements for a missed instalment (ms). */
    readonly enforcementCheckIntervalMs: number;
    /** …or as soon as this many items wait. */
    readonly anchorBatchMax: number;
    /** Largest JSON body accepted (bytes). */
    readonly bodyLimit: number;
    /** Largest uploaded file accepted (bytes). */
    readonly uploadLimit: number;
    /** HS256 secret for bearer tokens; undefined → generated into `dataDir` (development). */
    readonly jwtSecret: string | undefined;
    /** The court's identity provider (`AUTH_*`); when set, only its tokens are accepted and no secret is used. */
    readonly identityProvider: IdentityProviderConfig | undefined;
    /** Longest lifetime (exp − iat) of an accepted token, seconds (`TOKEN_MAX_LIFETIME`, default 12 h). */
    readonly tokenMaxLifetimeSeconds: number;
    readonly logLevel: string;
    /** IANA zone in which pages show times, with the UTC instant beside (`COURT_TIME_ZONE`, default Asia/Shanghai). */
    readonly courtTimeZone: string;
    /** Service of documents: pepper, document store, channels (see service-of-process/config.ts). */
    readonly serviceOfProcess: ServiceOfProcessConfig;
    /** Webhooks and event streams (see features/notifications/config.ts). */
    readonly notifications: NotificationsConfig;
}

function timeZone(raw: string | undefined): string {
    const zone = raw === undefined || raw === '' ? DEFAULT_COURT_TIME_ZONE : raw;
    try {
        return checkTimeZone(zone);
    } catch {
        throw new Error(`COURT_TIME_ZONE must be an IANA time zone such as Asia/Shanghai, got "${zone}"`);
    }
}

/** `PUBLIC_URL` without its trailing slashes, or `http://<host>:<port>` when unset. */
function publicUrl(raw: string | undefined, host: string, port: number): string {
    if (raw === undefined || raw === '') {
        return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    }
    let url: URL;
    try {
        url = new URL(raw);
    } catch {
        throw new Error(`PUBLIC_URL must be an http(s) URL such as https://court.example, got "${raw}"`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new Error(`PUBLIC_URL must be an http(s) URL such as https://court.example, got "${raw}"`);
    }
    return raw.replace(/\/+$/, '');
}

/** `FABRIC_<ORG>_*` variables of one organisation (unset → connection.json's value). */
function fabricOrg(env: NodeJS.ProcessEnv, org: 'COURT' | 'AGENCY'): FabricOrgOverrides {
    const value = (name: string): string | undefined => {
        const raw = env[`FABRIC_${org}_${name}`];
        return raw === '' ? undefined : raw;
    };
    return {
        mspId: value('MSP_ID'),
        peerEndpoint: value('PEER_ENDPOINT'),
        tlsCaPath: value('TLS_CA'),
        hostAlias: value('HOST_ALIAS'),
        certPath: value('CERT'),
        keyPath: value('KEY'),
        caCertPath: value('CA_CERT'),
    };
}

/** Reads the configuration; throws a message naming the variable on a bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
    const mode = env.LEDGER_MODE ?? 'embedded';
    if (mode !== 'embedded' && mode !== 'fabric') {
        throw new Error(`LEDGER_MODE must be "embedded" or "fabric", got "${mode}"`);
    }
    const dataDir = path.resolve(env.COURT_LEDGER_DATA ?? './data');
    const fabricConnectionPath = path.resolve(
        env.FABRIC_CONNECTION || path.join(__dirname, '..', '..', '..', 'network', 'run', 'connection.json'),
    );
    const optional = (name: string): string | undefined => (env[name] === '' ? undefined : env[name]);
    const port = integer(env, 'PORT', 8080, 0);
    const host = env.HOST ?? '127.0.0.1';
    return {
        port,
        host,
        publicUrl: publicUrl(env.PUBLIC_URL, host, port),
        dataDir,
        databaseUrl: env.DATABASE_URL === '' ? undefined : env.DATABASE_URL,
        ledgerMode: mode,
        fabricConnectionPath,
        fabric: {
            connectionPath: fabricConnectionPath,
            channel: optional('FABRIC_CHANNEL'),
            chaincode: optional('FABRIC_CHAINCODE'),
            court: fabricOrg(env, 'COURT'),
            agency: fabricOrg(env, 'AGENCY'),
            ordererMspId: optional('FABRIC_ORDERER_MSP_ID'),
            ordererCaCertPath: optional('FABRIC_ORDERER_CA_CERT'),
            evaluateTimeoutMs: integer(env, 'FABRIC_EVALUATE_TIMEOUT_MS', 10_000, 1),
            submitTimeoutMs: integer(env, 'FABRIC_SUBMIT_TIMEOUT_MS', 30_000, 1),
        },
        anchorIntervalMs: integer(env, 'ANCHOR_INTERVAL_MS', 1000, 1),
        enforcementCheckIntervalMs: integer(env, 'ENFORCEMENT_CHECK_INTERVAL_MS', 60_000, 1),
        anchorBatchMax: integer(env, 'ANCHOR_BATCH_MAX', 1_000_000, 1),
        bodyLimit: integer(env, 'BODY_LIMIT', 16 * 1024 * 1024, 1024),
        uploadLimit: integer(env, 'UPLOAD_LIMIT', 1024 * 1024 * 1024, 1),
        jwtSecret: env.JWT_SECRET === '' ? undefined : env.JWT_SECRET,
        identityProvider: loadIdentityProviderConfig(env),
        tokenMaxLifetimeSeconds:
            env.TOKEN_MAX_LIFETIME === undefined || env.TOKEN_MAX_LIFETIME === ''
                ? DEFAULT_TOKEN_MAX_LIFETIME_SECONDS
                : parseLifetime(env.TOKEN_MAX_LIFETIME),
        logLevel: env.LOG_LEVEL ?? 'info',
        courtTimeZone: timeZone(env.COURT_TIME_ZONE),
        serviceOfProcess: loadServiceOfProcessConfig(env, dataDir),
        notifications: loadNotificationsConfig(env),
    };
}
