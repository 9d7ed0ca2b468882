import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { DOCUMENT_TYPES, SERVICE_CHANNELS, SERVICE_EVENT_TYPES } from '../../../src/domain/service/model';
import { addressHash, MAX_ADDRESS_LENGTH, parseRecipient } from '../../../src/domain/service/service-recipient';
import {
    deriveServiceId,
    parseAddressConfirmed,
    parseDocumentType,
    parseServiceChannel,
    parseServiceEventType,
    SERVICE_ID_PATTERN,
    validateServiceId,
} from '../../../src/domain/service/service-validation';
import { expectThrowsCode } from '../../helpers/codes';

const SALT = '00112233445566778899aabbccddeeff';

describe('service validation', () => {
    it('knows the document types, channels and event types of the design contract', () => {
        expect(DOCUMENT_TYPES).to.deep.equal([
            'summons',
            'notice',
            'judgment',
            'ruling',
            'mediation-document',
            'enforcement-notice',
            'other',
        ]);
        expect(SERVICE_CHANNELS).to.deep.equal(['platform', 'email']);
        for (const type of DOCUMENT_TYPES) {
            expect(parseDocumentType(type)).to.equal(type);
        }
        for (const channel of SERVICE_CHANNELS) {
            expect(parseServiceChannel(channel)).to.equal(channel);
        }
        for (const type of SERVICE_EVENT_TYPES) {
            expect(parseServiceEventType(type)).to.equal(type);
        }
        expect(() => parseDocumentType('Summons')).to.throw(/^INVALID_ARGUMENT: field=documentType; /);
        expect(() => parseServiceChannel('')).to.throw(/^INVALID_ARGUMENT: field=channel; /);
        expect(() => parseServiceEventType('served')).to.throw(/^INVALID_ARGUMENT: field=type; /);
    });

    it('derives service ids from the transaction id', () => {
        const id = deriveServiceId('tx-1');
        expect(id).to.equal(`sv_${createHash('sha256').update('tx-1').digest('hex').slice(0, 32)}`);
        expect(id).to.match(SERVICE_ID_PATTERN);
        expect(validateServiceId(id)).to.equal(id);
        expect(deriveServiceId('tx-2')).to.not.equal(id);
        for (const bad of ['', 'sv_', `sv_${'A'.repeat(32)}`, `ev_${'0'.repeat(32)}`, `sv_${'0'.repeat(33)}`]) {
            expect(() => validateServiceId(bad)).to.throw(/^INVALID_ARGUMENT: field=serviceId; /);
        }
    });

    it('validates addressConfirmed', () => {
        expect(parseAddressConfirmed('true')).to.equal(true);
        expect(parseAddressConfirmed('false')).to.equal(false);
        for (const bad of ['', 'TRUE', '1', 'yes']) {
            expectThrowsCode(() => parseAddressConfirmed(bad), 'INVALID_ARGUMENT');
        }
    });
});

describe('service recipient', () => {
    const good = { sub: 'p-7', address: 'zhang.san@example.cn', salt: SALT };

    it('parses {sub, address, salt}', () => {
        expect(parseRecipient(good)).to.deep.equal(good);
        expect(parseRecipient({ ...good, address: 'a'.repeat(MAX_ADDRESS_LENGTH) }).address).to.have.length(320);
        expect(parseRecipient({ ...good, address: '+86 138 0013 8000' }).address).to.equal('+86 138 0013 8000');
    });

    const bad: [string, unknown, string][] = [
        ['absent', undefined, 'recipient'],
        ['an array', [good], 'recipient'],
        ['a string', 'p-7', 'recipient'],
        ['an extra field', { ...good, name: 'Zhang San' }, 'recipient'],
        ['a missing field', { sub: good.sub, address: good.address }, 'recipient'],
        ['a bad sub', { ...good, sub: 'p 7' }, 'recipient.sub'],
        ['an empty address', { ...good, address: '' }, 'recipient.address'],
        ['a long address', { ...good, address: 'a'.repeat(MAX_ADDRESS_LENGTH + 1) }, 'recipient.address'],
        ['an address with a newline', { ...good, address: 'a@b.cn\n' }, 'recipient.address'],
        ['a numeric address', { ...good, address: 13800138000 }, 'recipient.address'],
        ['a short salt', { ...good, salt: 'ab' }, 'recipient.salt'],
        ['an uppercase salt', { ...good, salt: SALT.toUpperCase() }, 'recipient.salt'],
    ];
    for (const [name, value, field] of bad) {
        it(`refuses ${name} (field ${field}) without echoing personal data`, () => {
            let message = '';
            try {
                parseRecipient(value);
            } catch (error) {
                message = (error as Error).message;
            }
            expect(message).to.match(new RegExp(`^INVALID_ARGUMENT: field=${field.replace('.', '\\.')}; `));
            expect(message).to.not.include('zhang');
            expect(message).to.not.include('Zhang San');
        });
    }

    it('hashes salt bytes ‖ UTF-8 address', () => {
        const expected = createHash('sha256')
            .update(Buffer.concat([Buffer.from(SALT, 'hex'), Buffer.from('张三@example.cn', 'utf8')]))
            .digest('hex');
        expect(addressHash(SALT, '张三@example.cn')).to.equal(expected);
        expect(addressHash('ff'.repeat(16), '张三@example.cn')).to.not.equal(expected);
    });
});
