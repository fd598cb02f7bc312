/**
 * Backup bytes: versioned JSON, gzip-compressed (fflate). Reading refuses oversized files before inflating them,
 * stops inflating once the output passes the size limit (a "zip bomb" cannot exhaust memory), and reports truncated
 * or corrupt data in plain words.
 */
import { Gunzip, gzipSync, strToU8 } from 'fflate';
import { BACKUP_LIMITS, type BackupFile } from '../../domain/backup';
import { BackupError, parseJsonSafely, validateBackup, type BackupLimits } from './schema';

/** Progress of a long operation: what is happening, and how far (done of total, in the phase's own unit). */
export type Progress = { phase: string; done: number; total: number };
export type OnProgress = (progress: Progress) => void;

/** The backup as gzip bytes (the JSON is compact; gzip level 6 is the usual balance of size and time). */
export function encodeBackup(file: BackupFile): Uint8Array {
  return gzipSync(strToU8(JSON.stringify(file)), { level: 6 });
}

const CHUNK = 1 << 20;

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Inflate gzip bytes, stopping at `maxBytes` of output. Plain JSON (someone unzipped the file) passes through. */
export function inflate(bytes: Uint8Array, maxBytes: number, onProgress?: OnProgress): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  const chunks: Uint8Array[] = [];
  let size = 0;
  let ended = false;
  const gunzip = new Gunzip((chunk, final) => {
    size += chunk.length;
    if (size > maxBytes) {
      throw new BackupError(
        `This backup unpacks to more than ${Math.round(maxBytes / 1024 / 1024)} MB, more than any real backup. It was refused; nothing was changed.`,
      );
    }
    chunks.push(chunk);
    if (final) ended = true;
  });
  try {
    for (let offset = 0; offset < bytes.length; offset += CHUNK) {
      const end = Math.min(bytes.length, offset + CHUNK);
      gunzip.push(bytes.subarray(offset, end), end === bytes.length);
      onProgress?.({ phase: 'Unpacking', done: end, total: bytes.length });
    }
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError(
      'This backup file is damaged or incomplete (its compressed data could not be unpacked; it may have been cut off while copying). Nothing was changed.',
      { cause: error },
    );
  }
  if (!ended) {
    throw new BackupError(
      'This backup file is incomplete: it ends in the middle of its compressed data (it may have been cut off while copying). Nothing was changed.',
    );
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/**
 * Read and fully validate backup bytes (gzip or plain JSON). Throws {@link BackupError}; never touches the database.
 */
export function decodeBackup(
  bytes: Uint8Array,
  options: { limits?: BackupLimits; onProgress?: OnProgress } = {},
): BackupFile {
  const limits = options.limits ?? { ...BACKUP_LIMITS };
  if (bytes.length === 0) throw new BackupError('This file is empty. Nothing was changed.');
  if (bytes.length > limits.maxFileBytes) {
    throw new BackupError(
      `This file is ${Math.round(bytes.length / 1024 / 1024)} MB, larger than any real backup (at most ${Math.round(limits.maxFileBytes / 1024 / 1024)} MB). It was refused; nothing was changed.`,
    );
  }
  const raw = inflate(bytes, limits.maxJsonBytes, options.onProgress);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch (error) {
    throw new BackupError(
      'This file is not a Coursedeck backup (it is not text). Nothing was changed.',
      {
        cause: error,
      },
    );
  }
  options.onProgress?.({ phase: 'Checking', done: 0, total: 1 });
  const file = validateBackup(parseJsonSafely(text), limits);
  options.onProgress?.({ phase: 'Checking', done: 1, total: 1 });
  return file;
}
