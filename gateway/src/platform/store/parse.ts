/** Parses a PostgreSQL `int8` text value into a safe JavaScript integer (both adapters use it). */
export function parseInt8(text: string): number {
    const value = Number(text);
    if (!Number.isSafeInteger(value)) {
        throw new RangeError(`int8 value ${text} does not fit a JavaScript number`);
    }
    return value;
}

/** Parses PostgreSQL's hex text form of `bytea` (`\x0a1b…`, the default `bytea_output`) into a Buffer. */
export function parseBytea(text: string): Buffer {
    if (!text.startsWith('\\x')) {
        throw new Error('bytea value is not in hex format (bytea_output must be "hex")');
    }
    return Buffer.from(text.slice(2), 'hex');
}
