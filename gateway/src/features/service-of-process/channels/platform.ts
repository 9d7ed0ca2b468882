import type { ChannelResult, ServiceChannel } from './channel';

/**
 * The court platform's own inbox: the service is in the recipient's inbox (`GET /v1/recipients/me/services`)
 * as soon as it is issued, so it is delivered at once.
 */
export class PlatformChannel implements ServiceChannel {
    readonly name = 'platform' as const;

    send(): Promise<ChannelResult> {
        return Promise.resolve({ delivered: true, detail: 'placed in the recipient’s platform inbox' });
    }
}
