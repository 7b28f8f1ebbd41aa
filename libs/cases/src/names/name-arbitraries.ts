import fc from 'fast-check';

// Test-only generators (fast-check is a dev dependency): name-keys.spec.ts and name-keys.int-spec.ts
// draw from the same ones, so the SQL twins face exactly what the idempotence properties face.

const codePoints = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => String.fromCodePoint(from + index));

const ARABIC_LETTERS = codePoints(0x0621, 0x064a);
const ARABIC_MARKS = [...codePoints(0x064b, 0x065f), '\u0670', ...codePoints(0x06d6, 0x06ed), '\u0640'];
/** The letters the keys fold, Urdu and Persian ones, final forms and presentation forms. */
const ARABIC_VARIANTS = [...'أإآٱىةؤئیکےہھۀۃپچژگڨڤٹڈڑں', 'ﻣ', 'ﺤ', 'ﷲ', 'ﻻ'];
const EASTERN_DIGITS = [...codePoints(0x0660, 0x0669), ...codePoints(0x06f0, 0x06f9)];
const SPACES = [' ', ' ', ' ', '\t', '\n', '\u00a0', '\u2003', '\u3000'];
/** Particles and compounds the skeleton rules look for. */
const ARABIC_PARTICLES = ['ال', 'آل', 'عبد', 'عبدال', 'ابو', 'أبو', 'بن', 'ابن', 'إبن', 'الدين', 'الله', 'الرحمن', 'عمرو'];

const LATIN_LETTERS = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'];
const ACCENTED = [...'éèêëÉüÜöñÑçÇøØßẞæÆœŒłŁıİğşđÐþÞåÅáÁíóúýÿ'];
const COMBINING_ACCENTS = codePoints(0x0300, 0x036f);
const PUNCTUATION = [..."'’‘ʼʿ´`-‐–—.·_,/()"];
const LATIN_PARTICLES = [
  'al ',
  'el-',
  'Al-',
  'abd',
  'abdul ',
  'abdur ',
  'abd al ',
  'ul ',
  'ud ',
  'bin ',
  'ben ',
  'ibn ',
  'abu ',
  'eddine',
  'uddin',
  'ullah',
  'allah',
];
const LATIN_CLUSTERS = ['rahman', 'haq', 'islam', 'kh', 'sh', 'ch', 'th', 'dh', 'gh', 'dj', 'ou', 'ee', 'mohd', 'md', 'ne', 'ah', 'ett', 'qh'];

const join = (parts: fc.Arbitrary<string>[], weights: number[], maxLength: number) =>
  fc.array(fc.oneof(...parts.map((arbitrary, index) => ({ arbitrary, weight: weights[index] }))), { maxLength }).map((chars) => chars.join(''));

/** Arabic text with random tashkeel, tatweel, letter variants, Arabic-Indic and Persian digits, and spaces. */
export const arabicText = (maxLength = 24) =>
  join(
    [ARABIC_LETTERS, ARABIC_MARKS, ARABIC_VARIANTS, EASTERN_DIGITS, SPACES, ARABIC_PARTICLES, [...'AZaz09']].map((set) => fc.constantFrom(...set)),
    [8, 3, 3, 1, 3, 1, 1],
    maxLength,
  );

/** Latin text as on passports and as typed: accents composed and combining, apostrophes, hyphens, dots, particles. */
export const latinText = (maxLength = 24) =>
  join(
    [LATIN_LETTERS, ACCENTED, COMBINING_ACCENTS, PUNCTUATION, SPACES, LATIN_PARTICLES, LATIN_CLUSTERS].map((set) => fc.constantFrom(...set)),
    [10, 2, 1, 1, 3, 1, 2],
    maxLength,
  );
