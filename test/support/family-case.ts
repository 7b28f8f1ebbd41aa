import { SignedIn } from './identity-fixtures';

export const person = (nameLatin: string, birthDate: string, sex = 'female') => ({ nameLatin, birthDate, sex });

/** Subject ids of the family case, by who they are. */
export interface FamilyCase {
  id: string;
  version: number;
  mother: string;
  child: string;
  teen: string;
  father: string;
  motherAsGuardian: string;
  /** Only when asked for: the father, an alleged perpetrator, also as a guardian (a guardian conflict). */
  fatherAsGuardian?: string;
}

/**
 * The consent tests' family on one case: an adult victim (the mother), a child under 15, a teen of 15
 * or more, the father as alleged perpetrator, and the mother added as guardian.
 */
export async function openFamilyCase(who: SignedIn, options: { title?: string; fatherAlsoGuardian?: boolean } = {}): Promise<FamilyCase> {
  const opened = await who
    .post('/api/v1/cases', {
      category: 'domestic_violence',
      urgency: 'high',
      intakeChannel: 'walk_in',
      title: options.title ?? 'Family at risk, Al Rayyan',
      narrative: 'Narrative of the consent tests',
      subjects: [
        { role: 'victim', person: person('Mariam Nasser', '1988-03-03') },
        { role: 'child', person: person('Lina Nasser', '2016-05-05') },
        { role: 'child', person: person('Yusuf Nasser', '2010-01-01', 'male') },
        { role: 'alleged_perpetrator', person: person('Khalid Nasser', '1980-01-01', 'male') },
      ],
    })
    .expect(201);
  // Subjects come back in their own order: find each by name.
  const named = (name: string) => opened.body.subjects.find((entry: { nameLatin: string }) => entry.nameLatin === name);
  const [mother, child, teen, father] = ['Mariam Nasser', 'Lina Nasser', 'Yusuf Nasser', 'Khalid Nasser'].map(named);
  let version = opened.body.version;
  const asGuardian = async (personId: string): Promise<string> => {
    const added = await who.post(`/api/v1/cases/${opened.body.id}/subjects`, { role: 'guardian', personId, version }).expect(200);
    version = added.body.version;
    return added.body.subjects.find((entry: { personId: string; role: string }) => entry.personId === personId && entry.role === 'guardian').id;
  };
  const motherAsGuardian = await asGuardian(mother.personId);
  const fatherAsGuardian = options.fatherAlsoGuardian ? await asGuardian(father.personId) : undefined;
  return { id: opened.body.id, version, mother: mother.id, child: child.id, teen: teen.id, father: father.id, motherAsGuardian, fatherAsGuardian };
}

/** A consent body: the subject consenting for themselves to any centre, for protection, identity only; overrides change it. */
export const consentBody = (subjectId: string, overrides: Record<string, unknown> = {}) => ({
  subjectId,
  givenBy: 'subject',
  centres: { any: true },
  services: ['protection'],
  dataCategories: ['identity'],
  method: 'verbal',
  language: 'ar',
  ...overrides,
});
