import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { receiptJsonSchema } from './schema';

/**
 * Regenerates gateway/src/receipts/receipt.schema.json from the TypeBox schema:
 * `npx tsc -b gateway && node gateway/dist/src/receipts/write-schema.js && npx prettier --write gateway/src/receipts`.
 */
const target = join(__dirname, '..', '..', '..', '..', 'src', 'platform', 'receipts', 'receipt.schema.json');
writeFileSync(target, `${JSON.stringify(receiptJsonSchema(), null, 4)}\n`);
process.stdout.write(`wrote ${target}\n`);
