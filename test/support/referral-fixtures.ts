import { DemoApi } from './demo-api';
import { consentBody, FamilyCase, openFamilyCase } from './family-case';
import { SignedIn } from './identity-fixtures';

/**
 * The family case with the consents a referral to Aman needs: the mother for herself (identity and
 * contact, for protection and psychological support, any centre) and for the child as guardian (identity).
 */
export async function familyReadyForAman(officer: SignedIn, options: { title?: string } = {}): Promise<FamilyCase> {
  const family = await openFamilyCase(officer, options);
  // The mother's phone and safe-contact instructions, which travel together.
  const opened = await officer.get(`/api/v1/cases/${family.id}`).expect(200);
  const motherPerson = opened.body.subjects.find((subject: { id: string }) => subject.id === family.mother).personId;
  const person = await officer.get(`/api/v1/persons/${motherPerson}`).expect(200);
  await officer
    .patch(`/api/v1/persons/${motherPerson}`, {
      version: person.body.version,
      phones: ['+97455123456'],
      address: 'Villa 12, Street 340, Al Rayyan',
      safeContact: { callSafe: false, messageSafe: true, safeHours: '09:00-12:00', note: 'Message her sister first' },
    })
    .expect(200);
  const services = ['protection', 'psychological_support'];
  await officer.post(`/api/v1/cases/${family.id}/consents`, consentBody(family.mother, { services, dataCategories: ['identity', 'contact'] })).expect(201);
  await officer
    .post(`/api/v1/cases/${family.id}/consents`, consentBody(family.child, { services, givenBy: 'guardian', guardianSubjectId: family.motherAsGuardian }))
    .expect(201);
  return family;
}

/** A referral body to Aman for the mother and the child: her name and phone, the child's name and age. */
export const amanReferral = (system: DemoApi, family: FamilyCase, overrides: Record<string, unknown> = {}) => ({
  centreId: system.unitIds['AMAN-CPD'],
  clientSubjectIds: [family.mother, family.child],
  services: ['protection'],
  urgency: 'high',
  reason: 'Mother and child need protection and counselling',
  shared: [
    { subjectId: family.mother, fields: ['nameAr', 'nameLatin', 'phones', 'safeContact'] },
    { subjectId: family.child, fields: ['nameLatin', 'age'] },
  ],
  ...overrides,
});

export async function sendToAman(system: DemoApi, officer: SignedIn, family: FamilyCase, overrides: Record<string, unknown> = {}) {
  const sent = await officer.post(`/api/v1/cases/${family.id}/referrals`, amanReferral(system, family, overrides));
  if (sent.status !== 201) throw new Error(`referral not sent: ${sent.status} ${JSON.stringify(sent.body)}`);
  return sent.body as { id: string; reference: string; status: string; deadlineAt: string; version: number };
}
