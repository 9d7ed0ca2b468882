import { expect } from 'chai';
import { backoffMs, newSecret, signDelivery } from '../../../src/features/notifications/signing';
import { checkSubscriptionUrl } from '../../../src/features/notifications/address-policy';
import { addressAllowed } from '../../../src/features/notifications/delivery-dispatcher';
import { DomainError } from '../../../src/platform/http/errors';
import { eventId, parseEventId } from '../../../src/features/notifications/events';
import { verifyWebhook } from './recipe';

describe('notifications: signing, backoff, address policy', () => {
    it('signs a delivery so that the README recipe verifies it, and refuses a changed body, key or stale time', () => {
        const secret = newSecret();
        const body = JSON.stringify({ id: 'evt_1_0_0', type: 'anchor.batch-sealed', data: { x: 1 } });
        const headers = signDelivery(secret, 'msg_0123', body);
        expect(headers['webhook-signature']).to.match(/^v1,[A-Za-z0-9+/]+=*$/);
        expect(verifyWebhook(secret, headers, body)).to.equal(true);
        expect(verifyWebhook(secret, headers, body.replace('1', '2'))).to.equal(false);
        expect(verifyWebhook(newSecret(), headers, body)).to.equal(false);
        expect(verifyWebhook(secret, { ...headers, 'webhook-id': 'msg_other' }, body)).to.equal(false);
        const stale = signDelivery(secret, 'msg_0123', body, new Date(Date.now() - 301_000));
        expect(verifyWebhook(secret, stale, body)).to.equal(false);
    });

    it('backs off exponentially with jitter between half and all of the delay, capped', () => {
        const cases: [attempts: number, random: number, expected: number][] = [
            [1, 0, 500],
            [1, 1, 1000],
            [2, 0.5, 1500],
            [5, 1, 16_000],
            [40, 1, 60_000],
            [40, 0, 30_000],
        ];
        for (const [attempts, random, expected] of cases) {
            expect(
                backoffMs(attempts, 1000, 60_000, () => random),
                `${attempts}/${random}`,
            ).to.equal(expected);
        }
    });

    it('lets host names resolve only to public unicast addresses or the networks the operator allows', () => {
        const policy = { allowedHosts: [], allowedNetworks: ['10.20.0.0/16'] };
        const cases: [string, boolean][] = [
            ['93.184.216.34', true],
            ['2606:4700::1111', true],
            ['127.0.0.1', false],
            ['::1', false],
            ['10.0.0.1', false],
            ['10.20.3.4', true],
            ['172.16.0.1', false],
            ['192.168.1.1', false],
            ['169.254.169.254', false],
            ['0.0.0.0', false],
            ['::ffff:127.0.0.1', false],
            ['fd00::1', false],
            ['224.0.0.1', false],
            ['not-an-address', false],
        ];
        for (const [address, allowed] of cases) {
            expect(addressAllowed(address, policy), address).to.equal(allowed);
        }
    });

    it('checks a subscription URL: allowed host, http(s), no credentials, resolved addresses allowed', async () => {
        const policy = { allowedHosts: ['127.0.0.1', 'localhost', '*.court.example'], allowedNetworks: [] };
        const refusals: [string, RegExp][] = [
            ['http://10.0.0.5/hook', /not among the hosts/],
            ['http://evil.example/hook', /not among the hosts/],
            ['http://court.example.evil.example/hook', /not among the hosts/],
            ['ftp://127.0.0.1/hook', /http: or https:/],
            ['http://user:pw@127.0.0.1/hook', /credentials/],
            ['not a url', /absolute URL/],
            ['http://localhost:9/hook', /resolves to/], // listed by name, but loopback
        ];
        for (const [url, message] of refusals) {
            const error: unknown = await checkSubscriptionUrl(url, policy).then(
                () => undefined,
                (e: unknown) => e,
            );
            expect(error, url).to.be.instanceOf(DomainError);
            expect((error as DomainError).field, url).to.equal('url');
            expect((error as DomainError).message, url).to.match(message);
        }
        expect((await checkSubscriptionUrl('http://127.0.0.1:9/hook', policy)).host).to.equal('127.0.0.1:9');
    });

    it('event ids are the ledger position and parse back', () => {
        expect(eventId(12, 3, 1)).to.equal('evt_12_3_1');
        expect(parseEventId('evt_12_3_1')).to.deep.equal({ blockNumber: 12, txIndex: 3, idx: 1 });
        expect(parseEventId('evt_12_3')).to.equal(undefined);
        expect(parseEventId('12_3_1')).to.equal(undefined);
    });
});
