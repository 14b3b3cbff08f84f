import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { CameraSpecsSchema } from './events.ts';
import {
  CAMERA_LIMITS,
  CameraIdSchema,
  CameraInputSchema,
  CameraPatchInputSchema,
  CameraPutInputSchema,
  DEFAULT_REVIEW_LANGUAGE,
  DEFAULT_ROLE,
  EDITOR_LIMITS,
  isStorableInstant,
  EditorCreateInputSchema,
  EditorUpdateInputSchema,
  fieldErrorsOf,
  LoginInputSchema,
  LogoutInputSchema,
  RefreshInputSchema,
  REVIEW_LIMITS,
  ReviewCreateInputSchema,
  ReviewPatchInputSchema,
  ReviewReplaceInputSchema,
  type InputFieldError,
} from './inputs.ts';

/** The field errors of a parse, or an empty list when it succeeds. */
function errorsOf(schema: z.ZodType, input: unknown): InputFieldError[] {
  const result = schema.safeParse(input);
  return result.success ? [] : fieldErrorsOf(result.error);
}
const fieldsOf = (schema: z.ZodType, input: unknown) => errorsOf(schema, input).map((e) => e.field);
const chars = (n: number, c = 'x') => c.repeat(n);
/** `n` characters of no guessable pattern (for passwords at a length limit). */
const varied = (n: number) =>
  Array.from({ length: n }, (_, i) => 'kq7vz2mwrt'[(i * 7 + (i >> 3)) % 10]).join('');

const review = {
  cameraId: 'fujifilm-x100vi',
  title: 'A pocket classic',
  body: 'Long body',
  rating: 8.5,
  pros: ['Lens'],
  cons: ['Price'],
  verdict: 'Buy it',
  language: 'es',
};
const camera = { brand: 'Fujifilm', model: 'X100VI', type: 'compact', specs: { megapixels: 40.2 } };
const editor = { email: 'ana@example.com', name: 'Ana', password: varied(10), role: 'editor' };

describe('review inputs', () => {
  it.each([
    ['title', REVIEW_LIMITS.title],
    ['body', REVIEW_LIMITS.body],
    ['verdict', REVIEW_LIMITS.verdict],
  ] as const)(
    'when the %s is min or max characters long, then it is accepted; min-1 and max+1 are refused',
    (field, limits) => {
      const at = (n: number) => fieldsOf(ReviewCreateInputSchema, { ...review, [field]: chars(n) });

      expect(at(limits.min)).toEqual([]);
      expect(at(limits.max)).toEqual([]);
      expect(at(limits.min - 1)).toEqual([field]);
      expect(at(limits.max + 1)).toEqual([field]);
    },
  );

  it('when a title is long enough only with its spaces, then it is refused like a short one', () => {
    expect(errorsOf(ReviewCreateInputSchema, { ...review, title: ' a  ' })).toEqual([
      { field: 'title', message: 'must be 3–200 characters' },
    ]);
  });

  it('when the camera id is 100 characters, then it is accepted; 101 or none are refused', () => {
    expect(fieldsOf(ReviewCreateInputSchema, { ...review, cameraId: chars(CAMERA_LIMITS.id.max) })).toEqual(
      [],
    );
    expect(fieldsOf(ReviewCreateInputSchema, { ...review, cameraId: chars(101) })).toEqual(['cameraId']);
    expect(fieldsOf(ReviewCreateInputSchema, { ...review, cameraId: '' })).toEqual(['cameraId']);
  });

  it.each([0, 10, 0.1, 8.5, 9.9])('when the rating is %s, then it is accepted', (rating) => {
    expect(fieldsOf(ReviewCreateInputSchema, { ...review, rating })).toEqual([]);
  });

  it.each([
    [-0.1, 'must be a number from 0 to 10'],
    [10.1, 'must be a number from 0 to 10'],
    [7.25, 'at most one decimal place'],
    [9.99, 'at most one decimal place'],
    // Within floating-point error of a multiple of 0.1, so a tolerant multiple-of check let them through
    // (1e-300 was stored as 0).
    [1e-300, 'at most one decimal place'],
    [Number.MIN_VALUE, 'at most one decimal place'],
    [0.1 + 0.2, 'at most one decimal place'],
    [8.500000000000002, 'at most one decimal place'],
  ])('when the rating is %s, then it is refused: %s', (rating, message) => {
    expect(errorsOf(ReviewCreateInputSchema, { ...review, rating })).toEqual([{ field: 'rating', message }]);
  });

  it('when the rating is any of the 101 one-decimal numbers from 0 to 10 as JSON writes them, then it is accepted', () => {
    for (let tenths = 0; tenths <= 100; tenths++) {
      const rating = JSON.parse(`${Math.floor(tenths / 10)}.${tenths % 10}`) as number;
      expect(fieldsOf(ReviewCreateInputSchema, { ...review, rating })).toEqual([]);
    }
  });

  it('when the rating is not a finite number, then it is refused', () => {
    for (const rating of [Number.NaN, Number.POSITIVE_INFINITY, '8'])
      expect(fieldsOf(ReviewCreateInputSchema, { ...review, rating })).toEqual(['rating']);
  });

  it('when pros list 20 items of 200 characters, then they are accepted; a 21st item or a 201st character is refused', () => {
    const max = REVIEW_LIMITS.listItems;
    const long = chars(REVIEW_LIMITS.listItem.max);

    expect(fieldsOf(ReviewCreateInputSchema, { ...review, pros: Array(max).fill(long) })).toEqual([]);
    expect(errorsOf(ReviewCreateInputSchema, { ...review, pros: Array(max + 1).fill('a') })).toEqual([
      { field: 'pros', message: 'at most 20 items' },
    ]);
    expect(fieldsOf(ReviewCreateInputSchema, { ...review, cons: ['ok', `${long}x`] })).toEqual(['cons.1']);
    expect(fieldsOf(ReviewCreateInputSchema, { ...review, cons: ['  '] })).toEqual(['cons.0']);
  });

  it.each([
    ['a zero-width space', '\u200b'],
    ['a combining accent alone', '\u0301'],
    ['direction marks and a byte order mark', '\u200e\u200f\ufeff'],
    ['a word joiner between spaces', ' \u2060 '],
  ])(
    'when a title is only %s, then it is refused as showing nothing; with a letter it is fine',
    (_, invisible) => {
      expect(errorsOf(ReviewCreateInputSchema, { ...review, title: invisible.repeat(3) })).toEqual([
        {
          field: 'title',
          message: 'must contain a visible character (a letter, digit, punctuation or symbol)',
        },
      ]);
      expect(
        fieldsOf(ReviewCreateInputSchema, {
          ...review,
          title: `${invisible.repeat(3)}Alfa`,
          pros: [invisible],
        }),
      ).toEqual(['pros.0']);
      expect(fieldsOf(ReviewCreateInputSchema, { ...review, title: '¡!¿', verdict: '★' })).toEqual([]);
    },
  );

  it.each(['EN', 'eng', 'e', ''])('when the language is %j, then it is refused', (language) => {
    expect(fieldsOf(ReviewCreateInputSchema, { ...review, language })).toEqual(['language']);
  });

  it('when a new review leaves out pros, cons and language, then they default to none and English', () => {
    const { pros: _p, cons: _c, language: _l, ...rest } = review;

    expect(ReviewCreateInputSchema.parse(rest)).toMatchObject({
      pros: [],
      cons: [],
      language: DEFAULT_REVIEW_LANGUAGE,
    });
    expect(DEFAULT_REVIEW_LANGUAGE).toBe('en');
  });

  it('when a replacement leaves out the language, then it defaults; leaving out pros is refused as missing', () => {
    const { language: _l, ...withoutLanguage } = review;
    const { pros: _p, ...withoutPros } = review;

    expect(ReviewReplaceInputSchema.parse(withoutLanguage).language).toBe('en');
    expect(errorsOf(ReviewReplaceInputSchema, withoutPros)).toEqual([
      { field: 'pros', message: 'is required' },
    ]);
  });

  it('when a patch changes one field, then only that field is checked and no default is added', () => {
    expect(ReviewPatchInputSchema.parse({ rating: 9 })).toEqual({ rating: 9 });
    expect(ReviewPatchInputSchema.parse({})).toEqual({});
    expect(fieldsOf(ReviewPatchInputSchema, { title: 'no' })).toEqual(['title']);
  });

  it('when a review carries unknown fields, then each is refused under its own name, nested ones by their path', () => {
    expect(errorsOf(ReviewCreateInputSchema, { ...review, author: 'me', status: 'published' })).toEqual([
      { field: 'author', message: 'is not a known field' },
      { field: 'status', message: 'is not a known field' },
    ]);
    expect(fieldsOf(ReviewPatchInputSchema, { slug: 'x' })).toEqual(['slug']);
    expect(errorsOf(CameraInputSchema, { ...camera, specs: { lens: '23mm' } })).toEqual([
      { field: 'specs.lens', message: 'is not a known field' },
    ]);
  });

  it.each([
    ['a line feed', 'Two\nlines'],
    ['a carriage return', 'Two\rlines'],
    ['a tab', 'A\ttab'],
    ['an escape (terminal colours)', 'Red \u001b[31mtitle'],
    ['DEL', 'A\u007fB'],
    ['a C1 control', 'A\u0085B'],
    ['a line separator', 'A\u2028B'],
    ['a right-to-left override', 'Nikon \u202eZ8 gnp.exe'],
    ['a left-to-right embedding', 'A \u202atitle'],
    ['a first-strong isolate', 'A \u2068title\u2069'],
  ])(
    'when a one-line field holds %s, then it is refused; a paragraph field takes line breaks and tabs',
    (_, bad) => {
      const oneLine =
        'must be one line of text: no control characters (line breaks, tabs) or bidirectional override characters';
      for (const field of ['title', 'cameraId'] as const)
        expect(errorsOf(ReviewCreateInputSchema, { ...review, [field]: bad })).toEqual([
          { field, message: oneLine },
        ]);
      expect(errorsOf(ReviewCreateInputSchema, { ...review, pros: ['ok', bad] })).toEqual([
        { field: 'pros.1', message: oneLine },
      ]);
      expect(fieldsOf(CameraInputSchema, { ...camera, brand: bad, model: bad })).toEqual(['brand', 'model']);
      expect(fieldsOf(CameraInputSchema, { ...camera, specs: { sensorSize: bad, mount: bad } })).toEqual([
        'specs.sensorSize',
        'specs.mount',
      ]);
      expect(fieldsOf(EditorCreateInputSchema, { ...editor, name: `Ana ${bad}` })).toEqual(['name']);
    },
  );

  it('when a body or verdict holds line breaks, tabs or right-to-left marks, then it is accepted; other controls are refused', () => {
    const paragraphs = 'Primer párrafo.\r\n\n\tSegundo: \u2067مرحبا\u2069 y \u202bעברית\u202c.';
    expect(errorsOf(ReviewCreateInputSchema, { ...review, body: paragraphs, verdict: paragraphs })).toEqual(
      [],
    );
    // Right-to-left text needs no control characters in a one-line field.
    expect(errorsOf(ReviewCreateInputSchema, { ...review, title: 'مراجعة: كاميرا ممتازة' })).toEqual([]);
    const message = 'must not contain control characters other than tab and line breaks';
    for (const bad of ['bell\u0007', 'form\u000cfeed', 'esc\u001b[2J', 'del\u007f', 'c1\u009b'])
      expect(errorsOf(ReviewCreateInputSchema, { ...review, body: bad, verdict: bad })).toEqual([
        { field: 'body', message },
        { field: 'verdict', message },
      ]);
  });
});

describe('camera inputs', () => {
  it.each([
    ['brand', CAMERA_LIMITS.brand],
    ['model', CAMERA_LIMITS.model],
  ] as const)(
    'when the %s is 1 or max characters long, then it is accepted; none, blank or max+1 are refused',
    (field, limits) => {
      const at = (value: string) => fieldsOf(CameraInputSchema, { ...camera, [field]: value });

      expect(at('a')).toEqual([]);
      expect(at(chars(limits.max))).toEqual([]);
      expect(at('')).toEqual([field]);
      expect(at(' ')).toEqual([field]);
      expect(at(chars(limits.max + 1))).toEqual([field]);
    },
  );

  it('when the type is not a known kind, then it is refused listing the kinds', () => {
    expect(errorsOf(CameraInputSchema, { ...camera, type: 'phone' })).toEqual([
      {
        field: 'type',
        message: 'must be one of mirrorless, dslr, compact, medium-format, action, film, other',
      },
    ]);
  });

  it.each([
    ['2024-02-29', true],
    ['2021-06', true],
    ['1999', true],
    ['2026-13-45', false],
    ['2026-02-30', false],
    ['2023-02-29', false],
    ['99999-01-01', false],
    ['1700-01-01', false],
    ['June 2021', false],
    ['', false],
  ])('when a release date is %j, then accepted is %s', (releasedOn, accepted) => {
    expect(fieldsOf(CameraInputSchema, { ...camera, specs: { releasedOn } })).toEqual(
      accepted ? [] : ['specs.releasedOn'],
    );
  });

  it('when a camera has no specs, then they default to none', () => {
    const { specs: _s, ...rest } = camera;

    expect(CameraInputSchema.parse(rest).specs).toEqual({});
  });

  it('when isoMin exceeds isoMax, then specs.isoMin is refused; equal ends are accepted', () => {
    expect(errorsOf(CameraInputSchema, { ...camera, specs: { isoMin: 6400, isoMax: 3200 } })).toEqual([
      { field: 'specs.isoMin', message: 'must not exceed specs.isoMax' },
    ]);
    expect(fieldsOf(CameraInputSchema, { ...camera, specs: { isoMin: 100, isoMax: 100 } })).toEqual([]);
  });

  it('when an ISO value is the largest int32, then it is accepted; one more is refused (it could not cross gRPC)', () => {
    expect(fieldsOf(CameraInputSchema, { ...camera, specs: { isoMax: 2_147_483_647 } })).toEqual([]);
    expect(fieldsOf(CameraInputSchema, { ...camera, specs: { isoMax: 2_147_483_648 } })).toEqual([
      'specs.isoMax',
    ]);
  });

  it.each([
    [{ megapixels: 1000 }, []],
    [{ megapixels: 1000.1 }, ['specs.megapixels']],
    [{ megapixels: 0 }, ['specs.megapixels']],
    [{ priceUsd: 0 }, []],
    [{ priceUsd: -1 }, ['specs.priceUsd']],
    [{ weightGrams: 100_000 }, []],
    [{ weightGrams: 100_001 }, ['specs.weightGrams']],
    [{ sensorSize: chars(40) }, []],
    [{ sensorSize: chars(41) }, ['specs.sensorSize']],
    [{ isoMin: 1.5 }, ['specs.isoMin']],
    [{ shutter: 'fast' }, ['specs.shutter']],
  ])('when the specs are %j, then the refused fields are %j', (specs, refused) => {
    expect(fieldsOf(CameraInputSchema, { ...camera, specs })).toEqual(refused);
  });

  it('when a patch changes only the specs, then brand, model and type are not required', () => {
    expect(CameraPatchInputSchema.parse({ specs: { priceUsd: 1499 } })).toEqual({
      specs: { priceUsd: 1499 },
    });
  });

  it.each([
    ['a', true],
    ['fujifilm-x100vi', true],
    [chars(CAMERA_LIMITS.id.max, 'a'), true],
    [chars(CAMERA_LIMITS.id.max + 1, 'a'), false],
    ['-leading', false],
    ['Upper', false],
    ['under_score', false],
    ['', false],
  ])('when a camera id is %j, then accepted is %s', (id, accepted) => {
    expect(CameraIdSchema.safeParse(id).success).toBe(accepted);
    expect(fieldsOf(CameraPutInputSchema, { id, ...camera })).toEqual(accepted ? [] : ['id']);
  });

  it('when the event catalog reads camera specs, then it keeps its own tolerance: no int32 cap, no isoMin/isoMax order', () => {
    expect(CameraSpecsSchema.safeParse({ isoMin: 6400, isoMax: 3200 }).success).toBe(true);
    expect(CameraSpecsSchema.safeParse({ isoMax: 4_000_000_000 }).success).toBe(true);
  });
});

describe('editor inputs', () => {
  it('when an account is created, then the email is trimmed and lowercased, the name trimmed, the role defaulted', () => {
    const { role: _r, ...withoutRole } = editor;

    expect(
      EditorCreateInputSchema.parse({ ...withoutRole, email: ' Ana@Example.COM ', name: '  Ana ' }),
    ).toEqual({
      email: 'ana@example.com',
      name: 'Ana',
      password: editor.password,
      role: DEFAULT_ROLE,
    });
    expect(DEFAULT_ROLE).toBe('editor');
  });

  it('when the email is 254 characters, then it is accepted; 255 or not an address are refused', () => {
    const email = (n: number) => `${chars(64)}@${chars(n - 64 - 1 - 4, 'd')}.com`;

    expect(email(254)).toHaveLength(EDITOR_LIMITS.email.max);
    expect(fieldsOf(EditorCreateInputSchema, { ...editor, email: email(254) })).toEqual([]);
    expect(errorsOf(EditorCreateInputSchema, { ...editor, email: email(255) })).toEqual([
      { field: 'email', message: 'must be at most 254 characters' },
    ]);
    expect(errorsOf(EditorCreateInputSchema, { ...editor, email: 'ana@' })).toEqual([
      { field: 'email', message: 'must be a valid email address' },
    ]);
  });

  it('when the name is 100 characters, then it is accepted; 101 or blank are refused', () => {
    expect(fieldsOf(EditorCreateInputSchema, { ...editor, name: chars(100) })).toEqual([]);
    expect(errorsOf(EditorCreateInputSchema, { ...editor, name: chars(101) })).toEqual([
      { field: 'name', message: 'must be at most 100 characters' },
    ]);
    expect(errorsOf(EditorCreateInputSchema, { ...editor, name: '   ' })).toEqual([
      { field: 'name', message: 'must not be empty' },
    ]);
  });

  it('when the password is 10 or 1024 characters, then it is accepted; 9 or 1025 are refused', () => {
    const at = (n: number) => errorsOf(EditorCreateInputSchema, { ...editor, password: varied(n) });

    expect(at(EDITOR_LIMITS.password.min)).toEqual([]);
    expect(at(EDITOR_LIMITS.password.max)).toEqual([]);
    expect(at(9)).toEqual([{ field: 'password', message: 'must be at least 10 characters' }]);
    expect(at(1025)).toEqual([{ field: 'password', message: 'must be at most 1024 characters' }]);
    // Code points, not UTF-16 units: five emoji are five characters.
    expect(
      fieldsOf(EditorCreateInputSchema, {
        ...editor,
        password: '\u{1F4F7}\u{1F30B}\u{1F3D4}\u{1F305}\u{1F308}',
      }),
    ).toEqual(['password']);
  });

  it('when a new password is easy to guess, then it is refused saying why; only the limits are reported for one out of them', () => {
    const why = (password: string, account = editor) =>
      errorsOf(EditorCreateInputSchema, { ...account, password }).map((e) => `${e.field}: ${e.message}`);

    expect(why('password123')).toEqual([expect.stringMatching(/^password: is a commonly used password/)]);
    expect(why('aaaaaaaaaaaa')).toEqual([expect.stringMatching(/^password: is a repeated pattern/)]);
    expect(why('1234567890')).toEqual([expect.stringMatching(/^password: is a sequence/)]);
    expect(why('ana@example.com')).toEqual([expect.stringMatching(/^password: is made of the account's/)]);
    expect(why('aaaaaaaaa')).toEqual(['password: must be at least 10 characters']);
    expect(why('mirror-lake-tripod-42')).toEqual([]);
  });

  it('when the role is not admin or editor, then it is refused', () => {
    expect(errorsOf(EditorCreateInputSchema, { ...editor, role: 'root' })).toEqual([
      { field: 'role', message: "must be 'admin' or 'editor'" },
    ]);
  });

  it('when an update names some fields, then only they are checked, with the same rules as on create', () => {
    expect(EditorUpdateInputSchema.parse({ active: false })).toEqual({ active: false });
    expect(fieldsOf(EditorUpdateInputSchema, { name: chars(101), password: varied(9), role: 'x' })).toEqual([
      'name',
      'role',
      'password',
    ]);
    expect(fieldsOf(EditorUpdateInputSchema, { email: 'new@example.com' })).toEqual(['email']);
  });
});

describe('session inputs', () => {
  it('when logging in, then the email and password are only bounded: 254 and 1024 pass, one more or none are refused', () => {
    const login = (email: string, password: string) => fieldsOf(LoginInputSchema, { email, password });

    expect(login(chars(254), chars(1024))).toEqual([]);
    expect(login('not-an-address', 'x')).toEqual([]);
    expect(login(chars(255), 'x')).toEqual(['email']);
    expect(login('a@b.co', chars(1025))).toEqual(['password']);
    expect(login('', '')).toEqual(['email', 'password']);
  });

  it('when a refresh token is 512 characters, then it is accepted; 513 or empty are refused', () => {
    expect(fieldsOf(RefreshInputSchema, { refreshToken: chars(512) })).toEqual([]);
    expect(fieldsOf(RefreshInputSchema, { refreshToken: chars(513) })).toEqual(['refreshToken']);
    expect(fieldsOf(RefreshInputSchema, { refreshToken: '' })).toEqual(['refreshToken']);
    expect(errorsOf(RefreshInputSchema, {})).toEqual([{ field: 'refreshToken', message: 'is required' }]);
  });

  it('when logging out, then the refresh token may be left out, but not given empty', () => {
    expect(fieldsOf(LogoutInputSchema, {})).toEqual([]);
    expect(fieldsOf(LogoutInputSchema, { refreshToken: '' })).toEqual(['refreshToken']);
  });
});

describe('isStorableInstant', () => {
  it.each(['0001-01-01', '0001-01-01T00:00:00Z', '2026-12-01T05:00:00+02:00', '9999-12-31T23:59:59.999Z'])(
    'when the instant is %s, then PostgreSQL can store it',
    (value) => {
      expect(isStorableInstant(value)).toBe(true);
    },
  );

  it.each([
    '0000-01-01',
    '0000-06-01T00:00:00Z',
    '0001-01-01T00:30:00+01:00',
    '9999-12-31T23:00:00-02:00',
    'soon',
  ])(
    'when the instant is %s, then it is refused (no year 0 in PostgreSQL, no five-digit years, not a date)',
    (value) => {
      expect(isStorableInstant(value)).toBe(false);
    },
  );
});
