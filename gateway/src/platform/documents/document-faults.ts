import type { FaultRecorder } from '../ops/faults';
import type { DocumentStoreOptions } from './document-store';

/**
 * Document store hooks that keep a fault open for component `documents` (shown at `/v1/status`, Art. 40) while
 * any stored document is known to fail its integrity check, and close it once every such document verified
 * again (an operator restored it).
 */
export function documentFaultHooks(
    faults: FaultRecorder,
): Pick<DocumentStoreOptions, 'onIntegrityFailure' | 'onVerified'> {
    const damaged = new Set<string>();
    return {
        onIntegrityFailure: (error) => {
            damaged.add(error.expected);
            void faults.failed('documents', error.message);
        },
        onVerified: (sha256) => {
            if (damaged.delete(sha256) && damaged.size === 0) {
                void faults.resolved('documents');
            }
        },
    };
}
