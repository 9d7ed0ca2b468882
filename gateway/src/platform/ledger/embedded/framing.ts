/**
 * Length + checksum framing for the append-only files (block file, private data store).
 *
 * Frame = u32 BE payload length, u32 BE CRC-32 of the payload, payload. Written by one positional write and
 * fsynced before anything is acknowledged, so after a crash only the last frame can be incomplete.
 *
 * Reading tells a torn tail (a crash during the last, never acknowledged append) from damage:
 * - a bad frame followed anywhere by a valid frame is damage (an acknowledged record was altered);
 * - a bad last frame is torn when it is incomplete (runs past the end of the file) or contains NUL bytes
 *   (zero-filled blocks a crash can leave behind; the JSON payloads never contain NUL);
 * - a complete last frame with a wrong checksum and no NUL bytes is damage, not a crash artefact.
 */
import type { FileHandle } from 'node:fs/promises';
import { crc32 } from 'node:zlib';

/** Bytes before each payload. */
export const FRAME_HEADER_BYTES = 8;
const READ_AHEAD = 4 * 1024 * 1024;

/** Frames `payload` for appending. */
export function encodeFrame(payload: Uint8Array): Buffer {
    const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payload.length);
    frame.writeUInt32BE(payload.length, 0);
    frame.writeUInt32BE(crc32(payload), 4);
    frame.set(payload, FRAME_HEADER_BYTES);
    return frame;
}

/** A damaged frame that is not a torn tail: the file was altered or corrupted. */
export class FrameDamage extends Error {
    constructor(
        /** Position of the frame in the file (0 = first frame). */
        readonly index: number,
        readonly offset: number,
        readonly reason: string,
    ) {
        super(`frame ${index} at byte ${offset}: ${reason}`);
        this.name = 'FrameDamage';
    }
}

/** Result of {@link scanFrames}: where the valid frames end, and why the rest (if any) is a torn tail. */
export interface ScanResult {
    readonly frames: number;
    /** Offset just past the last valid frame. */
    readonly validEnd: number;
    readonly torn?: { readonly offset: number; readonly reason: string };
}

/** Positional reads through a read-ahead window (start-up scans read every byte once). */
class ReadAhead {
    private window: Buffer = Buffer.alloc(0);
    private start = 0;

    constructor(
        private readonly handle: FileHandle,
        readonly size: number,
    ) {}

    /** `len` bytes at `pos`; the caller guarantees `pos + len <= size`. */
    async get(pos: number, len: number): Promise<Buffer> {
        if (pos >= this.start && pos + len <= this.start + this.window.length) {
            return this.window.subarray(pos - this.start, pos - this.start + len);
        }
        const n = Math.min(Math.max(len, READ_AHEAD), this.size - pos);
        const buffer = await readExactly(this.handle, pos, n);
        this.window = buffer;
        this.start = pos;
        return buffer.subarray(0, len);
    }
}

type FrameCheck =
    | { readonly ok: true; readonly payload: Buffer; readonly next: number }
    | { readonly ok: false; readonly reason: string; readonly tornCandidate: boolean };

async function checkFrame(reader: ReadAhead, offset: number): Promise<FrameCheck> {
    const remaining = reader.size - offset;
    if (remaining < FRAME_HEADER_BYTES) {
        return { ok: false, reason: `incomplete frame header (${remaining} bytes)`, tornCandidate: true };
    }
    const header = await reader.get(offset, FRAME_HEADER_BYTES);
    const length = header.readUInt32BE(0);
    const checksum = header.readUInt32BE(4);
    if (length > remaining - FRAME_HEADER_BYTES) {
        const reason = `incomplete frame (${remaining - FRAME_HEADER_BYTES} of ${length} bytes)`;
        return { ok: false, reason, tornCandidate: true };
    }
    const payload = await reader.get(offset + FRAME_HEADER_BYTES, length);
    if (length === 0 || crc32(payload) !== checksum) {
        const zeroFilled = length === 0 || payload.includes(0);
        return { ok: false, reason: 'frame checksum mismatch', tornCandidate: zeroFilled };
    }
    return { ok: true, payload, next: offset + FRAME_HEADER_BYTES + length };
}

/** True when a valid frame starts anywhere after `from` (found by its payload's known first bytes). */
async function validFrameAfter(reader: ReadAhead, from: number, marker: Buffer): Promise<boolean> {
    const step = READ_AHEAD;
    for (let pos = from; pos < reader.size; pos += step) {
        const len = Math.min(step + marker.length - 1, reader.size - pos);
        const chunk = Buffer.from(await reader.get(pos, len));
        for (let i = chunk.indexOf(marker); i !== -1; i = chunk.indexOf(marker, i + 1)) {
            const frameStart = pos + i - FRAME_HEADER_BYTES;
            if (frameStart >= from && (await checkFrame(reader, frameStart)).ok) {
                return true;
            }
        }
    }
    return false;
}

/**
 * Reads every frame of a file in order from `from` (a frame boundary), calling `onFrame` for each valid one. Stops at a torn tail and
 * reports it (the caller truncates); throws {@link FrameDamage} for damage. `marker` is the first bytes
 * of every payload, used to look for valid frames after a bad one.
 */
export async function scanFrames(
    handle: FileHandle,
    marker: Buffer,
    onFrame: (payload: Buffer, index: number, offset: number, next: number) => void | Promise<void>,
    from: { readonly offset: number; readonly index: number } = { offset: 0, index: 0 },
): Promise<ScanResult> {
    const { size } = await handle.stat();
    const reader = new ReadAhead(handle, size);
    let { offset, index } = from;
    while (offset < size) {
        const check = await checkFrame(reader, offset);
        if (check.ok) {
            await onFrame(check.payload, index, offset, check.next);
            offset = check.next;
            index += 1;
            continue;
        }
        if (!check.tornCandidate || (await validFrameAfter(reader, offset + 1, marker))) {
            throw new FrameDamage(index, offset, check.reason);
        }
        return { frames: index, validEnd: offset, torn: { offset, reason: check.reason } };
    }
    return { frames: index, validEnd: offset };
}

/** Reads exactly `length` bytes at `position`. */
export async function readExactly(handle: FileHandle, position: number, length: number): Promise<Buffer> {
    const buffer = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
        const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
        if (bytesRead === 0) {
            throw new Error(`unexpected end of file at byte ${position + done}`);
        }
        done += bytesRead;
    }
    return buffer;
}

/** Writes all of `data` at `position`. */
export async function writeExactly(handle: FileHandle, position: number, data: Uint8Array): Promise<void> {
    let done = 0;
    while (done < data.length) {
        const { bytesWritten } = await handle.write(data, done, data.length - done, position + done);
        done += bytesWritten;
    }
}
