import { XMLBuilder } from 'fast-xml-parser';

/** The representations the REST API can produce. */
export type MediaKind = 'json' | 'xml';

const RANGES: Record<MediaKind, string[]> = {
  json: ['application/json', 'application/problem+json'],
  xml: ['application/xml', 'text/xml', 'application/problem+xml'],
};

/**
 * Picks JSON or XML from an Accept header (RFC 9110 §12.5.1: q-values, `type/*`, `*\/*`); ties go to
 * JSON. No header means JSON. Null when neither is acceptable (→ 406).
 */
export function negotiate(accept: string | undefined): MediaKind | null {
  // The common answers without parsing (most clients send one of these).
  if (!accept || accept === '*/*' || accept === 'application/json') return 'json';
  if (accept.trim() === '') return 'json';
  const ranges = mediaRanges(accept);
  const json = qualityOf(ranges, RANGES.json);
  const xml = qualityOf(ranges, RANGES.xml);
  if (json <= 0 && xml <= 0) return null;
  return xml > json ? 'xml' : 'json';
}

/** Whether an Accept header allows `type` (`text/event-stream` …); no header allows anything. */
export function acceptsMediaType(accept: string | undefined, type: string): boolean {
  if (!accept || accept.trim() === '' || accept === '*/*' || accept === type) return true;
  return qualityOf(mediaRanges(accept), [type]) > 0;
}

/** The media ranges of an Accept header with their q-values (0–1; unparsable q counts as 0). */
function mediaRanges(accept: string): { range: string; q: number }[] {
  return accept.split(',').map((part) => {
    const [range = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const quality = q ? Number.parseFloat(q.slice(2)) : 1;
    return { range: range.trim(), q: Number.isFinite(quality) ? Math.min(1, Math.max(0, quality)) : 0 };
  });
}

/** The q-value the most specific range matching any of `candidates` gives (0 when none matches). */
function qualityOf(ranges: readonly { range: string; q: number }[], candidates: readonly string[]): number {
  let best = { specificity: -1, q: 0 };
  for (const { range, q } of ranges) {
    const [type, subtype] = range.split('/');
    let specificity = -1;
    for (const candidate of candidates) {
      const [ctype] = candidate.split('/');
      if (range === candidate) specificity = Math.max(specificity, 2);
      else if (subtype === '*' && type === ctype) specificity = Math.max(specificity, 1);
      else if (range === '*/*') specificity = Math.max(specificity, 0);
    }
    if (specificity > best.specificity) best = { specificity, q };
  }
  return best.q;
}

const builder = new XMLBuilder({ ignoreAttributes: false, format: false, suppressEmptyNode: true });

/**
 * Characters XML 1.0 cannot carry at all, not even escaped (§2.2): C0 controls but tab, newline and
 * carriage return, lone surrogates, U+FFFE and U+FFFF. JSON can, so a stored text may hold one.
 */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- control characters are what it looks for
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Arrays become `<item>` children and nulls empty elements, so every JSON body has one XML form; a
 * character XML cannot carry becomes U+FFFD there (the JSON form keeps it), so the document stays
 * well-formed whatever was stored.
 */
function shape(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(NOT_XML, '\uFFFD');
  if (Array.isArray(value)) return { item: value.map(shape) };
  if (value === null) return '';
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [xmlName(k), shape(v)]),
    );
  }
  return value;
}

function xmlName(key: string): string {
  const name = key.replace(/[^A-Za-z0-9_.-]/g, '_');
  return /^[A-Za-z_]/.test(name) ? name : `_${name}`;
}

/** The XML form of a JSON body: `<response>` for the envelope, `<problem>` (RFC 9457 namespace) for errors. */
export function toXml(body: unknown, problem: boolean): string {
  const root = problem
    ? { problem: { '@_xmlns': 'urn:ietf:rfc:7807', ...(shape(body) as object) } }
    : { response: shape(body) };
  return `<?xml version="1.0" encoding="UTF-8"?>${builder.build(root) as string}`;
}
