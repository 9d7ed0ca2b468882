import { expect } from 'chai';
import { ProjectionRegistry, type ProjectionHandler } from '../../../src/platform/store/projection.js';

function handler(name: string, events: readonly string[], tables: readonly string[]): ProjectionHandler {
    return { name, events, tables, project: () => Promise.resolve() };
}

describe('ProjectionRegistry', () => {
    it('gives an event to every handler that projects it, in registration order', () => {
        const evidence = handler('evidence', ['EvidenceSubmitted', 'EvidenceCustody'], ['evidence']);
        const cases = handler('cases', ['CaseRegistered', 'EvidenceSubmitted'], ['cases']);
        const registry = new ProjectionRegistry([evidence, cases]);
        expect(registry.handlersOf('EvidenceSubmitted')).to.deep.equal([evidence, cases]);
        expect(registry.handlersOf('EvidenceCustody')).to.deep.equal([evidence]);
        expect(registry.handlersOf('Unknown')).to.deep.equal([]);
        expect(registry.tables).to.deep.equal(['evidence', 'cases', 'ledger_transactions']);
    });

    it('refuses two handlers writing one table', () => {
        expect(
            () => new ProjectionRegistry([handler('a', ['X'], ['shared']), handler('b', ['Y'], ['shared'])]),
        ).to.throw('table shared is written by both a and b');
    });
});
