/** What partner centres offer (DESIGN: the domain). Stored as these codes; the UI translates them. */
export const CENTRE_SERVICES = [
  'protection',
  'legal_support',
  'psychological_support',
  'social_support',
  'family_counselling',
  'mediation',
  'court_decision_follow_up',
  'addiction_rehabilitation',
  'child_labour',
] as const;

export const CASE_CATEGORIES = [
  'domestic_violence',
  'family_dispute',
  'child_protection',
  'juvenile',
  'neglect',
  'harassment',
  'drug_use',
  'child_labour',
  'other',
] as const;

export const URGENCIES = ['low', 'medium', 'high', 'critical'] as const;
export type Urgency = (typeof URGENCIES)[number];
