import type { ServiceOfProcessConfig } from '../config';
import type { ServiceChannel as ChannelName } from '@court-ledger/chaincode';
import type { ServiceChannel } from './channel';
import { EmailChannel } from './email';
import { PlatformChannel } from './platform';
import { UnconfiguredChannel } from './unconfigured';

export * from './channel';
export { EmailChannel, noticeText, recipientLink, type EmailChannelOptions } from './email';
export { PlatformChannel } from './platform';
export { UnconfiguredChannel } from './unconfigured';

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

/** Where recipients are sent and in which zone times are written (`PUBLIC_URL`, `COURT_TIME_ZONE`). */
export interface NoticeSettings {
    readonly publicUrl: string;
    readonly timeZone: string;
}

/** Builds the channels from the configuration: the platform inbox, and e-mail when `SMTP_URL` is set. */
export function createChannels(config: ServiceOfProcessConfig, notice: NoticeSettings): ServiceChannels {
    return new ServiceChannels({
        platform: new PlatformChannel(),
        email:
            config.smtpUrl === undefined
                ? new UnconfiguredChannel()
                : new EmailChannel({ smtpUrl: config.smtpUrl, from: config.smtpFrom, ...notice }),
    });
}
