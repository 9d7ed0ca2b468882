import type { ServiceOfProcessConfig } from '../config';
import type { ServiceChannel as ChannelName } from '@court-ledger/chaincode';
import type { ServiceChannel } from './channel';
import { EmailChannel } from './email';
import { PlatformChannel } from './platform';
import { UnconfiguredChannel } from './stubs';

export * from './channel';
export { EmailChannel, noticeText, type EmailChannelOptions } from './email';
export { PlatformChannel } from './platform';
export { UnconfiguredChannel } from './stubs';

/** The channels a gateway serves through, one per {@link ChannelName}. */
export class ServiceChannels {
    constructor(private readonly byName: Readonly<Record<ChannelName, ServiceChannel>>) {}

    /** The channel called `name`. */
    get(name: ChannelName): ServiceChannel {
        const channel = this.byName[name] as ServiceChannel | undefined;
        if (channel === undefined) {
            throw new RangeError(`unknown channel ${name}`);
        }
        return channel;
    }

    /** Closes every channel's connections. */
    close(): void {
        for (const channel of Object.values(this.byName)) {
            channel.close?.();
        }
    }
}

/** Builds the channels from the configuration: e-mail when `SMTP_URL` is set; SMS and IM are stubs. */
export function createChannels(config: ServiceOfProcessConfig): ServiceChannels {
    return new ServiceChannels({
        platform: new PlatformChannel(),
        email:
            config.smtpUrl === undefined
                ? new UnconfiguredChannel('email')
                : new EmailChannel({ smtpUrl: config.smtpUrl, from: config.smtpFrom, portalUrl: config.portalUrl }),
        sms: new UnconfiguredChannel('sms'),
        im: new UnconfiguredChannel('im'),
    });
}
