/**
 * The canonical text of an audit event: what the chain hashes. Every field, in a fixed order,
 * separated by U+001F; free-text and nullable fields go through to_json (quoted and escaped, NULL as
 * `null`), so no edit of one field can be absorbed by its neighbour. Plain concatenation is ~5x
 * faster in PostgreSQL than a whole-row function call, which is why it is inlined into the sealer's
 * and the verifier's queries. The migration defines app.audit_canonical() with the same expression
 * for ad-hoc use, and a test holds the two equal.
 */
export const canonicalEventSql = (e: string): string =>
  [
    `${e}.seq::text`,
    `((extract(epoch FROM ${e}.occurred_at) * 1000000)::bigint)::text`,
    `coalesce(${e}.actor_user_id::text, 'null')`,
    `to_json(${e}.actor_roles)::text`,
    `coalesce(${e}.actor_unit_id::text, 'null')`,
    `to_json(${e}.action)::text`,
    `coalesce(to_json(${e}.object_type)::text, 'null')`,
    `coalesce(to_json(${e}.object_id)::text, 'null')`,
    `coalesce(${e}.case_id::text, 'null')`,
    `to_json(${e}.outcome)::text`,
    `coalesce(to_json(${e}.correlation_id)::text, 'null')`,
    `coalesce(host(${e}.client_ip), 'null')`,
    `coalesce(to_json(${e}.justification)::text, 'null')`,
    `coalesce(to_json(${e}.subject_hash)::text, 'null')`,
    `${e}.detail::text`,
  ].join(` || E'\\x1f' || `);
