/**
 * fabric-contract-api logs every decorator at INFO when the chaincode module loads, and fabric-shim logs every
 * chaincode error at ERROR; the gateway reports errors through LedgerFailure instead. Import this module before
 * anything that loads the chaincode. Set CORE_CHAINCODE_LOGGING_LEVEL (as a peer would) to see those logs.
 */
if (process.env.CORE_CHAINCODE_LOGGING_LEVEL === undefined) {
    process.env.CORE_CHAINCODE_LOGGING_LEVEL = 'CRITICAL';
}

export {};
