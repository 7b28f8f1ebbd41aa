/**
 * Search keys for a person's name, each with an SQL twin of the same name in migration
 * 1764400000000-name-search-keys.ts (app.arabic_search_key, app.latin_search_key, app.name_skeleton).
 * The twins must agree character for character: generated columns and trigram indexes hold the SQL
 * result, the service computes the query side in either language. name-keys.int-spec.ts holds them
 * equal by property tests; change both or neither, and a change to the SQL is a new migration.
 *
 * - arabicSearchKey: exactly CONVENTIONS.md ("Arabic"); أحمد = احمد = أَحمد, فاطمة = فاطمه.
 * - latinSearchKey: accents folded (é → e, ø → o, ß → ss), lower case, apostrophes removed
 *   (Sa'eed = Saeed), hyphens, dots, underscores, commas and slashes turned into spaces
 *   (Al-Mansoori = Al Mansoori; "Almansoori" stays one word: the skeleton cuts the article).
 * - nameSkeleton: one consonant skeleton for both scripts, so محمد عبدالله الكواري and
 *   "Mohammed Abdulla Al-Kuwari" both give "mhmd obdle kre". Words stay apart, for trigrams.
 *
 * Lower case is ASCII only, in every key: JavaScript's and the server's libc case tables differ at
 * the edges, and an index must not change with a libc upgrade. Latin letters that survive folding
 * are ASCII in practice; other scripts are left as typed. Every key is idempotent.
 *
 * The skeleton table (symbols are upper case while the rules run, so no later rule rereads them).
 * "Measured" means on the tuning half of name-pairs.json.
 *
 *   Arabic                  Latin spellings              Key   Why
 *   ا أ إ آ ع (word start)   a e i o u (word start)       o     only the seat of the first vowel is sure: Ahmed, Omar/Umar, Eisa
 *   ا و ي ع ء ئ ؤ ة (inside) a e i o u y w v (inside)     -     Arabic writes no short vowels and Latin marks no long ones
 *                                                               (Khalid خالد and Walid وليد are both a-i); measured: keeping و as w
 *                                                               cost 4 points of recall for 3 of precision, و and ي 35 for 4
 *   vowel letters (end)     vowels, with h (end)         e     after a consonant: Fatima(h) فاطمة, Abdulla(h) عبدالله, Hany هاني,
 *                                                               Saleh صالح, Taha طه; tells Hamda حمدة from Hamad حمد. French -ine,
 *                                                               -ane: Nadine, Amine, Soufiane end in n
 *   و ي (word start)         w v, ou+vowel / y            w y   Walid, Ouafae (وفاء), Yousef
 *   ب پ                      b p                          b
 *   ت ط ث ٹ                  t th                         t     ث is "th" on Gulf passports (Thani, Thamer); Usman/Osman miss
 *   ج گ ڨ                    j g dj                       j     Egyptian g (Gamal, Ragab), Maghrebi dj (Djamel)
 *   ح ه                      h                            h     one Latin letter for both
 *   خ                        kh                           kh
 *   د ذ ض ظ ز ژ ڈ            d dh z                       d     ذ ض ظ are d, dh or z by region (Dhafer, Reda, Ramzan, Zafar,
 *                                                               Nazir); measured: a z of its own cost 7 points of recall, no precision
 *   ر ڑ                      r                            r
 *   س ص                      s, c before e i y            s     French c: Youcef, Belkacem
 *   ش چ                      sh ch sch                    sh    French ch: Cherif, Aicha
 *   غ                        gh                           gh    a lone g is ج (above)
 *   ف ڤ                      f ph                         f
 *   ق ك ک                    q k c ck                     k     Qasim/Kasim, Qureshi/Kureshi
 *   ل م ن ں                  l m n                        l m n
 *   (none)                   x                            ks
 *
 * Compounds and particles, handled before the letters:
 * - The article goes: ال / آل, and Al, El as a word or glued before a consonant and 3 more letters
 *   (Almansoori, Elsayed, not Ali, Elham), the assimilated ul, ud, ur, es, et… as words, and
 *   Maghrebi glued Et-/Es- before a doubled letter (Ettahiri).
 * - عبد + article and Abdul, Abdel, Abdur, Abd al… are one word: Abdulrahman = عبد الرحمن = "obdrhmn".
 * - أبو / Abu, Abou and بن / ابن / Bin, Ben, Ibn join the next word (Abu Zeid = Abuzeid).
 * - X + الدين, الله, الرحمن, الحق, الإسلام, الهدى is one word without the article, and so are
 *   Noureddine, Nour Eddine, Nooruddin, Sana Ullah, Nasrallah, Fazal ur Rehman, Rafiqul Islam.
 * - Mohd and Muhd are Mohammed (not Md: "md" is also the skeleton of معد). عمرو is Amr.
 * - Doubled symbols collapse (Mohammed, Hassan, Abbas, Youssef).
 *
 * Why the odd letters: a skeleton must be its own skeleton. So the first vowel is written o (a, e, u
 * begin articles: Ad, El, Ul), ش خ غ are written sh kh gh, and an a is slipped between t, d, s, k and
 * a following h (and d, j) so the digraph rules do not read them as one letter again.
 *
 * What it cannot tell apart, because the difference is only in vowels: Mohammed/Mahmoud,
 * Saad/Saeed/Saud, Hassan/Hussein, Omar/Amer, Samir/Samer, Nawaf/Nayef. A search shows them as
 * candidates; a person decides.
 *
 * The search: `similarity(name_skeleton_column, app.name_skeleton($1)) >= CROSS_SCRIPT_SIMILARITY`
 * (pg_trgm's similarity; or its `%` with pg_trgm.similarity_threshold set to the same value, and
 * `ORDER BY skeleton <-> app.name_skeleton($1)` on a GiST index). Chosen on the tuning half;
 * word_similarity was measured too and separates no better (name-keys.int-spec.ts prints both).
 */

/** Tashkeel (U+064B–065F, U+0670, U+06D6–06ED) and tatweel (U+0640). */
const ARABIC_MARKS = '[\\u064b-\\u065f\\u0670\\u06d6-\\u06ed\\u0640]';
/** Unicode White_Space, spelled out: `\s` means different things to JavaScript and to PostgreSQL's libc. */
const WHITESPACE = '[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]+';
/** The combining blocks of Latin accents; Arabic marks are not among them. */
const LATIN_MARKS = '[\\u0300-\\u036f\\u1ab0-\\u1aff\\u1dc0-\\u1dff\\u20d0-\\u20ff\\ufe20-\\ufe2f]';
/** Apostrophes and ʿayn/hamza signs inside a Latin name. */
const APOSTROPHES = '[\\u0027\\u0060\\u00b4\\u02b9\\u02bb\\u02bc\\u02bd\\u02be\\u02bf\\u2018\\u2019\\u201b\\u2032\\uff07]';
/** Hyphens, dots, underscores, commas and slashes between Latin name parts. */
const SEPARATORS = '[-\\u2010-\\u2015\\u2212.\\u00b7\\u2027_,/]';

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';

/** PostgreSQL's translate(): each character of `from` becomes the one at the same place in `to`, or goes. */
function translate(text: string, from: string, to: string): string {
  const source = Array.from(from);
  const target = Array.from(to);
  const map = new Map<string, string>();
  source.forEach((char, index) => {
    if (!map.has(char)) map.set(char, target[index] ?? '');
  });
  let out = '';
  for (const char of text) out += map.get(char) ?? char;
  return out;
}

/** PostgreSQL's regexp_replace(text, pattern, replacement, 'g'), with its `\1` back references. */
function regexpReplace(text: string, pattern: string, replacement: string): string {
  return text.replace(new RegExp(pattern, 'gu'), replacement.replace(/\\(\d)/g, '$$$1'));
}

function collapseWhitespace(text: string): string {
  return regexpReplace(text, WHITESPACE, ' ').replace(/^ | $/g, '');
}

/** The Arabic search key of CONVENTIONS.md; app.arabic_search_key is its SQL twin. */
export function arabicSearchKey(text: string): string {
  let key = regexpReplace(text.normalize('NFKC'), ARABIC_MARKS, '');
  key = translate(key, 'أإآٱىةؤئیک٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹', 'اااايهوييك' + DIGITS + DIGITS);
  key = translate(collapseWhitespace(key), UPPER, LOWER);
  // NFKC once more: removing a mark can bring a letter and a later accent together (e + ـ + ́),
  // which a second pass would compose; without this the key would not be idempotent.
  return key.normalize('NFKC');
}

/** The Latin search key; app.latin_search_key is its SQL twin. */
export function latinSearchKey(text: string): string {
  // Apostrophes go before NFKD as well as after: NFKD turns ´ into a space and an accent.
  let key = regexpReplace(regexpReplace(text, APOSTROPHES, '').normalize('NFKD'), LATIN_MARKS, '');
  key = regexpReplace(key, APOSTROPHES, '');
  for (const [from, to] of LATIN_LIGATURES) key = key.split(from).join(to);
  key = translate(key, 'ØøŁłĐđÐðĦħıŦŧ' + UPPER, 'oollddddhhitt' + LOWER);
  key = collapseWhitespace(regexpReplace(key, SEPARATORS, ' '));
  // NFKD once more: removing an accent can leave two other marks out of canonical order.
  return key.normalize('NFKD');
}

/** Letters NFKD leaves whole, spelled out. */
const LATIN_LIGATURES: readonly (readonly [string, string])[] = [
  ['ß', 'ss'],
  ['ẞ', 'ss'],
  ['æ', 'ae'],
  ['Æ', 'ae'],
  ['œ', 'oe'],
  ['Œ', 'oe'],
  ['þ', 'th'],
  ['Þ', 'th'],
];

/** Urdu and Persian letters, hamza-above alefs (إ stays: it tells إلهام from the article) and final forms. */
const ARABIC_LETTER_VARIANTS = ['یےىکہھۀۃٱأآپچژگڨڤٹڈڑں', 'يييكهههةاااب' + 'شزججفتدرن'] as const;

/** One step of the skeleton: a global regexp_replace, or a plain replace of a fixed string. */
type SkeletonStep = readonly ['regexp' | 'replace', string, string];

const LATIN_CONSONANT = '[b-df-hj-np-tv-z]';
/** The article as a word of its own, assimilated or not: Al Thani, El Sayed, Noor ul Ain, Ad-Dosari, Es Saidi. */
const LATIN_ARTICLE_WORDS = '(?:al|el|il|ul|aal|ad|ed|ud|ar|er|ur|as|es|us|at|et|ut|an|en|un|az|ez|uz|ash|esh|ush)';
/** What joins a name to a second element: Nour Eddine, Nooruddin, Zia ul Haq, Rafiqul Islam, Sana Ullah, Nasrallah. */
const CONNECTOR = '(?: (?:[aeiu]|ou)[lrdstnz]? ?|(?:[aeiu]|ou)[lrdstnz] |(?:[aeiu]|ou)[lrdstnz]?)';
const SECOND_ELEMENT = '(?:d+(?:ee|i|e)ne?|l+ah?|r+[ae]hm[ae]n|h[au]q+|islam|hud[ae]?)';

/**
 * The rules, in order (PostgreSQL caches 32 compiled patterns a session, so fixed strings use
 * replace and similar rules share a pattern). The SQL twin lists the same steps.
 */
const SKELETON_STEPS: readonly SkeletonStep[] = [
  // Arabic: compounds, the article, then the letters whose value depends on their place.
  ['regexp', '(^| )عبد ?(?:ال)?', '\\1عبد'],
  ['regexp', '(^| )ابو ', '\\1ابو'],
  ['regexp', '(^| )[اإ]?بن ', '\\1بن'],
  ['regexp', '([^ ]) ?ال(?=(?:دين|له|رحمن|حق|[اإ]سلام|هدي)(?= |$))', '\\1'],
  ['regexp', '(^| )ال(?= |$|[^ ]{2})', '\\1'],
  ['regexp', '(^| )عمرو(?= |$)', '\\1عمر'],
  ['regexp', '(?<=[بتثجحخدذرزسشصضطظغفقكلمنه])(?:[اإيةعءوئؤ]*[هح]|[اإيةعءوئؤ]+)(?= |$)', 'E'],
  ['replace', ' ا', ' A'],
  ['replace', ' إ', ' A'],
  ['replace', ' ع', ' A'],
  ['replace', ' و', ' W'],
  ['replace', ' ي', ' Y'],
  // Latin: compounds, the article, then the letters whose value depends on their place.
  ['regexp', '(^| )abd(?: [aeiu]l |[aeiou]{0,2}l ?|[aeiou]{1,2}[rstdnz] | |[aeiou]{0,2}(?=[a-z]))', '\\1aBD'],
  ['regexp', '(^| )(?:mohd|muhd)(?= |$)', '\\1MHMD'],
  ['regexp', '(^| )(?:abu|abou|abo) ', '\\1abu'],
  ['regexp', '(^| )(?:bin|ben|ibn) ', '\\1bn'],
  ['regexp', `([a-z])${CONNECTOR}(?=${SECOND_ELEMENT}(?= |$))`, '\\1'],
  ['regexp', `(^| )(?:${LATIN_ARTICLE_WORDS}(?= |$)|(?:al|el)(?=${LATIN_CONSONANT}[a-z]{3}|ou[aeiy])|e(?=(?:tt|dd|ss|rr|nn|zz)[a-z]{4}))`, '\\1'],
  ['regexp', '(?<=[a-z][aeiouy])ne(?= |$)', 'n'],
  ['regexp', '(?<=[bcdfghjklmnpqrstxzBDHM])[aeiouvwy]+h*(?= |$)', 'E'],
  ['regexp', ' ou(?=[aeiy])', ' W'],
  ['replace', ' w', ' W'],
  ['replace', ' v', ' W'],
  ['replace', ' y', ' Y'],
  ['regexp', ' [aeiou]+', ' A'],
  ['replace', 'sch', 'C'],
  ['replace', 'sh', 'C'],
  ['replace', 'ch', 'C'],
  ['replace', 'kh', 'X'],
  ['replace', 'gh', 'G'],
  ['replace', 'th', 'T'],
  ['replace', 'dh', 'D'],
  ['replace', 'ph', 'F'],
  ['replace', 'dj', 'J'],
  ['replace', 'ck', 'K'],
  ['replace', 'ce', 'Se'],
  ['replace', 'ci', 'Si'],
  ['replace', 'cy', 'Sy'],
  ['replace', 'x', 'KS'],
  // A final h after a consonant that made no digraph (Qh, Zh) is silent.
  ['regexp', '(?<=[bcdfgjklmnpqrstxzCDFGJKSTX])h+(?= |$)', ''],
];

/** Letters to symbols; the letters past the end of the second string are vowels and seats, and go. */
const ARABIC_SYMBOLS = ['بتثجحخدذرزسشصضطظغفقكلمنه' + 'اإءئؤعويةى', 'BTTJHXDDRDSCSDTDGFKKLMNH'] as const;
const LATIN_SYMBOLS = ['bcdfghjklmnpqrstz' + 'aeiouywv', 'BKDFJHJKLMNBKRSTD'] as const;

/** ش خ غ as the Latin digraphs that read back as them. */
const TWO_LETTER_SYMBOLS = [
  ['C', 'sh'],
  ['X', 'kh'],
  ['G', 'gh'],
] as const;

/** The cross-script skeleton; app.name_skeleton is its SQL twin. */
export function nameSkeleton(text: string): string {
  // NFC after the Latin key's NFKD puts the hamza back on its alef (أ), which the article rule reads.
  let key = regexpReplace(latinSearchKey(text).normalize('NFC'), ARABIC_MARKS, '');
  key = translate(key, ARABIC_LETTER_VARIANTS[0], ARABIC_LETTER_VARIANTS[1]);
  // Anything else (digits, punctuation, other scripts) ends a word, so no rule reads it as a letter.
  key = collapseWhitespace(regexpReplace(key, '[^a-z\\u0621-\\u063a\\u0641-\\u064a ]+', ' '));
  // Words of two scripts are two words; the leading space lets every word-initial rule see a space.
  key = ' ' + regexpReplace(key, '([\\u0621-\\u064a](?=[a-z])|[a-z](?=[\\u0621-\\u064a]))', '\\1 ');
  for (const [kind, from, to] of SKELETON_STEPS) key = kind === 'regexp' ? regexpReplace(key, from, to) : key.split(from).join(to);
  key = translate(translate(key, ARABIC_SYMBOLS[0], ARABIC_SYMBOLS[1]), LATIN_SYMBOLS[0], LATIN_SYMBOLS[1]);
  key = regexpReplace(regexpReplace(key, '[^A-Z ]', ''), '([A-Z])\\1+', '\\1');
  key = regexpReplace(collapseWhitespace(key), '([TDSK](?=H)|D(?=J))', '\\1a');
  for (const [symbol, spelling] of TWO_LETTER_SYMBOLS) key = key.split(symbol).join(spelling);
  return translate(key, 'ABDEFHJKLMNRSTWY', 'obdefhjklmnrstwy');
}

/** The pg_trgm similarity of two skeletons at or above which the search takes them for one person. */
export const CROSS_SCRIPT_SIMILARITY = 0.85;
