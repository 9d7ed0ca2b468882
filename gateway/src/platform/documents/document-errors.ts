import { HttpError } from '../http/errors';
import { DocumentIntegrityError, DocumentNotFoundError } from './document-store';

/**
 * Maps document-store failures to the API's errors: an integrity failure is 500 `INTEGRITY_ERROR` (the fault
 * is already recorded by the store's hook), a missing file 404 naming `field`. Anything else is rethrown.
 */
export function documentError(error: unknown, field?: string): HttpError {
    if (error instanceof DocumentIntegrityError) {
        return new HttpError(
            500,
            'INTEGRITY_ERROR',
            'the stored document does not match the digest on the ledger; it is withheld and the fault recorded',
        );
    }
    if (error instanceof DocumentNotFoundError) {
        return new HttpError(404, 'NOT_FOUND', 'this gateway holds no document with that digest', field);
    }
    throw error;
}
