/**
 * Shared fixtures of the hostile review of libs/cases (branch review-cases). Every sensitive value is
 * a unique canary so a test can look for it in error bodies, audit rows, the timeline and log lines.
 */
export const CANARY = {
  narrative: 'CANARYNARR9911 تهديد',
  qid: '28463409911',
  phone: '+97455509911',
  address: 'CANARYADDR9911 Street 12',
  note: 'CANARYNOTE9911 husband reads messages',
  nameAr: 'نورة سالم الهاجري',
  nameLatin: 'Noora Salem Al-Hajri',
  reason: 'CANARYREASON9911',
};

export const victim = (overrides: Record<string, unknown> = {}) => ({
  nameAr: CANARY.nameAr,
  nameLatin: CANARY.nameLatin,
  birthDate: '1990-05-05',
  sex: 'female',
  document: { type: 'qatar_id', number: CANARY.qid },
  phones: [CANARY.phone],
  address: CANARY.address,
  safeContact: { callSafe: false, messageSafe: true, safeHours: '09:00-12:00', note: CANARY.note },
  ...overrides,
});

export const newCase = (overrides: Record<string, unknown> = {}) => ({
  category: 'domestic_violence',
  urgency: 'high',
  intakeChannel: 'walk_in',
  title: 'Review intake, Al Rayyan',
  narrative: CANARY.narrative,
  subjects: [{ role: 'victim', person: victim() }],
  ...overrides,
});

/** A plain person of no interest, for cases whose subjects do not matter. */
export const someone = (name: string) => ({ role: 'victim', person: { nameLatin: name, sex: 'male' } });

export const MISSING_ID = '00000000-0000-4000-8000-000000000000';
