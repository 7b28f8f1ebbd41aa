import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DemoSeedContext, DemoSeedStep } from '@app/database';
import { caseContext } from './case.service';
import { LOOKUP } from './identifiers';
import { personContext } from './person-fields';

interface DemoPerson {
  role: string;
  nameAr?: string;
  nameLatin?: string;
  birthDate?: string;
  sex: string;
  nationality?: string;
  qid?: string;
  phone?: string;
  safe?: { callSafe: boolean; messageSafe: boolean; hours?: string; note?: string };
}

interface DemoCase {
  unit: string;
  officer: string;
  category: string;
  urgency: string;
  channel: string;
  title: string;
  narrative: string;
  subjects: DemoPerson[];
}

/** Fictional people and cases, so a newcomer sees something after `npm start`. Names and numbers are invented. */
const DEMO_CASES: DemoCase[] = [
  {
    unit: 'CPD-RAYYAN',
    officer: 'officer',
    category: 'domestic_violence',
    urgency: 'high',
    channel: 'walk_in',
    title: 'Threats at home, walk-in at the Al Rayyan desk',
    narrative: 'حضرت المبلغة إلى المكتب وأفادت بتعرضها لتهديدات متكررة من زوجها. (Demo narrative: fictional.)',
    subjects: [
      {
        role: 'victim',
        nameAr: 'مريم سالم الكواري',
        nameLatin: 'Maryam Salem Al-Kuwari',
        birthDate: '1990-03-14',
        sex: 'female',
        nationality: 'QA',
        qid: '29063400001',
        phone: '+97455500101',
        safe: { callSafe: false, messageSafe: true, hours: '09:00-12:00', note: 'Her husband checks her phone in the evening. (Demo.)' },
      },
      { role: 'alleged_perpetrator', nameAr: 'حمد راشد الكواري', nameLatin: 'Hamad Rashid Al-Kuwari', birthDate: '1985-11-02', sex: 'male', nationality: 'QA' },
    ],
  },
  {
    unit: 'CPD-RAYYAN',
    officer: 'officer',
    category: 'child_protection',
    urgency: 'critical',
    channel: 'school',
    title: 'School reported a child missing classes and bruised',
    narrative: 'Demo narrative: the school social worker called about repeated absences. Fictional.',
    subjects: [
      { role: 'child', nameAr: 'يوسف أحمد علي', nameLatin: 'Yousef Ahmed Ali', birthDate: '2014-06-20', sex: 'male', nationality: 'QA' },
      { role: 'guardian', nameAr: 'نورة محمد العلي', nameLatin: 'Noora Mohammed Al-Ali', birthDate: '1988-01-09', sex: 'female', phone: '+97466600202' },
    ],
  },
  {
    unit: 'CPD-WAKRA',
    officer: 'officer.wakra',
    category: 'family_dispute',
    urgency: 'medium',
    channel: 'phone',
    title: 'Dispute over custody arrangements, by phone',
    narrative: 'Demo narrative: a caller asked for mediation over weekend visits. Fictional.',
    subjects: [{ role: 'complainant', nameLatin: 'Priya Sharma', birthDate: '1993-08-30', sex: 'female', nationality: 'IN', phone: '+97433300303' }],
  },
];

async function insertPerson(dataSource: DataSource, context: DemoSeedContext, person: DemoPerson, unitId: string, userId: string): Promise<string> {
  const id = randomUUID();
  const encrypt = (value: string | undefined, column: Parameters<typeof personContext>[0]) =>
    value ? context.encrypt(value, personContext(column, id)) : null;
  await dataSource.query(
    `INSERT INTO person (id, unit_id, recorded_by, name_ar, name_latin, birth_date, sex, nationality, document_type, document_number_enc, document_hash,
                         phones_enc, phone_hashes, safe_to_call, safe_to_message, safe_hours, safe_contact_note_enc, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18)`,
    [
      id,
      unitId,
      userId,
      person.nameAr ?? null,
      person.nameLatin ?? null,
      person.birthDate ?? null,
      person.sex,
      person.nationality ?? null,
      person.qid ? 'qatar_id' : null,
      encrypt(person.qid, 'document_number'),
      person.qid ? context.hash(LOOKUP.document, person.qid) : null,
      person.phone ? context.encrypt(JSON.stringify([person.phone]), personContext('phones', id)) : null,
      person.phone ? [context.hash(LOOKUP.phone, person.phone)] : [],
      person.safe?.callSafe ?? true,
      person.safe?.messageSafe ?? true,
      person.safe?.hours ?? null,
      encrypt(person.safe?.note, 'safe_contact_note'),
      context.now,
    ],
  );
  return id;
}

/** A few fictional cases with Arabic and Latin names (one with a minor and a guardian); skipped when already there. */
export const casesDemoSeed: DemoSeedStep = {
  name: 'cases',
  async run(dataSource: DataSource, context: DemoSeedContext): Promise<string[]> {
    let created = 0;
    for (const demo of DEMO_CASES) {
      const [owner] = await dataSource.query(`SELECT u.id AS user_id, u.unit_id FROM app_user u WHERE u.username = $1`, [demo.officer]);
      if (!owner || (await dataSource.query(`SELECT 1 FROM case_file WHERE title = $1`, [demo.title])).length > 0) continue;
      const caseId = randomUUID();
      await dataSource.query(
        `INSERT INTO case_file (id, reference, owning_unit_id, category, urgency, intake_channel, title, narrative_enc, created_by, assigned_officer_id,
                                opened_at, created_at, updated_at)
         VALUES ($1, app.next_case_reference($2, $9), $2, $3, $4, $5, $6, $7, $8, $8, $9, $9, $9)`,
        [
          caseId,
          owner.unit_id,
          demo.category,
          demo.urgency,
          demo.channel,
          demo.title,
          context.encrypt(demo.narrative, caseContext('narrative', caseId)),
          owner.user_id,
          context.now,
        ],
      );
      for (const subject of demo.subjects) {
        const personId = await insertPerson(dataSource, context, subject, owner.unit_id, owner.user_id);
        await dataSource.query(`INSERT INTO case_subject (case_id, person_id, role, added_by, added_at) VALUES ($1, $2, $3, $4, $5)`, [
          caseId,
          personId,
          subject.role,
          owner.user_id,
          context.now,
        ]);
      }
      await dataSource.query(
        `INSERT INTO case_file_history (record_id, action, from_state, to_state, actor_user_id, actor_unit_id, at, detail)
         VALUES ($1, 'opened', 'open', 'open', $2, $3, $4, $5)`,
        [caseId, owner.user_id, owner.unit_id, context.now, { subjects: demo.subjects.length, demo: true }],
      );
      created += 1;
    }
    return [`${created} demo case(s) created (existing ones kept)`];
  },
};
