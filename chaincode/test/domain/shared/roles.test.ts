import { expect } from 'chai';
import {
    COURT_SERVICE_ROLES,
    isRole,
    PERMISSIONS,
    requireRole,
    ROLES,
    SERVICE_PARTICIPANT_ROLES,
} from '../../../src/domain/shared/roles';
import { expectThrowsCode } from '../../helpers/codes';

describe('roles', () => {
    it('knows the principal roles', () => {
        for (const role of ROLES) {
            expect(isRole(role)).to.equal(true);
        }
        for (const value of ['gateway', 'Party', '', undefined, 1]) {
            expect(isRole(value)).to.equal(false);
        }
    });

    it('requireRole passes allowed roles and refuses others with FORBIDDEN_ROLE', () => {
        requireRole({ role: 'clerk' }, PERMISSIONS.submitEvidence);
        requireRole({ role: 'subsystem' }, PERMISSIONS.recordAnchor);
        expectThrowsCode(() => {
            requireRole({ role: 'judge' }, PERMISSIONS.submitEvidence, 'submit');
        }, 'FORBIDDEN_ROLE');
        expectThrowsCode(() => {
            requireRole({ role: 'clerk' }, PERMISSIONS.recordAnchor);
        }, 'FORBIDDEN_ROLE');
        expectThrowsCode(() => {
            requireRole({ role: 'party' }, []);
        }, 'FORBIDDEN_ROLE');
    });

    it('gives service to the court roles, keys to clerks and judges, and the recipient side only its own', () => {
        expect(COURT_SERVICE_ROLES).to.deep.equal(['clerk', 'judge', 'enforcement']);
        expect(PERMISSIONS.issueService).to.deep.equal(COURT_SERVICE_ROLES);
        expect(PERMISSIONS.registerRecipientKey).to.deep.equal(['clerk', 'judge']);
        expect(PERMISSIONS.readServiceRecipient).to.deep.equal(COURT_SERVICE_ROLES);
        expect(PERMISSIONS.readService).to.deep.equal(SERVICE_PARTICIPANT_ROLES);
        expect([...SERVICE_PARTICIPANT_ROLES].sort()).to.deep.equal([
            'agent',
            'clerk',
            'enforcement',
            'judge',
            'party',
        ]);
    });
});
