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
 * Splits an envelope body around its request id and timestamp; undefined when it has none (then it is
 * not cached). Quotes and `<` inside JSON and XML strings are escaped, so the first match of the frame
 * with this request's id is the envelope's own `meta`.
 */
export function splitBody(
  body: string,
  requestId: string,
): Pick<CachedAnswer, 'head' | 'middle' | 'tail'> | undefined {
  for (const [before, between, after] of FRAMES) {
    const marker = `${before}${requestId}${between}`;
    const at = body.indexOf(marker);
    if (at < 0) continue;
    const timestampAt = at + marker.length;
    const timestamp = body.slice(timestampAt, timestampAt + TIMESTAMP_LENGTH);
    const rest = body.slice(timestampAt + TIMESTAMP_LENGTH);
    if (!TIMESTAMP.test(timestamp) || !rest.startsWith(after)) return undefined;
    return {
      head: Buffer.from(body.slice(0, at + before.length)),
      middle: Buffer.from(between),
      tail: Buffer.from(rest),
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

/** The answer as text for the shared tier (Redis). */
export function encodeAnswer(answer: CachedAnswer): string {
  return JSON.stringify({
    etag: answer.etag,
    contentType: answer.contentType,
    cacheControl: answer.cacheControl,
    head: answer.head.toString(),
    middle: answer.middle.toString(),
    tail: answer.tail.toString(),
    storedAt: answer.storedAt,
    expiresAt: answer.expiresAt,
  });
}

/** An answer read back from the shared tier; undefined when the text is not one. */
export function decodeAnswer(text: string): CachedAnswer | undefined {
  try {
    const raw = JSON.parse(text) as { [field: string]: unknown };
    const { etag, contentType, cacheControl, head, middle, tail, storedAt, expiresAt } = raw;
    if (
      typeof etag !== 'string' ||
      typeof contentType !== 'string' ||
      typeof cacheControl !== 'string' ||
      typeof head !== 'string' ||
      typeof middle !== 'string' ||
      typeof tail !== 'string' ||
      typeof storedAt !== 'number' ||
      typeof expiresAt !== 'number'
    )
      return undefined;
    return {
      etag,
      contentType,
      cacheControl,
      head: Buffer.from(head),
      middle: Buffer.from(middle),
      tail: Buffer.from(tail),
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
