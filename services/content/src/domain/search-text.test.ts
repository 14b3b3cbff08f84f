import { describe, expect, it } from 'vitest';
import { keptCorrections, MAX_QUERY_WORDS, parseSearch, searchText, searchWords } from './search-text.ts';

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

describe('parseSearch', () => {
  const brief = (folded: string) =>
    parseSearch(folded).map((w) =>
      [
        w.term,
        w.negated ? '-' : '',
        w.orPrevious ? 'or ' : '',
        w.text,
        w.prefix ? '*' : '',
        w.fuzzy ? '~' : '',
      ].join(''),
    );

  it('when the text has plain words, then each is a term; the last one also matches as a prefix', () => {
    expect(brief('camara callejera')).toEqual(['1camara~', '2callejera*~']);
    expect(brief('gr iii')).toEqual(['1gr', '2iii*']);
    expect(brief('leica ab')).toEqual(['1leica~', '2ab']);
  });

  it('when a phrase is quoted or a token holds punctuation, then its words form one term, never corrected', () => {
    expect(brief('"luz de tarde" sony')).toEqual(['1luz', '1de', '1tarde', '2sony*~']);
    expect(brief('a7-iv')).toEqual(['1a7', '1iv']);
    expect(brief('sony "poca luz')).toEqual(['1sony~', '2poca', '2luz']);
  });

  it('when a word or phrase has a leading minus, then it is excluded (not a prefix, not corrected)', () => {
    expect(brief('luz -sony')).toEqual(['1luz', '2-sony']);
    expect(brief('luz -"poca luz"')).toEqual(['1luz', '2-poca', '2-luz']);
  });

  it('when "or" stands between terms, then the next term is an alternative; at an edge it is ignored', () => {
    expect(brief('retratos or portraits')).toEqual(['1retratos~', '2or portraits*~']);
    expect(brief('or leica or')).toEqual(['1leica*~']);
  });

  it('when words repeat or are too many, then repeats count once and the rest is dropped', () => {
    expect(brief('leica leica')).toEqual(['1leica*~']);
    expect(parseSearch('a b c d e f g h i j k')).toHaveLength(MAX_QUERY_WORDS);
    expect(parseSearch(' ¿? "" - ')).toEqual([]);
  });
});

describe('keptCorrections', () => {
  it('when candidates are far less similar than the best, then they are dropped; at most three remain', () => {
    const candidates = [0.8, 0.75, 0.72, 0.71, 0.6].map((similarity, i) => ({ word: `w${i}`, similarity }));
    expect(keptCorrections(candidates)).toEqual(['w0', 'w1', 'w2']);
    expect(
      keptCorrections([
        { word: 'a', similarity: 0.6 },
        { word: 'b', similarity: 0.45 },
      ]),
    ).toEqual(['a']);
    expect(keptCorrections([])).toEqual([]);
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
