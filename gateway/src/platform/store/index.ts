/** The gateway index layer: PostgreSQL (PGlite or server) projection of chaincode events + local state. */
export * from './db.js';
export * from './index-store.js';
export * from './migrations.js';
export * from './outages.js';
export * from './parse.js';
export * from './projection.js';
export * from './projection-sql.js';
export * from './transactions.js';
export * from './ledger-agreement.js';
