/**
 * court-ledger chaincode. `fabric-chaincode-node start|server --module-path chaincode` loads this module
 * (package.json `main`) and registers {@link contracts}; the embedded ledger loads it the same way.
 */
import { AnchorContract } from './contracts/anchor';
import { CaseContract } from './contracts/case';
import { CaseNumberContract } from './contracts/case-number';
import { EnforcementContract } from './contracts/enforcement';
import { EvidenceContract } from './contracts/evidence';
import { GuaranteeContract } from './contracts/guarantee';
import { PreservationContract } from './contracts/preservation';
import { ServiceContract } from './contracts/service';

/**
 * The contract classes, first one the default. fabric-shim's `ChaincodeFromContract` appends its system
 * contract to the array it is given, so pass a copy (`[...contracts]`) when constructing one yourself.
 */
export const contracts = [
    EvidenceContract,
    AnchorContract,
    ServiceContract,
    PreservationContract,
    GuaranteeContract,
    EnforcementContract,
    CaseNumberContract,
    CaseContract,
];

export { AnchorContract, ANCHOR_KEY } from './contracts/anchor';
export { CaseContract } from './contracts/case';
export { CaseNumberContract } from './contracts/case-number';
export { CASE_KEYS } from './contracts/case-state';
export {
    ACTOR_TRANSIENT_KEY,
    CASE_NUMBER_KEY,
    COURT_PRIVATE_COLLECTION,
    CourtContext,
    CourtContract,
} from './contracts/court-context';
export { EnforcementContract } from './contracts/enforcement';
export { ENFORCEMENT_KEYS } from './contracts/enforcement-state';
export { EvidenceContract, EVIDENCE_KEYS } from './contracts/evidence';
export { GuaranteeContract, LETTER_ENDORSING_ORGS } from './contracts/guarantee';
export { PreservationContract } from './contracts/preservation';
export { PRESERVATION_KEYS } from './contracts/preservation-state';
export { ServiceContract, SERVICE_KEYS } from './contracts/service';
export * from './domain/index';
