/**
 * Every column of the domain's tables, classified once (a test reads this against the catalog: a new
 * column without a class fails the suite). `special`: special-nature data, held only as FieldCipher
 * ciphertext (`*_enc`); `personal`: identifies or describes a person (names, birth data, keyed hashes);
 * `operational`: ids, states, codes and times that say nothing about a person on their own.
 */
export type DataClass = 'special' | 'personal' | 'operational';

const operational = (...columns: string[]): Record<string, DataClass> => Object.fromEntries(columns.map((column) => [column, 'operational']));
const personal = (...columns: string[]): Record<string, DataClass> => Object.fromEntries(columns.map((column) => [column, 'personal']));
const special = (...columns: string[]): Record<string, DataClass> => Object.fromEntries(columns.map((column) => [column, 'special']));

export const COLUMN_CLASSES: Record<string, Record<string, DataClass>> = {
  person: {
    ...operational('id', 'unit_id', 'recorded_by', 'created_at', 'updated_at', 'version'),
    ...personal('name_ar', 'name_latin', 'name_ar_key', 'name_latin_key', 'skeleton_ar', 'skeleton_latin', 'birth_date', 'stated_age', 'age_stated_on'),
    ...personal('sex', 'nationality', 'document_type', 'document_hash', 'phone_hashes', 'safe_to_call', 'safe_to_message', 'safe_hours'),
    ...special('document_number_enc', 'phones_enc', 'address_enc', 'safe_contact_note_enc'),
  },
  case_file: {
    ...operational('id', 'reference', 'owning_unit_id', 'urgency', 'intake_channel', 'status', 'outcome', 'escalated_to', 'created_by'),
    ...operational('assigned_officer_id', 'opened_at', 'closed_at', 'created_at', 'updated_at', 'version'),
    // The category and the title describe a matter of identifiable people; lists show them, so they stay readable.
    ...personal('category', 'title'),
    ...special('narrative_enc', 'reason_enc'),
  },
  case_file_history: operational('id', 'record_id', 'action', 'from_state', 'to_state', 'actor_user_id', 'actor_unit_id', 'at', 'reason_code', 'detail'),
  case_subject: {
    ...operational('id', 'case_id', 'role', 'added_by', 'added_at', 'removed_by', 'removed_at'),
    ...personal('person_id'),
    ...special('removal_reason_enc'),
  },
  // The look-up index of persons (owner-only): words of their names, phone hashes and birth years.
  person_lookup: { ...operational('unit_id'), ...personal('person_id', 'terms') },
  person_lookup_word: { ...operational('unit_id', 'kind'), ...personal('word') },
  // Who consented to share what with whom: the scope and the times say nothing on their own; the subject and guardian identify.
  consent_record: {
    ...operational('id', 'case_id', 'subject_id', 'given_by', 'guardian_subject_id', 'any_centre', 'centre_ids', 'services', 'data_categories'),
    ...operational('method', 'language', 'expires_at', 'supersedes_id', 'recorded_by', 'recorded_at', 'withdrawn_at', 'withdrawal_recorded_by'),
    ...operational('withdrawal_reported_by', 'lapse_announced_at'),
    ...personal('person_id', 'guardian_person_id', 'minor_view'),
    ...special('note_enc', 'withdrawal_reason_enc'),
  },
  legal_basis: {
    ...operational('id', 'case_id', 'basis', 'subject_ids', 'data_categories', 'expires_at', 'status', 'requested_by', 'requested_at'),
    ...operational('decided_by', 'decided_at', 'lapse_announced_at', 'updated_at', 'version'),
    ...personal('person_ids'),
    ...special('justification_enc', 'rejection_reason_enc'),
  },
  legal_basis_history: operational('id', 'record_id', 'action', 'from_state', 'to_state', 'actor_user_id', 'actor_unit_id', 'at', 'reason_code', 'detail'),
  // A referral: who sent what to which centre, when, and how it went; the reason and closing texts are ciphertext.
  // The summary holds age bands, sexes and roles of the shared subjects, the shared-field map their ids and field names.
  referral: {
    ...operational('id', 'reference', 'case_id', 'referring_unit_id', 'centre_id', 'client_subject_ids', 'services', 'urgency', 'shared_fields'),
    ...operational('relied_consent_ids', 'relied_legal_basis_ids', 'valid_until', 'status', 'sent_by', 'sent_at', 'deadline_at', 'reminder_at'),
    ...operational('reminded_at', 'overdue_at', 'holder_user_id', 'holder_name', 'accepted_at', 'started_at', 'ended_at', 'ended_by'),
    ...operational('decline_reason', 'withdrawal_reason', 'outcome', 'redirected_from_id', 'identifying_closed_at', 'updated_at', 'version'),
    ...personal('category', 'summary'),
    ...special('reason_enc', 'end_text_enc'),
  },
  referral_history: operational('id', 'record_id', 'action', 'from_state', 'to_state', 'actor_user_id', 'actor_unit_id', 'at', 'reason_code', 'detail'),
  // Exactly the fields shared, as one ciphertext per snapshot; which fields (names only) beside it.
  referral_snapshot: { ...operational('id', 'referral_id', 'seq', 'fields', 'changed', 'created_by', 'created_at'), ...special('content_enc') },
  referral_note: { ...operational('id', 'referral_id', 'author_user_id', 'author_name', 'created_at'), ...special('body_enc') },
  // Public holidays: a date and its name, nothing about a person.
  office_holiday: operational('id', 'day', 'name_ar', 'name_en', 'created_by', 'created_at'),
  idempotency_record: operational('user_id', 'key', 'operation', 'request_hash', 'resource_id', 'created_at'),
};

/** Tables of the platform that came before the classification (identity, audit, queue): their columns hold no case content. */
export const UNCLASSIFIED_PLATFORM_TABLES = [
  'typeorm_migrations',
  'unit',
  'app_user',
  'user_session',
  'audit_event',
  'audit_seal',
  'audit_checkpoint',
  'worker_heartbeat',
  'outbox',
  'approval_request',
  'approval_request_history',
] as const;
