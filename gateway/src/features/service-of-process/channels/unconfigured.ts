import { NOT_CONFIGURED, type ChannelResult, type ServiceChannel } from './channel';

/**
 * E-mail without `SMTP_URL`: sending through it honestly records `delivery-failed` with detail "channel not
 * configured", so the court sees the service did not go out.
 */
export class UnconfiguredChannel implements ServiceChannel {
    readonly name = 'email';

    send(): Promise<ChannelResult> {
        return Promise.resolve({ delivered: false, detail: NOT_CONFIGURED });
    }
}
