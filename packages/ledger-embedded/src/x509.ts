/**
 * `@court-ledger/ledger-embedded/x509`: @peculiar/x509 for this package and the gateway's Fabric proof verifier.
 * It registers its algorithms with tsyringe, which needs the Reflect metadata polyfill loaded first, so every
 * import of it goes through here.
 */
import 'reflect-metadata';

export { AsnEcSignatureFormatter, BasicConstraintsExtension, PemConverter, X509Certificate } from '@peculiar/x509';
