import { NOT_CONFIGURED, type ChannelResult, type ServiceChannel } from './channel';

/**
 * SMS and instant messaging have no transport in this build: sending through them honestly records
 * `delivery-failed` with detail "channel not configured", so the court sees the service did not go out.
 */
export class UnconfiguredChannel implements ServiceChannel {
    constructor(readonly name: 'sms' | 'im' | 'email') {}

    send(): Promise<ChannelResult> {
        return Promise.resolve({ delivered: false, detail: NOT_CONFIGURED });
    }
}
