#!/usr/bin/env node
import '@court-ledger/ledger-embedded/quiet-fabric-logs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { ROLES } from '../platform/auth/roles';
import { acknowledgeCommand } from './acknowledge';
import { anchorCommand, DEFAULT_WAIT_SECONDS } from './anchor';
import { exitCodeOf } from './exit-codes';
import { indexRebuildCommand } from './index-rebuild';
import { keygenCommand } from './keygen';
import { ledgerCheckCommand } from './ledger-check';
import { tokenCommand } from './token';
import { verifyCommand } from './verify';
import { verifyReceiptCommand } from './verify-receipt';
import { verifyRecordingCommand } from './verify-recording';

function positiveInt(value: string): number {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n <= 0) {
        throw new InvalidArgumentError('must be a positive integer');
    }
    return n;
}

const defaultUrl = process.env.COURT_LEDGER_URL ?? 'http://127.0.0.1:8080';

const program = new Command('court-ledger')
    .description('court-ledger: anchor and verify court material on the judicial blockchain')
    .showHelpAfterError();

program
    .command('token')
    .description('mint a bearer token signed with the gateway’s secret (development / embedded mode)')
    .addOption(new Option('--role <role>', 'role claim').choices(ROLES).makeOptionMandatory())
    .requiredOption('--sub <principal>', 'principal id (sub claim)')
    .option('--org <msp>', 'organisation claim (default: AgencyMSP for agency, else CourtMSP)')
    .option('--ttl <seconds>', 'lifetime in seconds', positiveInt, 12 * 3600)
    .option('--data <dir>', 'gateway data directory holding the secret', process.env.COURT_LEDGER_DATA ?? './data')
    .action(tokenCommand);

program
    .command('anchor')
    .description('hash files (SHA-256) and queue them for batch anchoring; with --wait, wait and save the receipts')
    .argument('<files...>', 'files to anchor')
    .requiredOption('--token <jwt>', 'subsystem token', process.env.COURT_LEDGER_TOKEN)
    .option('--url <url>', 'gateway URL', defaultUrl)
    .option('--kind <kind>', 'item kind recorded with each digest', 'file')
    .option('--wait', 'wait until every receipt is final, showing progress, and write <file>.receipt.json')
    .option('--receipts <dir>', 'folder for the receipts (default: the current folder); implies --wait')
    .option(
        '--timeout <seconds>',
        'longest wait for the receipts (exit code 4 when reached)',
        positiveInt,
        DEFAULT_WAIT_SECONDS,
    )
    .action(anchorCommand);

program
    .command('verify')
    .description('upload a file to the gateway’s public verification and print what the ledger holds')
    .argument('<file>', 'file to verify')
    .option('--url <url>', 'gateway URL', defaultUrl)
    .action(verifyCommand);

program
    .command('verify-receipt')
    .description(
        'verify an inclusion receipt offline (leaf, root from proof, anchoring transaction); ' +
            'exit 0 valid, 1 invalid, 4 the file is a pending answer (fetch it again)',
    )
    .argument('<receipt>', 'receipt JSON file')
    .option('--file <path>', 'also check that this file is the receipted item')
    .option('--node-key <pem>', 'embedded mode: PEM of the node public key to trust (else the receipt’s own key)')
    .option(
        '--trust <file>',
        'the JSON of GET /v1/trust (either mode), or for fabric {"<MSP id>": [PEM CA certificates…]}, to pin the signer',
    )
    .option(
        '--fingerprint <sha256>',
        'the fingerprint(s) published by the court (GET /v1/trust), to pin the signer: embedded, the node key’s; ' +
            'fabric, "MSP=<sha256>" for each CA certificate, comma-separated',
    )
    .option(
        '--orderer-msp <ids>',
        'fabric mode: comma-separated MSP ids of the ordering organisations (default OrdererMSP with --trust or --fingerprint, else the receipt’s)',
    )
    .action(verifyReceiptCommand);

program
    .command('verify-recording')
    .description(
        'check a whole recording against its session: every segment there, in order, none added, removed or changed',
    )
    .argument('[folder]', 'folder of segment files (natural name order: seg-2 before seg-10)')
    .requiredOption('--session <id>', 'the recording session id')
    .option('--digests <file>', 'instead of a folder: SHA-256 of each segment, one per line (sha256sum output works)')
    .requiredOption('--token <jwt>', 'bearer token', process.env.COURT_LEDGER_TOKEN)
    .option('--url <url>', 'gateway URL', defaultUrl)
    .action(verifyRecordingCommand);

program
    .command('keygen')
    .description('generate an ECDSA P-256 key pair for signing acknowledgements of service (private key mode 0600)')
    .requiredOption('--out <dir>', 'folder for recipient-key.pem and recipient-key.pub.pem')
    .action(async (options: { out: string }) => {
        await keygenCommand(options);
    });

program
    .command('acknowledge')
    .description('sign for a served document: sign the acknowledgement statement with your key and send it')
    .argument('<serviceId>', 'the service id (sv_…)')
    .requiredOption('--key <pem>', 'your private key (from court-ledger keygen)')
    .requiredOption('--token <jwt>', 'your bearer token', process.env.COURT_LEDGER_TOKEN)
    .option('--url <url>', 'gateway URL', defaultUrl)
    .action(async (serviceId: string, options: { key: string; token: string; url: string }) => {
        await acknowledgeCommand(serviceId, options);
    });

program
    .command('index')
    .description('maintain the gateway’s index (run with the gateway stopped)')
    .command('rebuild')
    .description(
        'empty the index and replay it from the ledger (block 0 on), restoring every receipt from the batch files; ' +
            'uses COURT_LEDGER_DATA / --data and DATABASE_URL like the gateway',
    )
    .option('--data <dir>', 'gateway data directory (default: COURT_LEDGER_DATA or ./data)')
    .action(indexRebuildCommand);

program
    .command('ledger')
    .description('embedded ledger maintenance')
    .command('check')
    .description('verify the whole embedded ledger: blocks, hash chain, signatures, checkpoint, private data')
    .option('--data <dir>', 'gateway data directory (or its ledger folder)', process.env.COURT_LEDGER_DATA ?? './data')
    .action(async (options: { data: string }) => {
        await ledgerCheckCommand(options);
    });

program.parseAsync().catch((error: unknown) => {
    console.error(`court-ledger: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = exitCodeOf(error);
});
