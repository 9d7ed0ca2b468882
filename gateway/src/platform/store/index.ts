/** The gateway index layer: PostgreSQL (PGlite or server) projection of chaincode events + local queues. */
export * from './anchor-queue.js';
export * from './custody-notes.js';
export * from './db.js';
export * from './index-store.js';
export * from './migrations.js';
export * from './outages.js';
export * from './parse.js';
export * from './projection.js';
export * from './queries.js';
export * from './records.js';
export * from './ledger-agreement.js';
