import { expect } from 'chai';
import type { ErrorCode } from '../../src/domain/shared/errors';

/** Asserts that `fn` throws a LedgerError carrying `code` (a domain rule's refusal, `CODE: …`). */
export function expectThrowsCode(fn: () => unknown, code: ErrorCode): void {
    expect(fn).to.throw(new RegExp(`^${code}: `));
}
