import dns from 'node:dns';
import ipaddr from 'ipaddr.js';
import { DomainError } from '../../platform/http/errors';
import { addressAllowed, type AddressPolicy } from './delivery-dispatcher';

function bare(hostname: string): string {
    return hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

function refuse(message: string): DomainError {
    return new DomainError('INVALID_ARGUMENT', message, 'url');
}

/** True when `hostname` (as a URL gives it) is one the operator listed (exactly, or under a `*.` suffix). */
function hostAllowed(hostname: string, policy: AddressPolicy): boolean {
    const host = bare(hostname);
    return policy.allowedHosts.some((entry) =>
        entry.startsWith('*.') ? host.endsWith(entry.slice(1)) && host.length > entry.length - 1 : bare(entry) === host,
    );
}

/**
 * Checks a subscription URL: `http:` or `https:`, no credentials, a host the operator allows
 * (`WEBHOOK_ALLOWED_HOSTS`); a host name must resolve only to allowed addresses ({@link addressAllowed}).
 * An IP literal is allowed only when listed itself.
 *
 * @throws DomainError `INVALID_ARGUMENT` naming the field `url`
 */
export async function checkSubscriptionUrl(raw: string, policy: AddressPolicy): Promise<URL> {
    let url: URL;
    try {
        url = new URL(raw);
    } catch {
        throw refuse('url is not an absolute URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw refuse('url must be http: or https:');
    }
    if (url.username !== '' || url.password !== '') {
        throw refuse('url must not carry credentials');
    }
    if (!hostAllowed(url.hostname, policy)) {
        throw refuse(`host ${url.hostname} is not among the hosts the operator allows (WEBHOOK_ALLOWED_HOSTS)`);
    }
    if (!ipaddr.isValid(bare(url.hostname))) {
        const addresses = await dns.promises.lookup(url.hostname, { all: true }).catch(() => {
            throw refuse(`host ${url.hostname} does not resolve`);
        });
        const bad = addresses.find((a) => !addressAllowed(a.address, policy));
        if (bad !== undefined) {
            throw refuse(`host ${url.hostname} resolves to ${bad.address}, an address deliveries may not go to`);
        }
    }
    return url;
}
