import fc from 'fast-check';
import { forbiddenTextErrors, hasForbiddenCharacters } from './text-rules';

describe('the text rules', () => {
  it.each([
    ['NUL', 'a\u0000b'],
    ['a C0 control', 'bell\u0007'],
    ['vertical tab', 'a\u000bb'],
    ['an ANSI escape', '\u001b[2J'],
    ['DEL', 'x\u007f'],
    ['a C1 control (NEL)', 'x\u0085y'],
    ['a lone high surrogate', 'x\ud800'],
    ['a lone low surrogate', '\udc00x'],
  ])('refuse %s', (_name, text) => {
    expect(hasForbiddenCharacters(text)).toBe(true);
  });

  it.each([
    ['tab, line feed and carriage return', 'a\tb\nc\r\nd'],
    ['Arabic with bidi marks and isolates', '\u200fعلي\u200e \u2067(Ali)\u2069 \u061c'],
    ['bidi embeddings and overrides', '\u202a\u202b\u202c\u202d\u202e'],
    ['a surrogate pair (emoji)', 'ok \ud83d\udc4d'],
    ['plain text', 'Fatima Al-Kuwari'],
  ])('allow %s', (_name, text) => {
    expect(hasForbiddenCharacters(text)).toBe(false);
  });

  it('name each offending string by its dotted path, at any depth', () => {
    expect(forbiddenTextErrors({ name: 'ok', contacts: [{ phone: '+974\u0000' }], notes: ['fine', 'bad\u001b'] })).toEqual([
      { field: 'contacts.0.phone', code: 'INVALID_CHARACTERS', message: expect.any(String) },
      { field: 'notes.1', code: 'INVALID_CHARACTERS', message: expect.any(String) },
    ]);
    expect(forbiddenTextErrors('a\u0000', 'id')).toEqual([expect.objectContaining({ field: 'id' })]);
    expect(forbiddenTextErrors({ count: 3, flag: true, none: null })).toEqual([]);
  });

  it('any well-formed text without C0/C1 controls passes', () => {
    const isControl = (code: number) => (code < 0x20 && ![0x09, 0x0a, 0x0d].includes(code)) || (code >= 0x7f && code <= 0x9f);
    const safe = fc.string({ unit: 'grapheme' }).filter((text) => ![...text].some((char) => isControl(char.codePointAt(0)!)));
    fc.assert(fc.property(safe, (text) => !hasForbiddenCharacters(text)));
  });
});
