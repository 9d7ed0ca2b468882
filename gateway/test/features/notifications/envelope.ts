import { Value } from '@sinclair/typebox/value';
import { EventEnvelope } from '../../../src/features/notifications/schemas';

/** True when `value` is an event as its TypeBox schema documents it (for the end-to-end tests). */
export function isEventEnvelope(value: unknown): boolean {
    return Value.Check(EventEnvelope, value);
}
