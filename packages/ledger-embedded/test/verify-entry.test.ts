import { expect } from 'chai';
import { execFile } from 'node:child_process';
import path from 'node:path';

/** The modules a fresh Node process loads for `require(entry)`, as `require` was asked for them. */
function modulesLoadedBy(entry: string): Promise<string[]> {
    const script = `
        const Module = require('node:module');
        const asked = [];
        const load = Module._load;
        Module._load = function (request, ...rest) { asked.push(request); return load.call(this, request, ...rest); };
        require(${JSON.stringify(entry)});
        process.stdout.write(JSON.stringify(asked));
    `;
    return new Promise((resolve, reject) => {
        execFile(process.execPath, ['-e', script], (error, stdout) => {
            if (error !== null) {
                reject(new Error(`node -e failed: ${error.message}`));
                return;
            }
            resolve(JSON.parse(stdout) as string[]);
        });
    });
}

describe('@court-ledger/ledger-embedded/verify', function () {
    this.timeout(30_000);

    it('loads no storage, file system, fabric-shim or Node built-in module (bundleable for a browser)', async function () {
        const loaded = await modulesLoadedBy(path.join(__dirname, '..', 'src', 'verify.js'));
        expect(loaded).to.include('./proof');
        const forbidden = loaded.filter((request) =>
            /classic-level|abstract-level|fabric-shim|fabric-contract-api|fabric-protos|^node:|^(crypto|fs|fs\/promises|path|os|zlib)$|\/(state-db|block-store|pvt-store|files|checkpoint|framing|chain-hash)$/.test(
                request,
            ),
        );
        expect(forbidden).to.deep.equal([]);
    });
});
