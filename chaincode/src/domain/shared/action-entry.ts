import type { PrincipalRef } from './actor';

/** One entry of an action trail (preservation application or letter of guarantee). */
export interface ActionEntry<A extends string> {
    readonly action: A;
    readonly actor: PrincipalRef;
    /** Transaction timestamp (ISO 8601 UTC). */
    readonly at: string;
    readonly txId: string;
}
