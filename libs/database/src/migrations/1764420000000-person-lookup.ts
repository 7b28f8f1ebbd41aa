import { MigrationInterface, QueryRunner } from 'typeorm';
import { runtimeRoleNames } from '../migration-helpers';

/** Name search key columns of person and the kind letter their words carry in the lookup terms. */
const NAME_KINDS: ReadonlyArray<[column: string, kind: string]> = [
  ['name_ar_key', 'a'],
  ['name_latin_key', 'l'],
  ['skeleton_ar', 'A'],
  ['skeleton_latin', 'L'],
];

/** How alike (pg_trgm similarity) a known word must be to a typed one to stand in for it. */
const WORD_SIMILARITY = 0.4;
/** The known words tried in place of each typed word, nearest first. */
const WORD_VARIANTS = 5;

/** A term as the index holds it: a 64-bit hash (stable across versions: hash partitioning relies on it). */
const hashed = (term: string) => `hashtextextended(${term}, 0)`;

/** The distinct words (two letters or more) of a person row's name keys, with their kind. */
const wordsOf = (row: string) =>
  NAME_KINDS.map(([column, kind]) => `SELECT '${kind}' AS kind, w FROM unnest(string_to_array(${row}.${column}, ' ')) w WHERE char_length(w) >= 2`).join(
    ' UNION ',
  );

/**
 * A person row's terms, from `words` (a relation of its wordsOf): each word (`a:محمد`), each pair of
 * its words of one kind in byte order (`a:الكواري محمد`: two common words make one short posting list,
 * not two long ones to intersect), each phone hash (`p:`), the birth year (`y:`). The words come from
 * the generated key columns, which are computed before AFTER triggers run.
 */
const termsQuery = (words: string, row: string) => `
  SELECT ${hashed(`kind || ':' || w`)} FROM ${words}
  UNION ALL SELECT ${hashed(`a.kind || ':' || a.w || ' ' || b.w`)} FROM ${words} a JOIN ${words} b ON a.kind = b.kind AND a.w COLLATE "C" < b.w COLLATE "C"
  UNION ALL SELECT ${hashed(`'p:' || h`)} FROM unnest(${row}.phone_hashes) h
  UNION ALL SELECT ${hashed(`'y:' || coalesce(EXTRACT(YEAR FROM ${row}.birth_date), EXTRACT(YEAR FROM ${row}.age_stated_on) - ${row}.stated_age)::int`)}
    WHERE ${row}.birth_date IS NOT NULL OR ${row}.stated_age IS NOT NULL`;

/**
 * The look-up index of persons: duplicate suggestions and person search over a unit of a million
 * persons in milliseconds, where trigram distance over whole names took seconds.
 *
 * Each person has one row of terms (above), hashed to 64 bits, in a GIN index: a collision only adds
 * a candidate that the caller's scoring on the real names then drops. The unit's known words
 * (person_lookup_word, trigram-indexed) turn a mistyped word into the words that are really there.
 * A look-up asks for persons holding a pair term for every two typed words (or the one word typed),
 * so a common name is one short posting list and a rare one a cheap intersection.
 *
 * Why tables of their own: person forces row-level security, and PostgreSQL never uses an index for
 * a condition that is not leakproof (`&&` on arrays is not) beneath a policy, so every look-up there
 * is a sequential scan. These two tables are the owner's only (no grants; row-level security on and
 * not forced, so no runtime role reads them even if granted), kept by a trigger on person and read
 * only through app.person_lookup, which answers for the caller's unit and only to holders of
 * person.read: the rows the person_read policy shows. The GIN index is built without its pending
 * list (fastupdate off): every search would read that list whole, and intake pays the small
 * difference. Known words are never deleted (a word no person holds any more matches nothing).
 */
export class PersonLookup1764420000000 implements MigrationInterface {
  name = 'PersonLookup1764420000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    await q(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await q(`CREATE TABLE person_lookup (
      person_id uuid PRIMARY KEY REFERENCES person(id),
      unit_id uuid NOT NULL REFERENCES unit(id),
      terms bigint[] NOT NULL
    )`);
    await q(`CREATE TABLE person_lookup_word (
      unit_id uuid NOT NULL REFERENCES unit(id),
      kind text NOT NULL CHECK (kind IN ('a', 'l', 'A', 'L')),
      word text NOT NULL,
      PRIMARY KEY (unit_id, kind, word)
    )`);
    for (const table of ['person_lookup', 'person_lookup_word']) await q(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);

    // The trigger's statements are written out in it: a plpgsql body caches their plans, where an SQL
    // function called per row would be planned per row.
    await q(`CREATE FUNCTION app.person_lookup_sync() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
      SET search_path = pg_catalog, public AS $$
      BEGIN
        -- One statement, so the words are taken apart once for the terms and the known words.
        WITH words AS (${wordsOf('NEW')}),
          known AS (INSERT INTO person_lookup_word (unit_id, kind, word) SELECT NEW.unit_id, kind, w FROM words ON CONFLICT DO NOTHING)
        INSERT INTO person_lookup (person_id, unit_id, terms) VALUES (NEW.id, NEW.unit_id, array(${termsQuery('words', 'NEW')}))
          ON CONFLICT (person_id) DO UPDATE SET terms = EXCLUDED.terms;
        RETURN NULL;
      END $$`);
    await q(`CREATE TRIGGER person_lookup_sync AFTER INSERT OR UPDATE OF name_ar, name_latin, birth_date, stated_age, age_stated_on, phone_hashes
      ON person FOR EACH ROW EXECUTE FUNCTION app.person_lookup_sync()`);
    await q(
      `INSERT INTO person_lookup (person_id, unit_id, terms) SELECT p.id, p.unit_id, array(WITH words AS (${wordsOf('p')}) ${termsQuery('words', 'p')}) FROM person p`,
    );
    await q(`INSERT INTO person_lookup_word (unit_id, kind, word) SELECT DISTINCT p.unit_id, n.kind, n.w FROM person p CROSS JOIN LATERAL (${wordsOf('p')}) n`);
    await q(`CREATE INDEX person_lookup_terms_idx ON person_lookup USING gin (terms) WITH (fastupdate = off)`);
    await q(`CREATE INDEX person_lookup_word_trgm_idx ON person_lookup_word USING gist (unit_id, kind, word gist_trgm_ops)`);

    await q(LOOKUP_FUNCTION);
    await q(`REVOKE ALL ON FUNCTION app.person_lookup(text, text[], integer, integer) FROM PUBLIC`);
    await q(`GRANT EXECUTE ON FUNCTION app.person_lookup(text, text[], integer, integer) TO ${runtimeRoleNames(['api'])}`);
    // Trigram distance over whole names is what the look-up replaces; the indexes only slowed intake.
    for (const [column] of NAME_KINDS) await q(`DROP INDEX person_${column}_trgm_idx`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    for (const [column] of NAME_KINDS) await q(`CREATE INDEX person_${column}_trgm_idx ON person USING gist (${column} gist_trgm_ops)`);
    await q(`DROP FUNCTION app.person_lookup(text, text[], integer, integer)`);
    await q(`DROP TRIGGER person_lookup_sync ON person`);
    await q(`DROP FUNCTION app.person_lookup_sync()`);
    await q(`DROP TABLE person_lookup_word`);
    await q(`DROP TABLE person_lookup`);
  }
}

/** A typed word's number and its known variants (itself first), for the tiers that allow variants. */
const VARIANTS_QUERY = `SELECT array_agg(typed.n ORDER BY typed.n), array_agg(v.word ORDER BY typed.n) INTO v_variant_n, v_variant_word
  FROM unnest(v_words) WITH ORDINALITY typed(w, n)
  CROSS JOIN LATERAL (
    SELECT typed.w AS word
    UNION SELECT near.word FROM (
      SELECT k.word FROM person_lookup_word k WHERE k.unit_id = v_unit AND k.kind = p_kind
      ORDER BY k.word <-> typed.w LIMIT ${WORD_VARIANTS}) near
    WHERE similarity(near.word, typed.w) >= ${WORD_SIMILARITY}) v`;

/**
 * A tier's GIN conditions from words v_n/v_w (word number, spelling), leaving out word number v_drop:
 * one per pair of typed words (any pair of their spellings), or one for the word when one is left.
 * The hashes are quoted with format('%L'): nothing typed reaches the query text.
 */
const CONDITIONS_QUERY = `SELECT coalesce(array_agg(format('terms && %L::bigint[]', hashes) ORDER BY hashes), '{}') INTO v_conditions FROM (
    SELECT array_agg(DISTINCT ${hashed(`p_kind || ':' || least(a.w COLLATE "C", b.w COLLATE "C") || ' ' || greatest(a.w COLLATE "C", b.w COLLATE "C")`)}) AS hashes
      FROM unnest(v_n, v_w) a(n, w) JOIN unnest(v_n, v_w) b(n, w) ON a.n < b.n AND a.w <> b.w
     WHERE a.n <> v_drop AND b.n <> v_drop GROUP BY a.n, b.n
    UNION ALL
    SELECT array_agg(DISTINCT ${hashed(`p_kind || ':' || x.w`)}) FROM unnest(v_n, v_w) x(n, w)
     WHERE x.n <> v_drop AND v_left = 1 GROUP BY x.n) groups`;

/**
 * app.person_lookup(kind, words, birth year, limit): up to `limit` persons of the caller's unit, in
 * tiers until the limit is reached: the words as typed with the birth year ±1 (when given), then
 * with each word's known variants, then the same two without the year, then with any one word
 * missing. Common names fill the limit in the first tier, so the variants (a trigram search of the
 * known words) are only looked up when a tier needs them. Kind `p` takes phone hashes and matches any.
 */
const LOOKUP_FUNCTION = `CREATE FUNCTION app.person_lookup(p_kind text, p_words text[], p_birth_year integer, p_limit integer) RETURNS SETOF uuid
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  DECLARE
    v_unit uuid := app.current_unit_id();
    v_words text[];
    v_variant_n integer[];
    v_variant_word text[];
    v_n integer[];
    v_w text[];
    v_drop integer;
    v_left integer;
    v_conditions text[];
    v_year text[] := '{}';
    v_tier text;
    v_tried text[] := '{}';
    v_found uuid[] := '{}';
    v_more uuid[];
  BEGIN
    IF v_unit IS NULL OR NOT app.has_permission('person.read') OR coalesce(cardinality(p_words), 0) = 0 OR coalesce(p_limit, 0) < 1 THEN
      RETURN;
    END IF;
    IF p_kind = 'p' THEN
      -- EXECUTE plans for the values at hand: a generic plan would not know the GIN index pays.
      RETURN QUERY EXECUTE 'SELECT person_id FROM person_lookup WHERE unit_id = $1 AND terms && $2 LIMIT $3'
        USING v_unit, array(SELECT ${hashed(`'p:' || h`)} FROM unnest(p_words) h), p_limit;
      RETURN;
    END IF;
    IF p_kind NOT IN ('a', 'l', 'A', 'L') THEN RETURN; END IF;
    v_words := array(SELECT DISTINCT w FROM unnest(p_words) w WHERE char_length(w) >= 2);
    IF cardinality(v_words) = 0 THEN RETURN; END IF;
    IF p_birth_year IS NOT NULL THEN
      v_year := ARRAY[format('terms && %L::bigint[]', array(SELECT ${hashed(`'y:' || y`)} FROM generate_series(p_birth_year - 1, p_birth_year + 1) y))];
    END IF;
    -- Tiers 1-2 with the year, 3-4 without, 4 + i without word i; odd tiers as typed, even ones with variants.
    FOR v_step IN 1 .. 4 + cardinality(v_words) LOOP
      EXIT WHEN cardinality(v_found) >= p_limit;
      CONTINUE WHEN (v_step <= 2 AND p_birth_year IS NULL) OR (v_step > 4 AND cardinality(v_words) < 2);
      IF v_step IN (1, 3) THEN
        v_n := array(SELECT generate_series(1, cardinality(v_words)));
        v_w := v_words;
      ELSE
        IF v_variant_n IS NULL THEN
          ${VARIANTS_QUERY};
        END IF;
        v_n := v_variant_n;
        v_w := v_variant_word;
      END IF;
      v_drop := greatest(v_step - 4, 0);
      v_left := cardinality(v_words) - sign(v_drop);
      ${CONDITIONS_QUERY};
      CONTINUE WHEN cardinality(v_conditions) = 0;
      v_tier := array_to_string(v_conditions || CASE WHEN v_step <= 2 THEN v_year ELSE '{}' END, ' AND ');
      CONTINUE WHEN v_tier = ANY(v_tried);
      v_tried := v_tried || v_tier;
      EXECUTE format('SELECT coalesce(array_agg(person_id), ''{}'') FROM (SELECT person_id FROM person_lookup
                       WHERE unit_id = $1 AND %s AND person_id <> ALL($2) LIMIT $3) found', v_tier)
        INTO v_more USING v_unit, v_found, p_limit - cardinality(v_found);
      v_found := v_found || v_more;
    END LOOP;
    RETURN QUERY SELECT unnest(v_found);
  END $$`;
