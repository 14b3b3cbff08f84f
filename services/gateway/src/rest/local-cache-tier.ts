/**
 * A cached public answer, ready to send: the body split around the per-request part of its envelope
 * (`meta.requestId` and `meta.timestamp`), so a hit is three copies and two small writes, never a JSON
 * parse; the headers precomputed.
 */
export interface CachedAnswer {
  etag: string;
  contentType: string;
  cacheControl: string;
  /** The body up to the request id. */
  head: Buffer;
  /** Between the request id and the timestamp. */
  middle: Buffer;
  /** After the timestamp. */
  tail: Buffer;
  /** When the first gateway stored it (epoch ms), for the `Age` header. */
  storedAt: number;
  /** When it stops being served (epoch ms). */
  expiresAt: number;
}

/** How the envelope's request id and timestamp look in JSON and in XML (`[before id, between, after ts]`). */
const FRAMES = [
  ['"requestId":"', '","timestamp":"', '"'],
  ['<requestId>', '</requestId><timestamp>', '</timestamp>'],
] as const;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const TIMESTAMP_LENGTH = 24;

/**
 * Splits an envelope body (serialised text, or bytes passed through from upstream) around its request id
 * and timestamp; undefined when it has none (then it is not cached). Quotes and `<` inside JSON and XML
 * strings are escaped, so the first match of the frame with this request's id is the envelope's own
 * `meta`.
 */
export function splitBody(
  body: string | Buffer,
  requestId: string,
): Pick<CachedAnswer, 'head' | 'middle' | 'tail'> | undefined {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  for (const [before, between, after] of FRAMES) {
    const marker = `${before}${requestId}${between}`;
    const at = bytes.indexOf(marker);
    if (at < 0) continue;
    const timestampAt = at + Buffer.byteLength(marker);
    const restAt = timestampAt + TIMESTAMP_LENGTH;
    const timestamp = bytes.toString('latin1', timestampAt, restAt);
    if (!TIMESTAMP.test(timestamp) || bytes.indexOf(after, restAt) !== restAt) return undefined;
    // Copies: the entry must not pin (or share) the reply's buffer.
    return {
      head: Buffer.from(bytes.subarray(0, at + before.length)),
      middle: Buffer.from(between),
      tail: Buffer.from(bytes.subarray(restAt)),
    };
  }
  return undefined;
}

/** The body of a hit: the cached bytes with this request's id and timestamp put back in. */
export function assembleBody(answer: CachedAnswer, requestId: string, timestamp: string): Buffer {
  // Request ids are [\w.:-] (checked where they are accepted) and need no escaping in JSON or XML.
  const id = Buffer.from(requestId, 'latin1');
  const ts = Buffer.from(timestamp, 'latin1');
  return Buffer.concat(
    [answer.head, id, answer.middle, ts, answer.tail],
    answer.head.length + id.length + answer.middle.length + ts.length + answer.tail.length,
  );
}

/** What the shared tier stores before the body parts: the headers, times and the parts' lengths. */
interface StoredHeader {
  etag: string;
  contentType: string;
  cacheControl: string;
  storedAt: number;
  expiresAt: number;
  parts: [number, number, number];
}

/**
 * The answer as bytes for the shared tier (Redis): the header's length (4 bytes), the header as JSON, then
 * the body parts as they are — the body is never escaped into, or parsed out of, a JSON string.
 */
export function encodeAnswer(answer: CachedAnswer): Buffer {
  const header: StoredHeader = {
    etag: answer.etag,
    contentType: answer.contentType,
    cacheControl: answer.cacheControl,
    storedAt: answer.storedAt,
    expiresAt: answer.expiresAt,
    parts: [answer.head.length, answer.middle.length, answer.tail.length],
  };
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(json.length);
  return Buffer.concat([length, json, answer.head, answer.middle, answer.tail]);
}

/** An answer read back from the shared tier; undefined when the bytes are not one. */
export function decodeAnswer(bytes: Buffer): CachedAnswer | undefined {
  try {
    if (bytes.length < 4) return undefined;
    const headerEnd = 4 + bytes.readUInt32BE(0);
    const header = JSON.parse(bytes.toString('utf8', 4, headerEnd)) as { [field: string]: unknown };
    const { etag, contentType, cacheControl, storedAt, expiresAt, parts } = header;
    if (
      typeof etag !== 'string' ||
      typeof contentType !== 'string' ||
      typeof cacheControl !== 'string' ||
      typeof storedAt !== 'number' ||
      typeof expiresAt !== 'number' ||
      !Array.isArray(parts) ||
      parts.length !== 3 ||
      !parts.every((n) => Number.isSafeInteger(n) && (n as number) >= 0)
    )
      return undefined;
    const [head, middle, tail] = parts as [number, number, number];
    if (headerEnd + head + middle + tail !== bytes.length) return undefined;
    const middleAt = headerEnd + head;
    const tailAt = middleAt + middle;
    return {
      etag,
      contentType,
      cacheControl,
      head: Buffer.from(bytes.subarray(headerEnd, middleAt)),
      middle: Buffer.from(bytes.subarray(middleAt, tailAt)),
      tail: Buffer.from(bytes.subarray(tailAt)),
      storedAt,
      expiresAt,
    };
  } catch {
    return undefined;
  }
}

/** Bytes an entry holds in memory, roughly (bodies, headers, key, bookkeeping). */
function sizeOf(key: string, answer: CachedAnswer): number {
  return (
    answer.head.length +
    answer.middle.length +
    answer.tail.length +
    2 * (key.length + answer.etag.length + answer.contentType.length + answer.cacheControl.length) +
    200
  );
}

/**
 * One gateway's in-memory tier of the public-read cache: least recently used entries are dropped once
 * the entries together exceed `maxBytes`; expired ones are dropped when met. Correctness comes from the
 * keys (they carry the cache generation) and from `clear()` on every generation change.
 */
export class LocalCacheTier {
  readonly #entries = new Map<string, { answer: CachedAnswer; size: number }>();
  #bytes = 0;

  constructor(private readonly maxBytes: number) {}

  /** Bytes held now. */
  get bytes(): number {
    return this.#bytes;
  }

  /** The live entry under `key`, now the most recently used; undefined when missing or expired. */
  get(key: string, now: number): CachedAnswer | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    if (entry.answer.expiresAt <= now) {
      this.#bytes -= entry.size;
      return undefined;
    }
    this.#entries.set(key, entry);
    return entry.answer;
  }

  /** Keeps an answer (unless it alone is larger than the whole tier), dropping the least recently used. */
  set(key: string, answer: CachedAnswer): void {
    const size = sizeOf(key, answer);
    if (size > this.maxBytes) return;
    const previous = this.#entries.get(key);
    if (previous) {
      this.#entries.delete(key);
      this.#bytes -= previous.size;
    }
    this.#entries.set(key, { answer, size });
    this.#bytes += size;
    for (const [oldest, entry] of this.#entries) {
      if (this.#bytes <= this.maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= entry.size;
    }
  }

  /** Drops everything (the cache generation changed). */
  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }
}
