/**
 * Inclusion receipts (format v1, receipt.schema.json): building them for anchored items and verifying them
 * offline, with the ledger-mode-specific anchor check injected by the caller.
 */
export { buildReceipt, type BuildReceiptInput } from './build';
export {
    EmbeddedAnchorSchema,
    FabricAnchorSchema,
    RECEIPT_SCHEMA_ID,
    ReceiptAnchorSchema,
    receiptJsonSchema,
    ReceiptSchema,
    type Receipt,
    type ReceiptAnchor,
} from './schema';
export { embeddedAnchorVerifier, type EmbeddedTrust } from './anchor-embedded';
export { normaliseFingerprint } from './hex';
export {
    verifyReceipt,
    type ReceiptVerdict,
    type AnchorExpectation,
    type AnchorVerifier,
    type AnchorVerifiers,
    type Check,
    type VerifyReceiptOptions,
    type VerifyReceiptResult,
} from './verify';
