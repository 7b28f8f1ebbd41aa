import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DemoSeedContext, DemoSeedStep } from '@app/database';
import { consentContext } from './consent.service';

/** The demo case whose child has a guardian on the case (the cases lib's seed). */
const CHILD_CASE_TITLE = 'School reported a child missing classes and bruised';

/**
 * The guardian's written consent for the demo child, to the Aman centre, for protection and
 * psychological support, identity and contact shared: a newcomer sees the sharing check answer
 * `allowed` for it and the exact reasons for anything else. Skipped when the case has a consent.
 */
export const consentDemoSeed: DemoSeedStep = {
  name: 'consent',
  async run(dataSource: DataSource, context: DemoSeedContext): Promise<string[]> {
    const [found] = await dataSource.query(
      `SELECT c.id AS case_id, c.created_by, child.id AS child_id, child.person_id AS child_person, guardian.id AS guardian_id,
              guardian.person_id AS guardian_person, (SELECT id FROM unit WHERE code = 'AMAN-CPD') AS aman
         FROM case_file c
         JOIN case_subject child ON child.case_id = c.id AND child.role = 'child' AND child.removed_at IS NULL
         JOIN case_subject guardian ON guardian.case_id = c.id AND guardian.role = 'guardian' AND guardian.removed_at IS NULL
        WHERE c.title = $1 AND NOT EXISTS (SELECT 1 FROM consent_record r WHERE r.case_id = c.id) LIMIT 1`,
      [CHILD_CASE_TITLE],
    );
    if (!found?.aman) return ['0 demo consent record(s) created (existing ones kept)'];
    const id = randomUUID();
    await dataSource.query(
      `INSERT INTO consent_record (id, case_id, subject_id, person_id, given_by, guardian_subject_id, guardian_person_id, any_centre, centre_ids,
         services, data_categories, method, language, note_enc, recorded_by, recorded_at)
       VALUES ($1, $2, $3, $4, 'guardian', $5, $6, false, $7, '{protection,psychological_support}', '{identity,contact}', 'written', 'ar', $8, $9, $10)`,
      [
        id,
        found.case_id,
        found.child_id,
        found.child_person,
        found.guardian_id,
        found.guardian_person,
        [found.aman],
        context.encrypt('Demo note: the mother signed the form at the desk. Fictional.', consentContext('note', id)),
        found.created_by,
        context.now,
      ],
    );
    return ['1 demo consent record(s) created (existing ones kept)'];
  },
};
