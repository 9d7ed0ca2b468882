/** The `notice` step's link to the service of the enforcement notice (Art. 26 service, Art. 31 enforcement). */
import type { ServiceRecord } from '../service/model';
import { LedgerError } from '../shared/errors';
import type { EnforcementCase } from './model';

/**
 * A `notice` step names the service that served the enforcement notice (and the order to report property)
 * on the debtor: the service must exist (`SERVICE_NOT_FOUND`), be of an `enforcement-notice` and be addressed
 * to the case's debtor pseudonym (`INVALID_ARGUMENT`, field `serviceId`).
 */
export function checkNoticeService(
    record: EnforcementCase,
    serviceId: string,
    service: ServiceRecord | undefined,
): void {
    if (service === undefined) {
        throw new LedgerError('SERVICE_NOT_FOUND', `no service ${serviceId}`, 'serviceId');
    }
    if (service.documentType !== 'enforcement-notice') {
        throw new LedgerError(
            'INVALID_ARGUMENT',
            `service ${serviceId} does not serve an enforcement notice`,
            'serviceId',
        );
    }
    if (service.recipientPseudonym !== record.debtorPseudonym) {
        throw new LedgerError('INVALID_ARGUMENT', `service ${serviceId} was not addressed to the debtor`, 'serviceId');
    }
}
