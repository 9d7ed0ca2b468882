import type { Static, TSchema } from '@sinclair/typebox';

/**
 * How the gateway keeps its TypeBox response schemas true to the chaincode: the chaincode defines the record
 * types (`@court-ledger/chaincode`), the schemas validate and document the API, and each feature states
 * beside its schema, once, that the schema describes the record:
 *
 * ```ts
 * describes<typeof EvidenceRecordSchema, EvidenceRecord>(true);
 * ```
 *
 * which compiles only when {@link Describes} holds.
 */

/** T as plain JSON data: readonly modifiers dropped (literal types kept, so enums are compared). */
type Data<T> = T extends readonly (infer E)[]
    ? Data<E>[]
    : T extends object
      ? { -readonly [K in keyof T]: Data<T[K]> }
      : T;

/** Field names of R, at any depth, that S does not name. */
type Unnamed<R, S> = R extends readonly (infer E)[]
    ? S extends readonly (infer F)[]
        ? Unnamed<E, F>
        : never
    : R extends object
      ? S extends object
          ? | Exclude<keyof R, keyof S>
            | { [K in keyof R & keyof S]-?: Unnamed<NonNullable<R[K]>, NonNullable<S[K]>> }[keyof R & keyof S]
          : never
      : never;

/**
 * `true` when TypeBox schema S describes the type R: every R fits S (so answering with one never fails
 * serialisation), and S names every field of R at any depth (fast-json-stringify drops the fields a response
 * schema does not name, so a field missing from S would silently vanish from the API). Otherwise a message.
 */
export type Describes<S extends TSchema, R> = [Data<R>] extends [Data<Static<S>>]
    ? [Unnamed<R, Static<S>>] extends [never]
        ? true
        : `the schema does not name ${Unnamed<R, Static<S>> & string}`
    : 'a value of the type does not fit the schema';

/** A record as the API shows it: with the block of its transaction, and of each entry of the `Lists` arrays. */
export type WithBlocks<R, Lists extends keyof R = never> = Omit<R, Lists> & { readonly blockNumber: number } & {
    readonly [K in Lists]: R[K] extends readonly (infer E)[]
        ? readonly (E & { readonly blockNumber: number })[]
        : never;
};

/** Compile-time proof that schema S describes type R ({@link Describes}); returns its argument, nothing more. */
export function describes<S extends TSchema, R>(proof: Describes<S, R>): Describes<S, R> {
    return proof;
}
