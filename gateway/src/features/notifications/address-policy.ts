import dns from 'node:dns';
import type { LookupAddress, LookupAllOptions, LookupOptions } from 'node:dns';
import ipaddr from 'ipaddr.js';
import { Agent } from 'undici';
import { DomainError } from '../../platform/http/errors';
import type { NotificationsConfig } from './config';

type Policy = Pick<NotificationsConfig, 'allowedHosts' | 'allowedNetworks'>;

function bare(hostname: string): string {
    return hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

function refuse(message: string): DomainError {
    return new DomainError('INVALID_ARGUMENT', message, 'url');
}

/** True when `hostname` (as a URL gives it) is one the operator listed (exactly, or under a `*.` suffix). */
function hostAllowed(hostname: string, policy: Policy): boolean {
    const host = bare(hostname);
    return policy.allowedHosts.some((entry) =>
        entry.startsWith('*.') ? host.endsWith(entry.slice(1)) && host.length > entry.length - 1 : bare(entry) === host,
    );
}

/**
 * True when a host name may resolve to `address`: a public unicast address, or one inside an allowed network.
 * Loopback, private, link-local, unique-local, multicast, reserved and the unspecified address are refused
 * (unless the operator listed the network), so a name cannot point deliveries at internal services.
 */
export function addressAllowed(address: string, policy: Policy): boolean {
    if (!ipaddr.isValid(address)) {
        return false;
    }
    const parsed = ipaddr.process(address);
    if (parsed.range() === 'unicast') {
        return true;
    }
    return policy.allowedNetworks.some((cidr) => {
        const [network, bits] = ipaddr.parseCIDR(cidr);
        return network.kind() === parsed.kind() && parsed.match(network, bits);
    });
}

/**
 * Checks a subscription URL: `http:` or `https:`, no credentials, a host the operator allows
 * (`WEBHOOK_ALLOWED_HOSTS`); a host name must resolve only to allowed addresses ({@link addressAllowed}).
 * An IP literal is allowed only when listed itself.
 *
 * @throws DomainError `INVALID_ARGUMENT` naming the field `url`
 */
export async function checkSubscriptionUrl(raw: string, policy: Policy): Promise<URL> {
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

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * The undici dispatcher deliveries go through: its connections resolve host names with a lookup that refuses
 * addresses {@link addressAllowed} refuses, checked on the very address connected to (so a DNS answer that
 * changed since the subscription was made cannot reach an internal service). IP literals do not resolve: they
 * were checked against the allowed hosts when the subscription was made. Redirects are never followed.
 */
export function deliveryDispatcher(policy: Policy): Agent {
    const lookup = (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
        const all: LookupAllOptions = { ...options, all: true };
        dns.lookup(hostname, all, (error, addresses) => {
            if (error !== null) {
                callback(error, []);
                return;
            }
            const bad = addresses.find((a) => !addressAllowed(a.address, policy));
            if (bad !== undefined) {
                const refused: NodeJS.ErrnoException = new Error(
                    `${hostname} resolves to ${bad.address}, an address deliveries may not go to`,
                );
                refused.code = 'EADDRNOTALLOWED';
                callback(refused, []);
                return;
            }
            const first = addresses[0];
            if (options.all === true || first === undefined) {
                callback(null, addresses);
            } else {
                callback(null, first.address, first.family);
            }
        });
    };
    return new Agent({ connect: { lookup } });
}
