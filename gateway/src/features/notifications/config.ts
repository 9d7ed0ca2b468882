import ipaddr from 'ipaddr.js';
import { integer } from '../../platform/env';

/** Settings of webhooks and event streams (README "Notifications for subsystems"), read from the environment. */
export interface NotificationsConfig {
    /**
     * `WEBHOOK_ALLOWED_HOSTS`: comma-separated host names (`hooks.court.example`), wildcard suffixes
     * (`*.court.example`) or IP literals a subscription URL may name; empty → no subscription is accepted.
     */
    readonly allowedHosts: readonly string[];
    /**
     * `WEBHOOK_ALLOWED_NETWORKS`: CIDRs (e.g. `10.20.0.0/16`) a listed host name may resolve into besides public
     * unicast addresses; loopback, private, link-local and other special ranges are refused otherwise.
     */
    readonly allowedNetworks: readonly string[];
    /** `WEBHOOK_MAX_ATTEMPTS`: a delivery is parked after this many failed attempts (default 12). */
    readonly maxAttempts: number;
    /** `WEBHOOK_BACKOFF_BASE_MS`: delay after the first failure (default 1 s), doubled after each. */
    readonly backoffBaseMs: number;
    /** `WEBHOOK_BACKOFF_MAX_MS`: longest delay between attempts (default 1 h). */
    readonly backoffMaxMs: number;
    /** `WEBHOOK_TIMEOUT_MS`: one attempt's deadline, connection to response (default 10 s). */
    readonly timeoutMs: number;
    /** `WEBHOOK_CONCURRENCY`: subscriptions delivered to at the same time (default 8). */
    readonly concurrency: number;
    /** `WEBHOOK_POLL_MS`: how often the worker reads the outbox when nothing wakes it (default 1 s; a safety net). */
    readonly pollMs: number;
}

function list(raw: string | undefined): string[] {
    return (raw ?? '')
        .split(',')
        .map((entry) => entry.trim().toLowerCase())
        .filter((entry) => entry !== '');
}

/** Reads the notification settings. */
export function loadNotificationsConfig(env: NodeJS.ProcessEnv): NotificationsConfig {
    const allowedNetworks = list(env.WEBHOOK_ALLOWED_NETWORKS);
    for (const cidr of allowedNetworks) {
        if (!ipaddr.isValidCIDR(cidr)) {
            throw new Error(`WEBHOOK_ALLOWED_NETWORKS: "${cidr}" is not a CIDR (e.g. 10.20.0.0/16)`);
        }
    }
    const allowedHosts = list(env.WEBHOOK_ALLOWED_HOSTS);
    for (const host of allowedHosts) {
        if (!/^(\*\.)?[a-z0-9.-]+$/.test(host) && !ipaddr.isValid(host.replace(/^\[|\]$/g, ''))) {
            throw new Error(`WEBHOOK_ALLOWED_HOSTS: "${host}" is not a host name, *.suffix or IP address`);
        }
    }
    const backoffBaseMs = integer(env, 'WEBHOOK_BACKOFF_BASE_MS', 1000, 1);
    return {
        allowedHosts,
        allowedNetworks,
        maxAttempts: integer(env, 'WEBHOOK_MAX_ATTEMPTS', 12, 1),
        backoffBaseMs,
        backoffMaxMs: integer(env, 'WEBHOOK_BACKOFF_MAX_MS', 3_600_000, backoffBaseMs),
        timeoutMs: integer(env, 'WEBHOOK_TIMEOUT_MS', 10_000, 1),
        concurrency: integer(env, 'WEBHOOK_CONCURRENCY', 8, 1),
        pollMs: integer(env, 'WEBHOOK_POLL_MS', 1000, 1),
    };
}
