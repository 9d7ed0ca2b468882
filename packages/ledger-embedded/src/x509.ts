/**
 * @peculiar/x509 for this package: it registers its algorithms with tsyringe, which needs the Reflect
 * metadata polyfill loaded first, so every import of it goes through here.
 */
import 'reflect-metadata';

export { AsnEcSignatureFormatter, PemConverter, X509Certificate } from '@peculiar/x509';
