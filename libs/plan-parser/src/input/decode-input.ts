import { PlanParseError } from '../plan-parse.error';

export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

const MAGIC: ReadonlyArray<{ kind: string; bytes: number[] }> = [
  { kind: 'PDF', bytes: [0x25, 0x50, 0x44, 0x46] },
  { kind: 'PNG', bytes: [0x89, 0x50, 0x4e, 0x47] },
  { kind: 'ZIP/DOCX/XLSX', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { kind: 'JPEG', bytes: [0xff, 0xd8, 0xff] },
  { kind: 'GIF', bytes: [0x47, 0x49, 0x46, 0x38] },
  // Legacy Word/Excel (OLE2): .doc, .xls, .wps
  { kind: 'DOC/XLS', bytes: [0xd0, 0xcf, 0x11, 0xe0] },
  { kind: 'RAR', bytes: [0x52, 0x61, 0x72, 0x21] },
  { kind: 'GZIP', bytes: [0x1f, 0x8b] },
];

function startsWith(bytes: Buffer, prefix: number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

function binaryKind(bytes: Buffer): string | null {
  const magic = MAGIC.find((m) => startsWith(bytes, m.bytes));
  if (magic) return magic.kind;
  // Text never carries NUL; UTF-16 does, but arrives with a BOM and is decoded before this check.
  return bytes.subarray(0, 64 * 1024).includes(0) ? 'NUL bytes' : null;
}

function decodeUtf16(bytes: Buffer): string | null {
  if (startsWith(bytes, [0xff, 0xfe])) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (startsWith(bytes, [0xfe, 0xff])) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return null;
}

function utf8SequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** Where the bytes stop being UTF-8, so the message can point at it. */
function firstInvalidUtf8Offset(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const length = utf8SequenceLength(bytes[i]);
    if (length === 0) return i;
    for (let k = 1; k < length; k++) {
      const continuation = bytes[i + k];
      if (continuation === undefined || (continuation & 0xc0) !== 0x80) return i;
    }
    i += length;
  }
  return i;
}

/** GBK lead bytes 0x81–0xFE followed by a trail byte 0x40–0xFE (not 0x7F), with few other high bytes. */
function looksLikeGbk(bytes: Buffer): boolean {
  let pairs = 0;
  let strays = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b < 0x80) continue;
    const next = bytes[i + 1];
    if (b >= 0x81 && b <= 0xfe && next !== undefined && next >= 0x40 && next <= 0xfe && next !== 0x7f) {
      pairs++;
      i++;
    } else {
      strays++;
    }
  }
  return pairs > 0 && strays <= pairs / 10;
}

function decodeUtf8Strict(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    if (looksLikeGbk(bytes)) throw new PlanParseError('encoding', 'encoding.gbk');
    throw new PlanParseError('encoding', 'encoding.other', { offset: firstInvalidUtf8Offset(bytes) });
  }
}

/**
 * Turns uploaded bytes into text, refusing what cannot be a text plan. The order matters: size first (so a huge
 * upload is not scanned), then emptiness, then binary signatures, then encoding.
 */
export function decodePlanInput(input: Buffer | string, maxBytes: number = DEFAULT_MAX_BYTES): string {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  if (bytes.length > maxBytes) throw new PlanParseError('too-large', 'too-large', { size: bytes.length, maxBytes });
  if (bytes.length === 0) throw new PlanParseError('empty', 'empty');
  const utf16 = typeof input === 'string' ? null : decodeUtf16(bytes);
  const kind = utf16 === null ? binaryKind(bytes) : null;
  if (kind) throw new PlanParseError('binary', 'binary', { kind });
  if (typeof input === 'string' && input.includes('\ufffd')) {
    // A string that already holds replacement characters was decoded with the wrong encoding upstream.
    throw new PlanParseError('encoding', 'encoding.gbk');
  }
  const text = (utf16 ?? (typeof input === 'string' ? input : decodeUtf8Strict(bytes))).replace(/^\ufeff/, '');
  if (text.trim().length === 0) throw new PlanParseError('empty', 'empty');
  return text;
}
