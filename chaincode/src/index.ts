/**
 * court-ledger chaincode. `fabric-chaincode-node start|server --module-path chaincode` loads this module
 * (package.json `main`) and registers {@link contracts}; the embedded ledger loads it the same way.
 */
import { AnchorContract } from './contracts/anchor';
import { EvidenceContract } from './contracts/evidence';
import { GuaranteeContract } from './contracts/guarantee';
import { PreservationContract } from './contracts/preservation';
import { ServiceContract } from './contracts/service';

/**
 * The contract classes, first one the default. fabric-shim's `ChaincodeFromContract` appends its system
 * contract to the array it is given, so pass a copy (`[...contracts]`) when constructing one yourself.
 */
export const contracts = [EvidenceContract, AnchorContract, ServiceContract, PreservationContract, GuaranteeContract];

export { AnchorContract, ANCHOR_KEY } from './contracts/anchor';
export { ACTOR_TRANSIENT_KEY, COURT_PRIVATE_COLLECTION, CourtContext, CourtContract } from './contracts/court-context';
export { EvidenceContract, EVIDENCE_KEYS } from './contracts/evidence';
export { GuaranteeContract, LETTER_ENDORSING_ORGS } from './contracts/guarantee';
export { PreservationContract } from './contracts/preservation';
export { PRESERVATION_KEYS } from './contracts/preservation-state';
export { ServiceContract, SERVICE_KEYS } from './contracts/service';
export * from './domain/anchor/anchor-batch';
export * from './domain/anchor/anchor-validation';
export * from './domain/anchor/model';
export * from './domain/events/model';
export * from './domain/evidence/evidence-lifecycle';
export * from './domain/evidence/evidence-record';
export * from './domain/evidence/evidence-validation';
export * from './domain/evidence/model';
export * from './domain/guarantee/guarantee-actions';
export * from './domain/guarantee/guarantee-check';
export * from './domain/guarantee/guarantee-lifecycle';
export * from './domain/guarantee/guarantee-validation';
export * from './domain/guarantee/model';
export * from './domain/preservation/model';
export * from './domain/preservation/preservation-access';
export * from './domain/preservation/preservation-actions';
export * from './domain/preservation/preservation-validation';
export * from './domain/service/model';
export * from './domain/service/service-acknowledgement';
export * from './domain/service/service-events';
export * from './domain/service/service-keys';
export * from './domain/service/service-legal';
export * from './domain/service/service-recipient';
export * from './domain/service/service-validation';
export * from './domain/shared/action-entry';
export * from './domain/shared/action-params';
export * from './domain/shared/actor';
export * from './domain/shared/canonical-json';
export * from './domain/shared/digests';
export * from './domain/shared/errors';
export * from './domain/shared/roles';
export * from './domain/shared/time';
export * from './domain/shared/validation';
