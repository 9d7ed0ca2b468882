/**
 * The chaincode's pure domain layer (records, vocabularies, rules, canonical JSON, errors): no fabric-contract-api,
 * so the gateway, the CLI and offline verifiers import it as `@court-ledger/chaincode/domain` without loading the
 * contract runtime.
 */
export * from './anchor/anchor-batch';
export * from './anchor/anchor-validation';
export * from './anchor/model';
export * from './case/case-access';
export * from './case/case-participants';
export * from './case/case-validation';
export * from './case/model';
export * from './enforcement/agreement';
export * from './enforcement/calendar';
export * from './enforcement/case';
export * from './enforcement/control-rules';
export * from './enforcement/model';
export * from './enforcement/notice';
export * from './enforcement/money';
export * from './enforcement/property-steps';
export * from './enforcement/rules';
export * from './enforcement/step-request';
export * from './enforcement/step-table';
export * from './enforcement/steps';
export * from './events/model';
export * from './evidence/evidence-lifecycle';
export * from './evidence/evidence-record';
export * from './evidence/evidence-validation';
export * from './evidence/model';
export * from './guarantee/guarantee-actions';
export * from './guarantee/guarantee-check';
export * from './guarantee/guarantee-lifecycle';
export * from './guarantee/guarantee-validation';
export * from './guarantee/model';
export * from './preservation/model';
export * from './preservation/preservation-access';
export * from './preservation/preservation-actions';
export * from './preservation/preservation-validation';
export * from './service/model';
export * from './service/service-acknowledgement';
export * from './service/service-events';
export * from './service/service-keys';
export * from './service/service-legal';
export * from './service/service-recipient';
export * from './service/service-validation';
export * from './shared/action-entry';
export * from './shared/action-params';
export * from './shared/actor';
export * from './shared/canonical-json';
export * from './shared/case-number';
export * from './shared/digests';
export * from './shared/errors';
export * from './shared/roles';
export * from './shared/time';
export * from './shared/validation';
