import type { FaultRecorder } from '../ops/faults';
import type { DocumentStoreOptions } from './document-store';

/**
 * Document store hooks that keep a fault open for component `document-store` (shown at `/v1/status`, Art. 40)
 * while any stored document is known to fail its integrity check, or the store's disk failed: `probe` (a write
 * and a removal in the store) runs while the fault is open, and the fault ends once it succeeds and every
 * damaged document verified again (an operator restored it).
 */
export function documentFaultHooks(
    faults: FaultRecorder,
    probe: () => Promise<void>,
): Pick<DocumentStoreOptions, 'onIntegrityFailure' | 'onVerified'> {
    const damaged = new Set<string>();
    faults.watch('document-store', async () => {
        if (damaged.size > 0) {
            throw new Error(`${damaged.size} stored document(s) fail their integrity check`);
        }
        await probe();
    });
    return {
        onIntegrityFailure: (error) => {
            damaged.add(error.expected);
            void faults.failed('document-store', error.message);
        },
        onVerified: (sha256) => {
            if (damaged.delete(sha256) && damaged.size === 0) {
                void faults.resolved('document-store');
            }
        },
    };
}
