import { TokenService, readSigningSecret } from '../platform/auth/tokens';
import type { Role } from '../platform/auth/roles';

export async function tokenCommand(options: {
    role: Role;
    sub: string;
    org?: string;
    ttl: number;
    data: string;
}): Promise<void> {
    // Never creates a secret (the gateway does): a fresh one would sign tokens the gateway refuses.
    const secret = await readSigningSecret(options.data, process.env.JWT_SECRET || undefined);
    const token = new TokenService(secret).mint({
        sub: options.sub,
        role: options.role,
        ttlSeconds: options.ttl,
        ...(options.org === undefined ? {} : { org: options.org }),
    });
    process.stdout.write(token + '\n');
}
