import { expect } from 'chai';
import { TokenRejected } from '../../../src/platform/auth/tokens';

/** The {@link TokenRejected} a token check rejects with; fails the test when the token is accepted. */
export async function tokenRefusal(promise: Promise<unknown>): Promise<TokenRejected> {
    try {
        await promise;
    } catch (error) {
        expect(error).to.be.instanceOf(TokenRejected);
        return error as TokenRejected;
    }
    expect.fail('expected the token to be refused');
}
