import dns from 'node:dns';
import type { LookupAddress, LookupAllOptions, LookupOptions } from 'node:dns';
import ipaddr from 'ipaddr.js';
import { Agent } from 'undici';
import type { NotificationsConfig } from './config';

/** Where deliveries may go (the settings the operator gave). */
export type AddressPolicy = Pick<NotificationsConfig, 'allowedHosts' | 'allowedNetworks'>;

/**
 * True when a host name may resolve to `address`: a public unicast address, or one inside an allowed network.
 * Loopback, private, link-local, unique-local, multicast, reserved and the unspecified address are refused
 * (unless the operator listed the network), so a name cannot point deliveries at internal services.
 */
export function addressAllowed(address: string, policy: AddressPolicy): boolean {
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

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * The undici dispatcher deliveries go through: its connections resolve host names with a lookup that refuses
 * addresses {@link addressAllowed} refuses, checked on the very address connected to (so a DNS answer that
 * changed since the subscription was made cannot reach an internal service). IP literals do not resolve: they
 * were checked against the allowed hosts when the subscription was made. Redirects are never followed.
 */
export function deliveryDispatcher(policy: AddressPolicy): Agent {
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
