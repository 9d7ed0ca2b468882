const HEX32 = /^[0-9a-fA-F]{64}$/;

/** Lower-case hex of bytes (no Buffer: this module runs in the browser too). */
export function bytesToHex(bytes: Uint8Array): string {
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Bytes of a hex string of even length (callers check the format first). */
export function hexToBytes(hex: string): Uint8Array {
    return Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16));
}

/** A 32-byte value given as hex (any case) or bytes, as lowercase hex; undefined if it is not 32 bytes. */
export function hex32(value: string | Uint8Array): string | undefined {
    if (typeof value === 'string') {
        return HEX32.test(value) ? value.toLowerCase() : undefined;
    }
    return value.length === 32 ? bytesToHex(value) : undefined;
}

/**
 * A SHA-256 fingerprint as typed or pasted by a person: any case, with or without `:`, spaces or dashes
 * between the digits; lower-case hex, or undefined if it is not 32 bytes.
 */
export function normaliseFingerprint(text: string): string | undefined {
    return hex32(text.replace(/[\s:-]/g, ''));
}
