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

/** What a person pinned: the embedded node key's fingerprint and/or Fabric CA fingerprints by MSP id. */
export interface FingerprintPins {
    readonly nodeKey?: string;
    readonly caFingerprints?: Readonly<Record<string, readonly string[]>>;
}

const MSP_ENTRY = /^([A-Za-z][\w.-]*)\s*[=\s]\s*(\S[\s\S]*)$/;

/**
 * Parses pasted fingerprints: entries separated by commas, semicolons or new lines, each a bare SHA-256
 * fingerprint (the embedded node key) or `MSP=fingerprint` (a Fabric CA certificate of that organisation, as
 * `GET /v1/trust` lists them); a string names the first entry that is neither.
 */
export function parseFingerprintPins(text: string): FingerprintPins | string {
    let nodeKey: string | undefined;
    const cas: Record<string, string[]> = {};
    for (const entry of text.split(/[,;\n]/).map((part) => part.trim())) {
        if (entry === '') {
            continue;
        }
        const named = MSP_ENTRY.exec(entry);
        const fingerprint = named?.[2] === undefined ? undefined : normaliseFingerprint(named[2]);
        if (named?.[1] !== undefined && fingerprint !== undefined) {
            (cas[named[1]] ??= []).push(fingerprint);
        } else if (normaliseFingerprint(entry) !== undefined) {
            nodeKey = normaliseFingerprint(entry);
        } else {
            return entry;
        }
    }
    return {
        ...(nodeKey === undefined ? {} : { nodeKey }),
        ...(Object.keys(cas).length === 0 ? {} : { caFingerprints: cas }),
    };
}
