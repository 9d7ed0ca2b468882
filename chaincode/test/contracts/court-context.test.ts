import { expect } from 'chai';
import { COURT_PRIVATE_COLLECTION } from '../../src/contracts/court-context';
import { canonicalJson } from '../../src/domain/shared/canonical-json';
import { contextFor, expectCode, FakeStub, viaGateway } from '../helpers/fake-ledger';

describe('CourtContext', () => {
    function context(actor?: unknown) {
        const stub = new FakeStub();
        const caller = { ...viaGateway('p-1', 'party'), actor };
        stub.begin({
            txId: 'tx-9',
            seconds: 1_718_000_000,
            transient: new Map(
                actor === undefined
                    ? []
                    : [['actor', Buffer.from(typeof actor === 'string' ? actor : JSON.stringify(actor))]],
            ),
        });
        return { stub, ctx: contextFor(stub, caller) };
    }

    it('resolves the actor from the identity and the actor transient field, once', () => {
        const { ctx } = context({ org: 'CourtMSP', role: 'party', sub: 'p-1' });
        const actor = ctx.actor();
        expect(actor).to.deep.equal({ sub: 'p-1', role: 'party', org: 'CourtMSP' });
        expect(ctx.actor()).to.equal(actor);
        expect(ctx.identity()).to.deep.equal({
            mspId: 'CourtMSP',
            attrs: { role: 'gateway', court: 'K0491' },
            commonName: 'court-gateway',
        });
    });

    it('refuses an actor field that is not UTF-8 JSON', async () => {
        await expectCode(
            Promise.resolve().then(() => context('{"sub":').ctx.actor()),
            'INVALID_ARGUMENT',
        );
        const { stub, ctx } = context();
        stub.getTransient().set('actor', Uint8Array.of(0xff, 0xfe));
        expect(() => ctx.claimedActor()).to.throw(/^INVALID_ARGUMENT: /);
    });

    it('gives the transaction time and id deterministically', () => {
        const { ctx } = context();
        expect(ctx.txTimestamp()).to.equal('2024-06-10T06:13:20.250Z');
        expect(ctx.txId()).to.equal('tx-9');
    });

    it('writes a record as canonical JSON with its event, and emits exactly one event per transaction', async () => {
        const { stub, ctx } = context();
        const json = await ctx.write('k', { b: 1, a: [true, 'x'] }, 'AnchorRecorded');
        expect(json).to.equal('{"a":[true,"x"],"b":1}');
        expect(() => {
            ctx.emit('EvidenceCustody', {});
        }).to.throw(/one event per transaction/);
        const event = stub.commit();
        expect(stub.state.get('k')?.toString()).to.equal(json);
        expect(event).to.deep.equal({
            name: 'AnchorRecorded',
            payload: canonicalJson({ type: 'AnchorRecorded', record: { a: [true, 'x'], b: 1 } }),
        });
        expect(await ctx.getJson('k')).to.deep.equal({ a: [true, 'x'], b: 1 });
        expect(await ctx.getJson('missing')).to.equal(undefined);
    });

    it('writes several records in one transaction under one event whose payload names them all', async () => {
        const { stub, ctx } = context();
        expect(await ctx.put('step-1', { seq: 1 })).to.equal('{"seq":1}');
        const payload = { case: { id: 'c' }, steps: [{ seq: 1 }] };
        expect(await ctx.write('case', { id: 'c' }, 'EnforcementStep', payload)).to.equal('{"id":"c"}');
        const event = stub.commit();
        expect(stub.state.get('step-1')?.toString()).to.equal('{"seq":1}');
        expect(stub.state.get('case')?.toString()).to.equal('{"id":"c"}');
        expect(event).to.deep.equal({
            name: 'EnforcementStep',
            payload: canonicalJson({ type: 'EnforcementStep', record: payload }),
        });
    });

    it('scans index entries by partial composite key', async () => {
        const { stub, ctx } = context();
        await ctx.putIndex('idx', ['a', '2'], 'two');
        await ctx.putIndex('idx', ['a', '1'], 'one');
        await ctx.putIndex('idx', ['ab', '3'], 'three');
        stub.commit();
        expect(await ctx.scanIndex('idx', ['a'])).to.deep.equal(['one', 'two']);
        expect(await ctx.scanIndex('idx', [])).to.deep.equal(['one', 'two', 'three']);
    });

    it('reads other transient fields as JSON, naming the field when malformed', () => {
        const { stub, ctx } = context();
        expect(ctx.transientJson('recipient')).to.equal(undefined);
        stub.getTransient().set('recipient', Buffer.from('{"b":1}'));
        expect(ctx.transientJson('recipient')).to.deep.equal({ b: 1 });
        stub.getTransient().set('recipient', Buffer.from('{'));
        expect(() => ctx.transientJson('recipient')).to.throw(/^INVALID_ARGUMENT: field=recipient; /);
    });

    it('keeps private data apart from public state, as canonical JSON', async () => {
        const { stub, ctx } = context();
        await ctx.putPrivateJson(COURT_PRIVATE_COLLECTION, 'k', { z: 'secret', a: 1 });
        stub.commit();
        expect(stub.state.size).to.equal(0);
        expect(stub.publicWriteLog).to.deep.equal([]);
        expect(stub.privateState.get('courtPrivate')?.get('k')?.toString()).to.equal('{"a":1,"z":"secret"}');
        expect(await ctx.getPrivateJson(COURT_PRIVATE_COLLECTION, 'k')).to.deep.equal({ a: 1, z: 'secret' });
        expect(await ctx.getPrivateJson(COURT_PRIVATE_COLLECTION, 'missing')).to.equal(undefined);
        expect(await ctx.getPrivateJson('otherCollection', 'k')).to.equal(undefined);
        expect(await ctx.getJson('k')).to.equal(undefined);
    });
});
