import { errors, type AppError } from '@rcr/platform';
import type { RestApp } from './rest/app-types.ts';
import { sendProblem } from './rest/http.ts';

/** Why a text cannot be stored as given: a NUL, or a lone UTF-16 surrogate (not Unicode text). */
export type UnstorableText = 'nul' | 'surrogate';

/** Lone surrogates: a high one not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with a text for storage, if anything. */
export function unstorableText(text: string): UnstorableText | undefined {
  if (text.includes('\u0000')) return 'nul';
  return LONE_SURROGATE.test(text) ? 'surrogate' : undefined;
}

/**
 * The first member name a JSON text repeats within one object, if any (`text` must be valid JSON, e.g.
 * already parsed). JSON.parse keeps the last of them silently; I-JSON (RFC 7493) forbids them, and an
 * API that says which value it took is better than one that guesses. Names are compared decoded
 * (`"a"` and `"\u0061"` are the same name). One pass over the text, no allocation per value.
 */
export function firstDuplicateKey(text: string): string | undefined {
  // One entry per open container: the names seen so far for an object, null for an array.
  const open: (Set<string> | null)[] = [];
  let atName = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      const start = i;
      let escaped = false;
      for (i++; text.charCodeAt(i) !== 0x22; i++) {
        if (text.charCodeAt(i) === 0x5c) {
          escaped = true;
          i++;
        }
      }
      const names = open.at(-1);
      if (atName && names) {
        const name = escaped ? (JSON.parse(text.slice(start, i + 1)) as string) : text.slice(start + 1, i);
        if (names.has(name)) return name;
        names.add(name);
        atName = false;
      }
    } else if (c === 0x7b) {
      open.push(new Set());
      atName = true;
    } else if (c === 0x5b) {
      open.push(null);
      atName = false;
    } else if (c === 0x7d || c === 0x5d) {
      open.pop();
      atName = false;
    } else if (c === 0x2c) {
      atName = open.at(-1) != null;
    }
  }
  return undefined;
}

/** What each finding means to the client. */
export const UNSTORABLE_TEXT_MESSAGES: Record<UnstorableText, string> = {
  nul: 'must not contain NUL (\\u0000) characters',
  surrogate: 'must be Unicode text: it contains a lone surrogate (an unpaired \\uD800–\\uDFFF escape)',
};

/** The dotted path of the first string (or key) that cannot be stored as given, and why. */
export function findUnstorableText(
  value: unknown,
  path = '',
  depth = 0,
): { field: string; problem: UnstorableText } | undefined {
  if (typeof value === 'string') {
    const problem = unstorableText(value);
    return problem ? { field: path, problem } : undefined;
  }
  // Raw bytes kept for a signature check (the inbound feed) are checked where they are parsed.
  if (Buffer.isBuffer(value)) return undefined;
  if (depth > 32 || value === null || typeof value !== 'object') return undefined;
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const inKey = unstorableText(key);
    if (inKey) return { field: path, problem: inKey };
    const found = findUnstorableText(item, path ? `${path}.${key}` : key, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * The 400 (INVALID_ARGUMENT over gRPC) for a value holding text that cannot be stored, naming the field;
 * undefined when there is none. `part` says where the value came from (body, query, request …).
 */
export function unstorableTextError(value: unknown, part: string): AppError | undefined {
  const found = findUnstorableText(value);
  if (!found) return undefined;
  const what = found.problem === 'nul' ? 'a NUL character' : 'a lone surrogate';
  return errors.invalid('VALIDATION_FAILED', `the ${part} contains ${what}`, [
    { field: found.field || part, message: UNSTORABLE_TEXT_MESSAGES[found.problem] },
  ]);
}

/**
 * Header fields that must appear at most once. Node keeps the first of a repeated `Host`,
 * `Authorization`, `Content-Type` … and drops the rest, while a proxy in front may act on the last one (or
 * on both, joined): two parties reading different credentials or hosts from one request is how request
 * smuggling and confused-deputy tricks start, so such a request is refused instead (RFC 9110 §5.3: a
 * field that is not a list must not be repeated).
 */
const SINGLE_FIELDS = new Set([
  'host',
  'authorization',
  'proxy-authorization',
  'content-type',
  'content-length',
  'idempotency-key',
]);

/** The name of the first single-valued field that `rawHeaders` (name, value, name, value …) repeats. */
export function repeatedSingleField(rawHeaders: readonly string[]): string | undefined {
  let seen: string[] | undefined;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] as string).toLowerCase();
    if (!SINGLE_FIELDS.has(name)) continue;
    if (seen?.includes(name)) return name;
    (seen ??= []).push(name);
  }
  return undefined;
}

/**
 * Refuses, before anything else reads them, requests whose headers are ambiguous: a single-valued field
 * sent twice, or an HTTP/1.1 request without `Host` (RFC 9112 §3.2; Node's own check answers a bare 400
 * with no body, so the server leaves it to this hook); and a body in a content coding (gzip …), which
 * nothing here decodes: 415 with `Accept-Encoding: identity` (RFC 9110 §12.5.3). Callback style: no
 * promise on the hot path.
 */
export function installHeaderHygiene(app: RestApp): void {
  app.addHook('onRequest', (request, reply, done) => {
    const repeated = repeatedSingleField(request.raw.rawHeaders);
    if (repeated) {
      sendProblem(request, reply, 400, 'REPEATED_HEADER', `the ${repeated} header field must be sent once`);
      return;
    }
    if (request.raw.httpVersion === '1.1' && request.headers.host === undefined) {
      sendProblem(request, reply, 400, 'MISSING_HOST', 'an HTTP/1.1 request must carry a Host header field');
      return;
    }
    // Bodies are read as sent: a compressed one would otherwise fail later as "not valid JSON".
    const coding = request.headers['content-encoding'];
    const hasBody =
      request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length']) > 0;
    if (coding !== undefined && hasBody && coding.trim().toLowerCase() !== 'identity') {
      reply.header('Accept-Encoding', 'identity');
      sendProblem(
        request,
        reply,
        415,
        'UNSUPPORTED_CONTENT_ENCODING',
        `request bodies are accepted without a content coding (Content-Encoding: ${coding.slice(0, 40)} is not)`,
      );
      return;
    }
    done();
  });
}

/**
 * Rejects NUL characters and lone surrogates anywhere in the path parameters, query or body with a 400
 * naming the field: no database text type can store a NUL (it would fail deep inside a service), and a
 * lone surrogate would be stored silently changed (UTF-8 has no encoding for it: U+FFFD instead).
 * GraphQL (whose body Yoga parses) checks its variables and literals the same way (graphql/server.ts).
 */
export function installInputHygiene(app: RestApp): void {
  app.addHook('preValidation', async (request) => {
    for (const [part, value] of [
      ['params', request.params],
      ['query', request.query],
      ['body', request.body],
    ] as const) {
      const refused = unstorableTextError(value, `request ${part}`);
      if (refused) throw refused;
    }
  });
}
