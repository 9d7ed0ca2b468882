import { expect } from 'chai';
import { courtCheck } from '../../../src/domain/guarantee/guarantee-check';
import { COURT_CHECK_CONDITIONS, type GuaranteeCheck } from '../../../src/domain/guarantee/model';
import { application, APPLICATION_ID, LATER, letter, LETTER_ID, NOW } from '../../helpers/guarantee-fixtures';

const bound = application({ guaranteeLetterId: LETTER_ID, securityRequired: 1_000_000 });

function failed(check: GuaranteeCheck): string[] {
    return check.conditions.filter((entry) => !entry.ok).map((entry) => entry.name);
}

describe('courtCheck', () => {
    it('passes an issued letter bound to the application that covers the security', () => {
        const check = courtCheck(letter('issued'), bound, NOW);
        expect(check.ok).to.equal(true);
        expect(check.conditions.map((entry) => entry.name)).to.deep.equal([...COURT_CHECK_CONDITIONS]);
        expect(courtCheck(letter('amended', { amount: 1_500_000 }), bound, NOW).ok).to.equal(true);
    });

    const cases: [label: string, check: () => GuaranteeCheck, failing: string[]][] = [
        ['no letter', () => courtCheck(undefined, bound, NOW), [...COURT_CHECK_CONDITIONS]],
        ['expired', () => courtCheck(letter('issued'), bound, LATER), ['not-expired']],
        [
            'amount below the security',
            () => courtCheck(letter('issued', { amount: 999_999 }), bound, NOW),
            ['covers-security'],
        ],
        [
            'security not set',
            () => courtCheck(letter('issued'), application({ guaranteeLetterId: LETTER_ID }), NOW),
            ['covers-security'],
        ],
        ['cancelled', () => courtCheck(letter('cancelled'), bound, NOW), ['issued', 'not-cancelled']],
        ['released', () => courtCheck(letter('released'), bound, NOW), ['issued', 'not-released']],
        ['claimed', () => courtCheck(letter('claimed'), bound, NOW), ['issued', 'not-claimed']],
        ['not yet issued', () => courtCheck(letter('paid'), bound, NOW), ['issued']],
        [
            'not bound by the application',
            () => courtCheck(letter('issued'), application({ securityRequired: 1 }), NOW),
            ['bound-to-application'],
        ],
        [
            'for another application',
            () =>
                courtCheck(
                    letter('issued'),
                    application({
                        applicationId: `pa_${'f0'.repeat(16)}`,
                        guaranteeLetterId: LETTER_ID,
                        securityRequired: 1,
                    }),
                    NOW,
                ),
            ['bound-to-application'],
        ],
    ];
    for (const [label, check, failing] of cases) {
        it(`fails when ${label}: ${failing.join(', ')}`, () => {
            const result = check();
            expect(result.ok).to.equal(false);
            expect(failed(result)).to.deep.equal(failing);
        });
    }

    it('explains each condition', () => {
        const check = courtCheck(letter('issued', { amount: 5 }), bound, NOW);
        const detail = Object.fromEntries(check.conditions.map((entry) => [entry.name, entry.detail]));
        expect(detail['covers-security']).to.equal('amount 5 < security 1000000 (fen)');
        expect(detail['bound-to-application']).to.equal(`bound to ${APPLICATION_ID}`);
    });
});
