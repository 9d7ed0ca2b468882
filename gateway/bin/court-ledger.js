#!/usr/bin/env node
// Installed as the `court-ledger` command (npm links it at install time, before anything is compiled),
// so it only forwards to the compiled CLI and says how to build it when it is missing.
'use strict';
const path = require('node:path');
const fs = require('node:fs');

const cli = path.join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');
if (!fs.existsSync(cli)) {
    console.error('court-ledger: the CLI is not built yet; run `npm run build` (or `npm start`) first');
    process.exit(2);
}
require(cli);
