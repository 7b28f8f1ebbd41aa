import { PartyProfile } from '@app/cases';
import { SharedFields } from './referral.repository';
import { SharedField } from './vocabulary';

/** A shared subject's values: only the fields shared are present. */
export type SharedValues = Partial<Omit<PartyProfile, 'subjectId' | 'role'>>;

/** What one snapshot holds (encrypted as one value): the narrative when shared, and each shared subject. */
export interface SnapshotContent {
  narrative?: string | null;
  subjects: Array<{ subjectId: string; role: string; client: boolean; values: SharedValues }>;
}

/** Where a snapshot's ciphertext is bound: moved to another row, it fails to decrypt. */
export const snapshotContext = (snapshotId: string) => `referral_snapshot.content:${snapshotId}`;
export const reasonContext = (referralId: string) => `referral.reason:${referralId}`;
export const endTextContext = (referralId: string) => `referral.end_text:${referralId}`;
export const noteContext = (noteId: string) => `referral_note.body:${noteId}`;

/** Exactly the fields asked for, from the police's record as it is now (data minimisation). */
export function snapshotOf(profiles: readonly PartyProfile[], shared: SharedFields, clients: readonly string[], narrative: string | null): SnapshotContent {
  const sharesNarrative = Object.values(shared).some((fields) => fields.includes('narrative'));
  const subjects = profiles
    .filter((profile) => shared[profile.subjectId])
    .map((profile) => {
      const values: Record<string, unknown> = {};
      for (const field of shared[profile.subjectId]) if (field !== 'narrative') values[field] = profile[field];
      return { subjectId: profile.subjectId, role: profile.role, client: clients.includes(profile.subjectId), values: values as SharedValues };
    });
  return sharesNarrative ? { narrative, subjects } : { subjects };
}

/** The key under which a changed narrative (a case field, not a subject's) is marked. */
export const NARRATIVE_KEY = 'case';

/** Per subject, the fields whose value is new or differs from the previous snapshot (`narrative` for the narrative). */
export function changedFields(previous: SnapshotContent | undefined, next: SnapshotContent): SharedFields {
  const changed: SharedFields = {};
  for (const subject of next.subjects) {
    const before = previous?.subjects.find((candidate) => candidate.subjectId === subject.subjectId)?.values ?? {};
    const fields = (Object.keys(subject.values) as SharedField[]).filter(
      (field) => !(field in before) || JSON.stringify(before[field as keyof SharedValues]) !== JSON.stringify(subject.values[field as keyof SharedValues]),
    );
    if (fields.length > 0) changed[subject.subjectId] = fields;
  }
  if (previous && 'narrative' in next && (!('narrative' in previous) || previous.narrative !== next.narrative)) changed[NARRATIVE_KEY] = ['narrative'];
  return previous ? changed : {};
}
