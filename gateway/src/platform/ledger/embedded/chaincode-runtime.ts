/**
 * Loads a fabric-contract-api chaincode module the way `fabric-chaincode-node start --module-path` does
 * (fabric-shim's `Bootstrap.getInfoFromContract` + `getMetadata` + `ChaincodeFromContract`) and invokes it
 * with a real `ChaincodeStub` over a {@link TxSimulator}: the same dispatch, argument marshalling and
 * error handling as on a peer, without the gRPC stream.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
    Bootstrap,
    ChaincodeFromContract,
    ChaincodeStub,
    type ContractChaincode,
    type ShimHandler,
} from './fabric-internals';
import type { BuiltProposal } from './proposal';

/** What one invocation produced. */
export interface InvocationResult {
    /** Chaincode response status (200 = success; ≥ 400 = error, as the peer's endorser judges it). */
    readonly status: number;
    readonly message: string;
    readonly payload: Buffer;
    /** The chaincode event (`stub.setEvent`; Fabric keeps only the last one). */
    readonly event: { readonly name: string; readonly payload: Buffer } | undefined;
    /** The timestamp the chaincode saw (from the proposal's channel header). */
    readonly timestamp: Date;
}

/** A loaded chaincode. */
export interface ChaincodeRuntime {
    /** package.json `name` of the chaincode module. */
    readonly name: string;
    readonly version: string;
    /** Private data collection names from `collections_config.json` next to package.json, if present. */
    readonly collections: ReadonlySet<string> | undefined;
    /** Runs `proposal` against `handler` (which serves and records state access). */
    invoke(proposal: BuiltProposal, channel: string, handler: ShimHandler): Promise<InvocationResult>;
}

/** Threshold from fabric-shim's `Stub.RESPONSE_CODE.ERRORTHRESHOLD`. */
const ERROR_THRESHOLD = 400;

async function readCollections(modulePath: string): Promise<ReadonlySet<string> | undefined> {
    for (const name of ['collections_config.json', path.join('META-INF', 'collections_config.json')]) {
        let text: string;
        try {
            text = await readFile(path.join(modulePath, name), 'utf8');
        } catch {
            continue;
        }
        const config = JSON.parse(text) as unknown;
        if (!Array.isArray(config)) {
            throw new Error(`${name} in ${modulePath} must be an array of collection definitions`);
        }
        return new Set(
            config.map((entry: unknown) => {
                const collection = (entry as { name?: unknown } | null)?.name;
                if (typeof collection !== 'string' || collection === '') {
                    throw new Error(`${name} in ${modulePath}: every collection needs a name`);
                }
                return collection;
            }),
        );
    }
    return undefined;
}

/** Loads the chaincode package at `modulePath` (the directory holding its package.json). */
export async function loadChaincode(modulePath: string): Promise<ChaincodeRuntime> {
    const info = Bootstrap.getInfoFromContract(modulePath);
    const metadata = await Bootstrap.getMetadata(modulePath);
    // ChaincodeFromContract appends its system contract to the array it gets: hand it a copy.
    const chaincode: ContractChaincode = new ChaincodeFromContract(
        [...info.contracts],
        info.serializers,
        metadata,
        info.title,
        info.version,
    );
    const collections = await readCollections(modulePath);
    return {
        name: info.title,
        version: info.version,
        collections,
        async invoke(proposal, channel, handler) {
            const stub = new ChaincodeStub(handler, channel, proposal.txId, proposal.input, proposal.signedProposal);
            const response = await chaincode.Invoke(stub);
            // Like lib/handler.js: a response without a status counts as an error.
            const status = response.status || 500;
            const event = stub.chaincodeEvent;
            return {
                status,
                message:
                    response.message ?? (status >= ERROR_THRESHOLD ? 'chaincode did not call success or error' : ''),
                payload: Buffer.from(response.payload ?? new Uint8Array()),
                event:
                    event === undefined
                        ? undefined
                        : { name: event.getEventName(), payload: Buffer.from(event.getPayload_asU8()) },
                timestamp: stub.getDateTimestamp(),
            };
        },
    };
}

/** True when `result` is an error response (status ≥ 400). */
export function isErrorResponse(result: InvocationResult): boolean {
    return result.status >= ERROR_THRESHOLD;
}
