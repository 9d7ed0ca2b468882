/** Types for the fabric-shim internals the peer's bootstrap uses (fabric-shim ships none for them). */

declare module 'fabric-shim/lib/contract-spi/bootstrap' {
    interface ContractInfo {
        contracts: (new () => object)[];
        serializers: object;
        title: string;
        version: string;
    }
    const Bootstrap: {
        /** Reads `<modulePath>/package.json`, requires its `main` and returns its `contracts`. */
        getInfoFromContract(modulePath: string): ContractInfo;
    };
    export = Bootstrap;
}

declare module 'fabric-shim/lib/contract-spi/chaincodefromcontract' {
    interface TransactionMetadata {
        name: string;
        tag: string[];
        parameters?: { name: string; schema: ChaincodeFromContract.JsonSchema }[];
        returns?: ChaincodeFromContract.JsonSchema;
    }
    class ChaincodeFromContract {
        constructor(
            contracts: (new () => object)[],
            serializers: object,
            metadata: object,
            title: string,
            version: string,
        );
        defaultContractName: string;
        metadata: {
            info: { title: string; version: string };
            contracts: Record<string, { name: string; transactions: TransactionMetadata[]; info: { title: string } }>;
            components: { schemas: Record<string, ChaincodeFromContract.JsonSchema> };
        };
        invokeFunctionality(stub: unknown): Promise<{ status: number; message?: string; payload?: Uint8Array }>;
    }
    namespace ChaincodeFromContract {
        /** The JSON Schema fragments fabric-contract-api writes into contract metadata. */
        interface JsonSchema {
            $id?: string;
            $ref?: string;
            type?: string;
            items?: JsonSchema;
            properties?: Record<string, JsonSchema>;
            allOf?: JsonSchema[];
        }
    }
    export = ChaincodeFromContract;
}

declare module 'fabric-shim/lib/contract-spi/datamarshall' {
    import type ChaincodeFromContract from 'fabric-shim/lib/contract-spi/chaincodefromcontract';
    /** The ajv 6 instance a DataMarshall compiles parameter schemas with. */
    interface Ajv {
        compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown[] };
    }
    /** Converts and validates transaction arguments against the contract metadata (one per contract). */
    class DataMarshall {
        constructor(
            requestedSerializer: string,
            serializers: Record<string, unknown>,
            components: Record<string, ChaincodeFromContract.JsonSchema>,
        );
        ajv: Ajv;
        handleParameters(
            fn: { parameters?: { name: string; schema: ChaincodeFromContract.JsonSchema }[] },
            parameters: Buffer[],
            loggerPrefix: string,
        ): unknown[];
    }
    export = DataMarshall;
}
