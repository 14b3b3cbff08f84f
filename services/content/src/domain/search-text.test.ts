import { describe, expect, it } from 'vitest';
import { MAX_QUERY_WORDS, searchText, searchWords } from './search-text.ts';

describe('searchWords', () => {
  it('when the text has punctuation, then only runs of letters and digits remain, each once', () => {
    expect(searchWords('x-t5, x100vi! camara camara').map((w) => w.text)).toEqual([
      'x',
      't5',
      'x100vi',
      'camara',
    ]);
  });

  it('when a word has 4 characters or more, then it may also match with a typo', () => {
    expect(searchWords('gr iii nandu')).toEqual([
      { text: 'gr', fuzzy: false },
      { text: 'iii', fuzzy: false },
      { text: 'nandu', fuzzy: true },
    ]);
  });

  it('when the text has many words, then only the first ones count', () => {
    expect(searchWords('a b c d e f g h i j k')).toHaveLength(MAX_QUERY_WORDS);
    expect(searchWords(' ¿? ')).toEqual([]);
  });
});

describe('searchText', () => {
  it('when blank, then there is no search; when too long, then the field is reported', () => {
    const errors: { field: string; message: string }[] = [];
    expect(searchText('   ', 'q', errors)).toBeUndefined();
    expect(searchText(' leica ', 'q', errors)).toBe('leica');
    expect(searchText('a'.repeat(201), 'q', errors)).toBeUndefined();
    expect(errors).toEqual([{ field: 'q', message: expect.stringContaining('200') }]);
  });
});
