/**
 * The canonical text of an audit event: what the chain hashes. Every field, in a fixed order,
 * separated by U+001F; free-text fields go through to_json (quoted and escaped) and NULL is `~`, so
 * no edit of one field can be absorbed by its neighbour (arrays print quoted where needed). Plain concatenation is ~5x
 * faster in PostgreSQL than a whole-row function call, which is why it is inlined into the sealer's
 * and the verifier's queries. The migration defines app.audit_canonical() with the same expression
 * for ad-hoc use, and a test holds the two equal.
 */
export const canonicalEventSql = (e: string): string =>
  [
    `${e}.seq::text`,
    `((extract(epoch FROM ${e}.occurred_at) * 1000000)::bigint)::text`,
    `coalesce(${e}.actor_user_id::text, '~')`,
    `${e}.actor_roles::text`,
    `coalesce(${e}.actor_unit_id::text, '~')`,
    // action, object_type and outcome are held to [a-z_.] by CHECK constraints (enforced even for a
    // superuser), so they need no quoting; '~' can never be one of their values.
    `${e}.action`,
    `coalesce(${e}.object_type, '~')`,
    `coalesce(to_json(${e}.object_id)::text, '~')`,
    `coalesce(${e}.case_id::text, '~')`,
    `${e}.outcome`,
    `coalesce(to_json(${e}.correlation_id)::text, '~')`,
    `coalesce(host(${e}.client_ip), '~')`,
    `coalesce(to_json(${e}.justification)::text, '~')`,
    `coalesce(to_json(${e}.subject_hash)::text, '~')`,
    `${e}.detail::text`,
  ].join(` || E'\\x1f' || `);
