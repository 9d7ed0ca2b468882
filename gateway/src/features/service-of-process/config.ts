import path from 'node:path';

/** Settings of service of documents (README "Service of documents"), read from the environment. */
export interface ServiceOfProcessConfig {
    /** `COURT_LEDGER_PEPPER`: the court pepper; undefined → generated into `<dataDir>/pepper`. */
    readonly pepper: string | undefined;
    /** `DOCUMENT_DIR`: root of the content-addressed document store (default `<dataDir>/documents`). */
    readonly documentDir: string;
    /** `SMTP_URL`, e.g. `smtp://127.0.0.1:2525`; undefined → the e-mail channel records `delivery-failed`. */
    readonly smtpUrl: string | undefined;
    /** `SMTP_FROM`: sender of service e-mails. */
    readonly smtpFrom: string;
}

function nonEmpty(value: string | undefined): string | undefined {
    return value === undefined || value === '' ? undefined : value;
}

/** Reads the service-of-documents settings; `dataDir` is the gateway data directory (already resolved). */
export function loadServiceOfProcessConfig(env: NodeJS.ProcessEnv, dataDir: string): ServiceOfProcessConfig {
    const smtpUrl = nonEmpty(env.SMTP_URL);
    if (smtpUrl !== undefined && !/^smtps?:\/\//.test(smtpUrl)) {
        throw new Error(`SMTP_URL must start with smtp:// or smtps://, got "${smtpUrl}"`);
    }
    return {
        pepper: nonEmpty(env.COURT_LEDGER_PEPPER),
        documentDir: path.resolve(nonEmpty(env.DOCUMENT_DIR) ?? path.join(dataDir, 'documents')),
        smtpUrl,
        smtpFrom: nonEmpty(env.SMTP_FROM) ?? 'court-ledger <service@court.invalid>',
    };
}
