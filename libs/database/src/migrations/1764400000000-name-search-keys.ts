import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search keys for persons' names, the SQL twins of libs/cases/src/names/name-keys.ts (read its
 * header for the rules and the transliteration table): the Arabic key of CONVENTIONS.md, the Latin
 * key (accents folded, punctuation to spaces) and the cross-script consonant skeleton. IMMUTABLE and
 * PARALLEL SAFE, for generated columns with trigram indexes: built from normalize(), translate(),
 * replace(), btrim() and regexp_replace() only, all IMMUTABLE in PostgreSQL 15 and 16; normalize()
 * needs the UTF-8 database the boot check insists on. Character classes are spelled out (\uXXXX, not \s)
 * so that JavaScript and the server's regular expressions read them alike; lower case is ASCII only,
 * so no libc upgrade can move an index. Executable by PUBLIC, as new functions are: they read no table.
 */
export class NameSearchKeys1764400000000 implements MigrationInterface {
  name = 'NameSearchKeys1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(String.raw`CREATE FUNCTION app.arabic_search_key(p_text text) RETURNS text
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT normalize(translate(btrim(regexp_replace(
                 translate(regexp_replace(normalize(p_text, NFKC), '[\u064b-\u065f\u0670\u06d6-\u06ed\u0640]', '', 'g'),
                           'أإآٱىةؤئیک٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹', 'اااايهوييك01234567890123456789'),
                 '[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+', ' ', 'g'), ' '),
               'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), NFKC) $$`);
    await queryRunner.query(String.raw`CREATE FUNCTION app.latin_search_key(p_text text) RETURNS text
      LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
      DECLARE
        k text;
      BEGIN
        -- Apostrophes before NFKD as well as after it: NFKD turns ´ into a space and an accent.
        k := regexp_replace(p_text, '[\u0027\u0060\u00b4\u02b9\u02bb\u02bc\u02bd\u02be\u02bf\u2018\u2019\u201b\u2032\uff07]', '', 'g');
        k := regexp_replace(normalize(k, NFKD), '[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]', '', 'g');
        k := regexp_replace(k, '[\u0027\u0060\u00b4\u02b9\u02bb\u02bc\u02bd\u02be\u02bf\u2018\u2019\u201b\u2032\uff07]', '', 'g');
        -- Letters NFKD leaves whole, folded straight to lower case.
        k := replace(replace(replace(replace(replace(replace(replace(replace(k, 'ß', 'ss'), 'ẞ', 'ss'), 'æ', 'ae'), 'Æ', 'ae'), 'œ', 'oe'), 'Œ', 'oe'), 'þ', 'th'), 'Þ', 'th');
        k := translate(k, 'ØøŁłĐđÐðĦħıŦŧABCDEFGHIJKLMNOPQRSTUVWXYZ', 'oollddddhhittabcdefghijklmnopqrstuvwxyz');
        k := regexp_replace(k, '[-\u2010-\u2015\u2212.\u00b7\u2027_,/]', ' ', 'g');
        k := btrim(regexp_replace(k, '[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+', ' ', 'g'), ' ');
        -- NFKD once more: removing an accent can leave two other marks out of canonical order.
        RETURN normalize(k, NFKD);
      END $$`);
    await queryRunner.query(String.raw`CREATE FUNCTION app.name_skeleton(p_text text) RETURNS text
      LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
      DECLARE
        k text;
      BEGIN
        -- NFC after the Latin key's NFKD puts the hamza back on its alef, which the article rule reads.
        k := regexp_replace(normalize(app.latin_search_key(p_text), NFC), '[\u064b-\u065f\u0670\u06d6-\u06ed\u0640]', '', 'g');
        k := translate(k, 'یےىکہھۀۃٱأآپچژگڨڤٹڈڑں', 'يييكهههةاااب' || 'شزججفتدرن');
        -- Anything else (digits, punctuation, other scripts) ends a word, so no rule reads it as a letter.
        k := btrim(regexp_replace(regexp_replace(k, '[^a-z\u0621-\u063a\u0641-\u064a ]+', ' ', 'g'), '[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+', ' ', 'g'), ' ');
        -- Words of two scripts are two words; the leading space lets every word-initial rule see a space.
        k := ' ' || regexp_replace(k, '([\u0621-\u064a](?=[a-z])|[a-z](?=[\u0621-\u064a]))', '\1 ', 'g');
        -- Arabic: compounds, the article, then the letters whose value depends on their place.
        k := regexp_replace(k, '(^| )عبد ?(?:ال)?', '\1عبد', 'g');
        k := regexp_replace(k, '(^| )ابو ', '\1ابو', 'g');
        k := regexp_replace(k, '(^| )[اإ]?بن ', '\1بن', 'g');
        k := regexp_replace(k, '([^ ]) ?ال(?=(?:دين|له|رحمن|حق|[اإ]سلام|هدي)(?= |$))', '\1', 'g');
        k := regexp_replace(k, '(^| )ال(?= |$|[^ ]{2})', '\1', 'g');
        k := regexp_replace(k, '(^| )عمرو(?= |$)', '\1عمر', 'g');
        k := regexp_replace(k, '(?<=[بتثجحخدذرزسشصضطظغفقكلمنه])(?:[اإيةعءوئؤ]*[هح]|[اإيةعءوئؤ]+)(?= |$)', 'E', 'g');
        k := replace(k, ' ا', ' A');
        k := replace(k, ' إ', ' A');
        k := replace(k, ' ع', ' A');
        k := replace(k, ' و', ' W');
        k := replace(k, ' ي', ' Y');
        -- Latin: compounds, the article, then the letters whose value depends on their place.
        k := regexp_replace(k, '(^| )abd(?: [aeiu]l |[aeiou]{0,2}l ?|[aeiou]{1,2}[rstdnz] | |[aeiou]{0,2}(?=[a-z]))', '\1aBD', 'g');
        k := regexp_replace(k, '(^| )(?:mohd|muhd)(?= |$)', '\1MHMD', 'g');
        k := regexp_replace(k, '(^| )(?:abu|abou|abo) ', '\1abu', 'g');
        k := regexp_replace(k, '(^| )(?:bin|ben|ibn) ', '\1bn', 'g');
        k := regexp_replace(k, '([a-z])(?: (?:[aeiu]|ou)[lrdstnz]? ?|(?:[aeiu]|ou)[lrdstnz] |(?:[aeiu]|ou)[lrdstnz]?)(?=(?:d+(?:ee|i|e)ne?|l+ah?|r+[ae]hm[ae]n|h[au]q+|islam|hud[ae]?)(?= |$))', '\1', 'g');
        k := regexp_replace(k, '(^| )(?:(?:al|el|il|ul|aal|ad|ed|ud|ar|er|ur|as|es|us|at|et|ut|an|en|un|az|ez|uz|ash|esh|ush)(?= |$)|(?:al|el)(?=[b-df-hj-np-tv-z][a-z]{3}|ou[aeiy])|e(?=(?:tt|dd|ss|rr|nn|zz)[a-z]{4}))', '\1', 'g');
        k := regexp_replace(k, '(?<=[a-z][aeiouy])ne(?= |$)', 'n', 'g');
        k := regexp_replace(k, '(?<=[bcdfghjklmnpqrstxzBDHM])[aeiouvwy]+h*(?= |$)', 'E', 'g');
        k := regexp_replace(k, ' ou(?=[aeiy])', ' W', 'g');
        k := replace(k, ' w', ' W');
        k := replace(k, ' v', ' W');
        k := replace(k, ' y', ' Y');
        k := regexp_replace(k, ' [aeiou]+', ' A', 'g');
        k := replace(k, 'sch', 'C');
        k := replace(k, 'sh', 'C');
        k := replace(k, 'ch', 'C');
        k := replace(k, 'kh', 'X');
        k := replace(k, 'gh', 'G');
        k := replace(k, 'th', 'T');
        k := replace(k, 'dh', 'D');
        k := replace(k, 'ph', 'F');
        k := replace(k, 'dj', 'J');
        k := replace(k, 'ck', 'K');
        k := replace(k, 'ce', 'Se');
        k := replace(k, 'ci', 'Si');
        k := replace(k, 'cy', 'Sy');
        k := replace(k, 'x', 'KS');
        k := regexp_replace(k, '(?<=[bcdfgjklmnpqrstxzCDFGJKSTX])h+(?= |$)', '', 'g');
        k := translate(k, 'بتثجحخدذرزسشصضطظغفقكلمنه' || 'اإءئؤعويةى', 'BTTJHXDDRDSCSDTDGFKKLMNH');
        k := translate(k, 'bcdfghjklmnpqrstz' || 'aeiouywv', 'BKDFJHJKLMNBKRSTD');
        k := regexp_replace(regexp_replace(k, '[^A-Z ]', '', 'g'), '([A-Z])\1+', '\1', 'g');
        k := btrim(regexp_replace(k, '[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+', ' ', 'g'), ' ');
        -- A vowel between t, d, s, k and a following h (and d, j) keeps them from reading as a digraph.
        k := regexp_replace(k, '([TDSK](?=H)|D(?=J))', '\1a', 'g');
        k := replace(replace(replace(k, 'C', 'sh'), 'X', 'kh'), 'G', 'gh');
        RETURN translate(k, 'ABDEFHJKLMNRSTWY', 'obdefhjklmnrstwy');
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION app.name_skeleton(text)`);
    await queryRunner.query(`DROP FUNCTION app.latin_search_key(text)`);
    await queryRunner.query(`DROP FUNCTION app.arabic_search_key(text)`);
  }
}
