const HEX32 = /^[0-9a-fA-F]{64}$/;

/** A 32-byte value given as hex (any case) or bytes, as lowercase hex; undefined if it is not 32 bytes. */
export function hex32(value: string | Uint8Array): string | undefined {
    if (typeof value === 'string') {
        return HEX32.test(value) ? value.toLowerCase() : undefined;
    }
    return value.length === 32
        ? Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')
        : undefined;
}
