import { z } from 'zod';
import type { Role } from './auth.ts';
import { accountPasswordWeakness, passwordWeakness } from './password-rules.ts';

/**
 * The rules of every write input, written once: the gateway builds its request-body schemas from these
 * and the services check their gRPC requests with the same ones, so a service called directly applies
 * exactly what the gateway applies. Request schemas are strict (an unknown field is refused); the event
 * catalog reuses only field rules (`cameraSpecsShape`, the camera types, roles, rating bounds), never the
 * strictness or the cross-field checks, so event payloads stay as tolerant as they are.
 */

/**
 * Whether an ISO 8601 date or date-time names an instant the databases store as written: UTC years
 * 0001–9999. ISO 8601 and JavaScript accept the year 0000 (1 BC), which PostgreSQL refuses ("date/time
 * field value out of range": it has no year 0), and an offset can carry 0001-01-01 or 9999-12-31 across
 * the edge; every instant a request gives is checked with this before it reaches a statement.
 */
export function isStorableInstant(value: string): boolean {
  return storableTime(value) !== undefined;
}

/** The instant's milliseconds since the epoch when isStorableInstant, else undefined. */
export function storableTime(value: string): number | undefined {
  const time = Date.parse(value);
  if (Number.isNaN(time)) return undefined;
  const year = new Date(time).getUTCFullYear();
  return year >= 1 && year <= 9999 ? time : undefined;
}
export const STORABLE_INSTANT_MESSAGE = 'must be an instant between the years 0001 and 9999 (UTC)';

/**
 * The expected version `If-Match: *` stands for: the resource must exist, at whatever version (RFC 9110
 * §13.1.1: a PUT with it replaces and never creates). Versions start at 1, so 0 names no real one.
 */
export const ANY_VERSION = 0;

/** Whether a resource at `version` meets a write's expected version (undefined: no condition). */
export function meetsExpectedVersion(version: number, expected: number | undefined): boolean {
  return expected === undefined || expected === ANY_VERSION || expected === version;
}

/** Limits of a review's fields: characters (non-blank minimum), list sizes, rating bounds and step. */
export const REVIEW_LIMITS = {
  title: { min: 3, max: 200 },
  body: { min: 1, max: 50_000 },
  verdict: { min: 1, max: 2_000 },
  /** Each pro or con. */
  listItem: { min: 1, max: 200 },
  /** How many pros (and how many cons) a review may list. */
  listItems: 20,
  /** Ratings go from `min` to `max` in steps of `step` (one decimal). */
  rating: { min: 0, max: 10, step: 0.1 },
} as const;

/** The language of a review that does not name one (ISO 639-1). */
export const DEFAULT_REVIEW_LANGUAGE = 'en';

/** Limits of a camera's fields, in characters; ids are the slugs clients see in URLs. */
export const CAMERA_LIMITS = {
  id: { max: 100 },
  brand: { min: 1, max: 60 },
  model: { min: 1, max: 80 },
} as const;

/** Limits of an editor account's fields and of the session tokens, in characters. */
export const EDITOR_LIMITS = {
  // RFC 5321 caps a forward path at 256 octets including the angle brackets.
  email: { max: 254 },
  name: { min: 1, max: 100 },
  // The upper bound keeps one password hash from costing a request's worth of CPU.
  password: { min: 10, max: 1024 },
  refreshToken: { max: 512 },
} as const;

/** Every role an account can have. */
export const ROLES = ['admin', 'editor'] as const satisfies readonly Role[];

/** The role of a new account that does not name one. */
export const DEFAULT_ROLE: Role = 'editor';

/** Every kind of camera the catalogue knows. */
export const CAMERA_TYPES = [
  'mirrorless',
  'dslr',
  'compact',
  'medium-format',
  'action',
  'film',
  'other',
] as const;

// ---------------------------------------------------------------------------------------------------
// Field rules.

/** A character one can see: a letter, digit, punctuation or symbol (not a space, format or lone mark). */
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;

/**
 * Characters a one-line field (a title, a name, a pro) refuses: every C0 and C1 control, line breaks
 * and tabs included, DEL, the line and paragraph separators, and the bidirectional embedding, override
 * and isolate controls, which reorder how the text after them shows wherever it is displayed (a title
 * that reads differently from what it says, "Trojan Source", CVE-2021-42574). Text in right-to-left
 * scripts needs none of them: Unicode's algorithm orders it from the letters themselves.
 */
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const NOT_ONE_LINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
/**
 * Characters multi-line text (a body, a verdict) refuses: controls other than tab, line feed and
 * carriage return. Bidirectional controls stay allowed there: paragraphs mixing scripts may use them.
 */
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const NOT_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** What a text field holds: one line (titles, names, list items) or paragraphs (bodies, verdicts). */
export type TextKind = 'one line' | 'paragraphs';

const ONE_LINE_MESSAGE =
  'must be one line of text: no control characters (line breaks, tabs) or bidirectional override characters';
const PARAGRAPHS_MESSAGE = 'must not contain control characters other than tab and line breaks';

/**
 * The rule of a text field's characters (NOT_ONE_LINE or NOT_TEXT), as a check for `text` and for
 * schemas that bound their length their own way.
 */
export function textOfKind(kind: TextKind) {
  const refused = kind === 'one line' ? NOT_ONE_LINE : NOT_TEXT;
  return z.refine<string>(
    (value) => !refused.test(value),
    kind === 'one line' ? ONE_LINE_MESSAGE : PARAGRAPHS_MESSAGE,
  );
}

/**
 * Text of `min`–`max` characters whose trimmed length is still at least `min`, so blank text never
 * counts as filled in (one message for every way of missing the range), holding only the characters a
 * field of its kind takes.
 */
function text(limits: { readonly min: number; readonly max: number }, kind: TextKind) {
  const message = `must be ${limits.min}–${limits.max} characters`;
  const blank = (value: string) => value.trim().length < limits.min;
  return z
    .string()
    .min(limits.min, { message, abort: true })
    .max(limits.max, message)
    .refine((value) => !blank(value), message)
    .refine(
      // Zero-width spaces, joiners, direction marks or combining marks alone show as nothing.
      (value) => limits.min === 0 || blank(value) || VISIBLE.test(value),
      'must contain a visible character (a letter, digit, punctuation or symbol)',
    )
    .check(textOfKind(kind));
}

/** A camera id: lowercase letters, digits and hyphens, not starting with a hyphen (a URL path segment). */
export const CameraIdSchema = z
  .string()
  .regex(
    new RegExp(`^[a-z0-9][a-z0-9-]{0,${CAMERA_LIMITS.id.max - 1}}$`),
    `must be 1–${CAMERA_LIMITS.id.max} lowercase letters, digits or hyphens, not starting with a hyphen`,
  );

/** The kind of a camera. */
export const CameraTypeSchema = z.enum(CAMERA_TYPES, `must be one of ${CAMERA_TYPES.join(', ')}`);
/** The kind of a camera. */
export type CameraType = z.infer<typeof CameraTypeSchema>;

/** A role an account can have. */
export const RoleSchema = z.enum(ROLES, `must be ${ROLES.map((r) => `'${r}'`).join(' or ')}`);

const ratingRange = `must be a number from ${REVIEW_LIMITS.rating.min} to ${REVIEW_LIMITS.rating.max}`;

/** A rating: 0–10 with at most one decimal. */
export const RatingSchema = z
  .number()
  .min(REVIEW_LIMITS.rating.min, ratingRange)
  .max(REVIEW_LIMITS.rating.max, ratingRange)
  .multipleOf(REVIEW_LIMITS.rating.step, { message: 'at most one decimal place', abort: true })
  // zod's multipleOf allows for floating-point error, so 1e-300 passed it and was stored as 0. A rating
  // is stored with one decimal: it must be a number that one decimal writes exactly.
  .refine((value) => Math.round(value * 10) / 10 === value, 'at most one decimal place');

/**
 * Camera specifications as entered by editors (units fixed by field name), every field optional. The
 * event catalog builds its `CameraSpecsSchema` from this shape.
 */
export const cameraSpecsShape = {
  sensorSize: z.string().max(40).optional(),
  megapixels: z.number().positive().max(1000).optional(),
  isoMin: z.number().int().positive().optional(),
  isoMax: z.number().int().positive().optional(),
  weightGrams: z.number().positive().max(100000).optional(),
  priceUsd: z.number().nonnegative().max(1000000).optional(),
  mount: z.string().max(40).optional(),
  releasedOn: z.string().max(20).optional(),
};

// ISO values cross gRPC as int32: a larger number would reach the reviews service wrapped around.
const isoInput = z.number().int().positive().max(2_147_483_647).optional();

/** Whether `text` is an ISO 8601 calendar date, `YYYY-MM-DD`, or a month or year of one (a real day). */
function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2] ?? 1), Number(match[3] ?? 1)];
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1800 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

// A release date as a date (the event catalog keeps the old free text: older events may hold any).
const RELEASED_ON_MESSAGE = 'must be an ISO 8601 date from 1800 on: YYYY-MM-DD (or YYYY-MM, YYYY)';
const releasedOnInput = z
  .string()
  .regex(/^\d{4}(?:-\d{2}(?:-\d{2})?)?$/, { message: RELEASED_ON_MESSAGE, abort: true })
  .refine(isCalendarDate, RELEASED_ON_MESSAGE)
  .describe('ISO 8601 date (YYYY-MM-DD, or YYYY-MM, YYYY)')
  .optional();

/**
 * Camera specs in a request: the shared field rules, one-line text, ISO within int32, isoMin not above
 * isoMax, and a release date that is a date.
 */
export const CameraSpecsInputSchema = z
  .strictObject({
    ...cameraSpecsShape,
    // Shown on one line beside the camera, like its brand and model.
    sensorSize: cameraSpecsShape.sensorSize.unwrap().check(textOfKind('one line')).optional(),
    mount: cameraSpecsShape.mount.unwrap().check(textOfKind('one line')).optional(),
    isoMin: isoInput,
    isoMax: isoInput,
    releasedOn: releasedOnInput,
  })
  .refine((s) => s.isoMin === undefined || s.isoMax === undefined || s.isoMin <= s.isoMax, {
    message: 'must not exceed specs.isoMax',
    path: ['isoMin'],
  });

const reviewFields = {
  cameraId: text({ min: 1, max: CAMERA_LIMITS.id.max }, 'one line').describe('id of the reviewed camera'),
  title: text(REVIEW_LIMITS.title, 'one line'),
  body: text(REVIEW_LIMITS.body, 'paragraphs'),
  rating: RatingSchema.describe('0–10, at most one decimal'),
  pros: z
    .array(text(REVIEW_LIMITS.listItem, 'one line'))
    .max(REVIEW_LIMITS.listItems, `at most ${REVIEW_LIMITS.listItems} items`),
  cons: z
    .array(text(REVIEW_LIMITS.listItem, 'one line'))
    .max(REVIEW_LIMITS.listItems, `at most ${REVIEW_LIMITS.listItems} items`),
  verdict: text(REVIEW_LIMITS.verdict, 'paragraphs'),
  language: z
    .string()
    .regex(/^[a-z]{2}$/, 'must be an ISO 639-1 code such as "es"')
    .describe(`ISO 639-1 code; default ${DEFAULT_REVIEW_LANGUAGE}`),
};

const cameraFields = {
  brand: text(CAMERA_LIMITS.brand, 'one line'),
  model: text(CAMERA_LIMITS.model, 'one line'),
  type: CameraTypeSchema,
  specs: CameraSpecsInputSchema,
};

// Email addresses are compared trimmed and lowercased, so they are stored that way.
const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(EDITOR_LIMITS.email.max, `must be at most ${EDITOR_LIMITS.email.max} characters`)
  .check(z.email('must be a valid email address'));
const name = z
  .string()
  .trim()
  .min(EDITOR_LIMITS.name.min, 'must not be empty')
  .max(EDITOR_LIMITS.name.max, `must be at most ${EDITOR_LIMITS.name.max} characters`)
  .check(textOfKind('one line'));

/** A password is judged only within its limits (their own message says what is wrong otherwise). */
const withinPasswordLimits = (value: string) =>
  value.length <= EDITOR_LIMITS.password.max && [...value].length >= EDITOR_LIMITS.password.min;

/**
 * A new password (not trimmed: every character counts; zod counts code points), not too easy to guess
 * ({@link passwordWeakness}); the account's own words are checked where the account is known (a new
 * account's email and name below, identity on a change).
 */
export const PasswordSchema = z
  .string()
  .min(EDITOR_LIMITS.password.min, `must be at least ${EDITOR_LIMITS.password.min} characters`)
  .max(EDITOR_LIMITS.password.max, `must be at most ${EDITOR_LIMITS.password.max} characters`)
  .superRefine((value, ctx) => {
    const message = withinPasswordLimits(value) ? passwordWeakness(value) : undefined;
    if (message) ctx.addIssue({ code: 'custom', message });
  })
  .describe(
    'any characters (compared in Unicode NFKC), counted in code points; refused (400, with the reason) when ' +
      "it is a commonly used password, a repeated or sequential pattern, or made of the account's email or name",
  );
/** An account's email address, trimmed and lowercased. */
export const EmailSchema = email;
/** An account's display name, trimmed. */
export const EditorNameSchema = name;

const refreshToken = z.string().min(1).max(EDITOR_LIMITS.refreshToken.max);

// ---------------------------------------------------------------------------------------------------
// Inputs.

/** A new review (POST /v1/reviews, CreateReview): pros and cons default to none, language to English. */
export const ReviewCreateInputSchema = z.strictObject({
  ...reviewFields,
  pros: reviewFields.pros.default([]),
  cons: reviewFields.cons.default([]),
  language: reviewFields.language.default(DEFAULT_REVIEW_LANGUAGE),
});
/** A new review as sent. */
export type ReviewCreateInput = z.input<typeof ReviewCreateInputSchema>;

/**
 * A whole review replacing the stored one (PUT /v1/reviews/{id}); the reviews service also checks
 * every review after merging a change with this.
 */
export const ReviewReplaceInputSchema = z.strictObject({
  ...reviewFields,
  language: reviewFields.language.default(DEFAULT_REVIEW_LANGUAGE),
});

/** A change to some fields of a review (PATCH /v1/reviews/{id}, JSON merge patch). */
export const ReviewPatchInputSchema = z.strictObject(reviewFields).partial();

/** A camera's fields (POST /v1/cameras, PUT /v1/cameras/{id}, CreateCamera): specs default to none. */
export const CameraInputSchema = z.strictObject({
  ...cameraFields,
  specs: CameraSpecsInputSchema.default({}),
});

/** A camera under a client-chosen id (PutCamera): the id first, then the camera's fields. */
export const CameraPutInputSchema = z.strictObject({ id: CameraIdSchema, ...CameraInputSchema.shape });

/** A change to some fields of a camera (PATCH /v1/cameras/{id}); given specs are merged. */
export const CameraPatchInputSchema = z.strictObject(cameraFields).partial();

/** A new account (POST /v1/editors, CreateEditor): the role defaults to editor. */
export const EditorCreateInputSchema = z
  .strictObject({
    email,
    name,
    password: PasswordSchema,
    role: RoleSchema.default(DEFAULT_ROLE),
  })
  .superRefine((account, ctx) => {
    const { password } = account;
    if (!withinPasswordLimits(password) || passwordWeakness(password)) return; // said already
    const message = accountPasswordWeakness(password, account);
    if (message) ctx.addIssue({ code: 'custom', path: ['password'], message });
  });
/** A new account, checked and normalised (email lowercased, name trimmed). */
export type EditorCreateInput = z.output<typeof EditorCreateInputSchema>;

/** A change to some fields of an account (PATCH /v1/editors/{id}). */
export const EditorUpdateInputSchema = z
  .strictObject({ name, role: RoleSchema, password: PasswordSchema, active: z.boolean() })
  .partial();
/** A change to an account, checked and normalised. */
export type EditorUpdateInput = z.output<typeof EditorUpdateInputSchema>;

/**
 * Credentials (POST /v1/auth/login, Login). Only bounded, not checked for format: a wrong one is a 401
 * like any other wrong credential, and the bound keeps hashing cheap.
 */
export const LoginInputSchema = z.strictObject({
  email: z.string().min(1).max(EDITOR_LIMITS.email.max),
  password: z.string().min(1).max(EDITOR_LIMITS.password.max),
});

/** A refresh token to rotate (POST /v1/auth/refresh, Refresh). */
export const RefreshInputSchema = z.strictObject({ refreshToken });

/** Logout (POST /v1/auth/logout, Logout): a refresh token ends its session, none ends all of them. */
export const LogoutInputSchema = z.strictObject({ refreshToken: refreshToken.optional() });

/** Limits of a partner API key: its name (characters) and the key itself (prefix + 43 base64url). */
export const PARTNER_KEY_LIMITS = {
  name: { min: 1, max: 100 },
  /** Every partner key starts with this, so a leaked one is recognisable (secret scanners, logs). */
  prefix: 'rcrp_',
  /** Characters of a whole key: the prefix and 32 random bytes in base64url. */
  length: 48,
} as const;

/** A new partner API key (POST /v1/admin/partner-keys, CreatePartnerKey): who it is for. */
export const PartnerKeyCreateInputSchema = z.strictObject({
  name: z
    .string()
    .trim()
    .min(PARTNER_KEY_LIMITS.name.min, 'must not be empty')
    .max(PARTNER_KEY_LIMITS.name.max, `must be at most ${PARTNER_KEY_LIMITS.name.max} characters`)
    .check(textOfKind('one line')),
});

// ---------------------------------------------------------------------------------------------------
// Reporting.

/** One invalid field of an input and why. */
export interface InputFieldError {
  field: string;
  message: string;
}

/**
 * The field errors of a failed parse, named as the gateway names them in a 400: dotted paths
 * (`pros.0`, `specs.isoMin`), `root` for the input as a whole, unknown keys and missing values said
 * plainly.
 */
export function fieldErrorsOf(error: z.ZodError, root = 'request'): InputFieldError[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') return unknownFieldErrors(path, issue.keys);
    const missing = issue.code === 'invalid_type' && /received undefined/.test(issue.message);
    return [{ field: path || root, message: missing ? 'is required' : issue.message }];
  });
}

/**
 * One error per unknown member, named by its own path (`colour`, `specs.lens`), so that a client never
 * reads an unknown member's error as one about a field that exists (an unknown member at the top of a
 * review's body was reported on "body", which is also a review field).
 */
export function unknownFieldErrors(path: string, keys: readonly string[]): InputFieldError[] {
  return keys.map((key) => ({ field: path ? `${path}.${key}` : key, message: 'is not a known field' }));
}
