import { expect } from 'chai';
import {
    commonNameFromId,
    parseActorClaim,
    resolveActor,
    type Actor,
    type ClientIdentityInfo,
} from '../../../src/domain/shared/actor';
import type { ErrorCode } from '../../../src/domain/shared/errors';
import { expectThrowsCode } from '../../helpers/codes';

function identity(mspId: string, role: string | undefined, commonName = 'cert-cn'): ClientIdentityInfo {
    return { mspId, attrs: role === undefined ? {} : { role, court: '0491' }, commonName };
}

const courtGateway = identity('CourtMSP', 'gateway', 'court-gateway');
const agencyGateway = identity('AgencyMSP', 'gateway', 'agency-gateway');

describe('resolveActor', () => {
    const allowed: [string, ClientIdentityInfo, unknown, Actor][] = [
        [
            'court gateway for a party',
            courtGateway,
            { sub: 'u-1', role: 'party', org: 'CourtMSP' },
            { sub: 'u-1', role: 'party', org: 'CourtMSP' },
        ],
        [
            'court gateway for an agent without org',
            courtGateway,
            { sub: 'lawyer@firm', role: 'agent' },
            { sub: 'lawyer@firm', role: 'agent', org: 'CourtMSP' },
        ],
        [
            'court gateway for a clerk',
            courtGateway,
            { sub: 'clerk:7', role: 'clerk' },
            { sub: 'clerk:7', role: 'clerk', org: 'CourtMSP' },
        ],
        [
            'court gateway for a judge',
            courtGateway,
            { sub: 'j.1', role: 'judge' },
            { sub: 'j.1', role: 'judge', org: 'CourtMSP' },
        ],
        [
            'court gateway for enforcement',
            courtGateway,
            { sub: 'e_1', role: 'enforcement' },
            { sub: 'e_1', role: 'enforcement', org: 'CourtMSP' },
        ],
        [
            'court gateway for a subsystem',
            courtGateway,
            { sub: 'trial', role: 'subsystem' },
            { sub: 'trial', role: 'subsystem', org: 'CourtMSP' },
        ],
        [
            'agency gateway for agency',
            agencyGateway,
            { sub: 'picc-1', role: 'agency', org: 'AgencyMSP' },
            { sub: 'picc-1', role: 'agency', org: 'AgencyMSP' },
        ],
        [
            'agency identity for agency',
            identity('AgencyMSP', 'agency'),
            { sub: 'picc-2', role: 'agency' },
            { sub: 'picc-2', role: 'agency', org: 'AgencyMSP' },
        ],
        [
            'clerk as itself',
            identity('CourtMSP', 'clerk', 'clerk-9'),
            undefined,
            { sub: 'clerk-9', role: 'clerk', org: 'CourtMSP' },
        ],
        [
            'judge as itself',
            identity('CourtMSP', 'judge', 'judge-1'),
            undefined,
            { sub: 'judge-1', role: 'judge', org: 'CourtMSP' },
        ],
        [
            'enforcement as itself',
            identity('CourtMSP', 'enforcement', 'enf'),
            undefined,
            { sub: 'enf', role: 'enforcement', org: 'CourtMSP' },
        ],
        [
            'subsystem as itself',
            identity('CourtMSP', 'subsystem', 'e-archive'),
            undefined,
            { sub: 'e-archive', role: 'subsystem', org: 'CourtMSP' },
        ],
        [
            'agency as itself',
            identity('AgencyMSP', 'agency', 'picc'),
            undefined,
            { sub: 'picc', role: 'agency', org: 'AgencyMSP' },
        ],
    ];
    for (const [name, id, claim, expected] of allowed) {
        it(`allows ${name}`, () => {
            expect(resolveActor(id, claim)).to.deep.equal(expected);
        });
    }

    const refused: [string, ClientIdentityInfo, unknown, ErrorCode][] = [
        ['an unknown MSP', identity('OtherMSP', 'gateway'), { sub: 'u', role: 'party' }, 'UNAUTHENTICATED'],
        ['an identity without role', identity('CourtMSP', undefined), undefined, 'UNAUTHENTICATED'],
        ['an identity with an empty role', identity('CourtMSP', ''), undefined, 'UNAUTHENTICATED'],
        ['a court gateway without claim', courtGateway, undefined, 'UNAUTHENTICATED'],
        ['an agency gateway without claim', agencyGateway, undefined, 'UNAUTHENTICATED'],
        [
            'a self-acting identity whose CN is not a principal id',
            identity('CourtMSP', 'clerk', 'Clerk Seven'),
            undefined,
            'UNAUTHENTICATED',
        ],
        ['a self-acting identity without CN', identity('CourtMSP', 'judge', ''), undefined, 'UNAUTHENTICATED'],
        ['a court gateway acting as agency', courtGateway, { sub: 'x', role: 'agency' }, 'FORBIDDEN_ROLE'],
        ['an agency gateway acting as clerk', agencyGateway, { sub: 'x', role: 'clerk' }, 'FORBIDDEN_ROLE'],
        [
            'an agency identity acting as party',
            identity('AgencyMSP', 'agency'),
            { sub: 'x', role: 'party' },
            'FORBIDDEN_ROLE',
        ],
        [
            'a clerk identity acting for someone',
            identity('CourtMSP', 'clerk'),
            { sub: 'x', role: 'clerk' },
            'FORBIDDEN_ROLE',
        ],
        [
            'a subsystem identity acting for a party',
            identity('CourtMSP', 'subsystem'),
            { sub: 'x', role: 'party' },
            'FORBIDDEN_ROLE',
        ],
        ['a claim naming another org', courtGateway, { sub: 'x', role: 'party', org: 'AgencyMSP' }, 'FORBIDDEN_ROLE'],
        ['a CourtMSP identity with role agency', identity('CourtMSP', 'agency'), undefined, 'FORBIDDEN_ROLE'],
        ['an AgencyMSP identity with role clerk', identity('AgencyMSP', 'clerk'), undefined, 'FORBIDDEN_ROLE'],
        ['a certificate role party', identity('CourtMSP', 'party'), undefined, 'FORBIDDEN_ROLE'],
        ['a claim that is not an object', courtGateway, 'u-1', 'INVALID_ARGUMENT'],
        ['a null claim', courtGateway, null, 'INVALID_ARGUMENT'],
        ['an array claim', courtGateway, ['u-1', 'party'], 'INVALID_ARGUMENT'],
        ['a claim without sub', courtGateway, { role: 'party' }, 'INVALID_ARGUMENT'],
        ['a claim with an unknown role', courtGateway, { sub: 'u', role: 'gateway' }, 'INVALID_ARGUMENT'],
        ['a claim with extra fields', courtGateway, { sub: 'u', role: 'party', name: 'Zhang San' }, 'INVALID_ARGUMENT'],
        ['a claim with an empty org', courtGateway, { sub: 'u', role: 'party', org: '' }, 'INVALID_ARGUMENT'],
    ];
    for (const [name, id, claim, code] of refused) {
        it(`refuses ${name} (${code})`, () => {
            expectThrowsCode(() => resolveActor(id, claim), code);
        });
    }
});

describe('parseActorClaim', () => {
    it('bounds sub to 128 characters of [A-Za-z0-9._:@-]', () => {
        expect(parseActorClaim({ sub: 'a'.repeat(128), role: 'party' }).sub).to.have.length(128);
        for (const sub of ['', 'a'.repeat(129), 'with space', '张三', 'a/b', 'a\nb', 42]) {
            expectThrowsCode(() => parseActorClaim({ sub, role: 'party' }), 'INVALID_ARGUMENT');
        }
    });
});

describe('commonNameFromId', () => {
    it('takes the CN of the subject, not of the issuer', () => {
        const id =
            'x509::/C=US/ST=North Carolina/O=Hyperledger/OU=client/CN=user1::/C=US/O=org1.example.com/CN=ca.org1';
        expect(commonNameFromId(id)).to.equal('user1');
    });

    it('handles escaped slashes and missing CNs', () => {
        expect(commonNameFromId('x509::/O=a\\/b/CN=c\\/d::/CN=ca')).to.equal('c/d');
        expect(commonNameFromId('x509::/O=a::/CN=ca')).to.equal('');
        expect(commonNameFromId('not-x509')).to.equal('');
    });
});
