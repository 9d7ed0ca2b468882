import { saltedSha256 } from '@court-ledger/chaincode';
import { expect } from 'chai';
import { addCustodyNote, custodyNotes } from '../../../src/features/evidence/custody-notes.js';
import { sealText } from '../../../src/platform/store/off-chain-texts.js';
import { forEachBackend } from '../../platform/store/backends.js';
import { sha256Hex } from '../../platform/store/events.js';
import { expectRejection, useIndex } from '../../platform/store/index-fixture.js';

forEachBackend('custody notes', (name, makeDb) => {
    describe(`custody notes (${name})`, function () {
        this.timeout(120_000);
        const index = useIndex(makeDb);

        it('stores a note once per transaction and refuses a different one', async () => {
            const sealed = sealText('Party objects: chain of custody gap');
            const note = await addCustodyNote(index.db, 'ev_1', 'tx-9', sealed);
            expect(note.noteSha256).to.equal(saltedSha256(sealed.salt, 'Party objects: chain of custody gap'));
            expect(note.noteSha256).to.not.equal(sha256Hex('Party objects: chain of custody gap'));
            expect(await addCustodyNote(index.db, 'ev_1', 'tx-9', sealed)).to.deep.equal(note);
            await expectRejection(
                addCustodyNote(index.db, 'ev_1', 'tx-9', sealText('something else')),
                /different custody note/,
            );
            await addCustodyNote(index.db, 'ev_1', 'tx-10', sealText('second'));
            expect((await custodyNotes(index.db, 'ev_1')).map((n) => n.txId)).to.deep.equal(['tx-9', 'tx-10']);
            expect(await custodyNotes(index.db, 'ev_2')).to.deep.equal([]);
        });
    });
});
