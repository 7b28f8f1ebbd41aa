import type { components } from './api/schema';

type Schemas = components['schemas'];

/**
 * The API's closed lists in the order the screens offer them. The types come from the OpenAPI
 * document; vocabulary.test.ts fails when the server gains or loses a value the UI does not know.
 */
export const VOCABULARY = {
  CaseCategory: [
    'domestic_violence',
    'family_dispute',
    'child_protection',
    'juvenile',
    'neglect',
    'harassment',
    'drug_use',
    'child_labour',
    'other',
  ] satisfies Schemas['CaseCategory'][],
  Urgency: ['critical', 'high', 'medium', 'low'] satisfies Schemas['Urgency'][],
  CaseStatus: ['open', 'referred', 'in_service', 'closed', 'escalated'] satisfies Schemas['CaseStatus'][],
  IntakeChannel: ['walk_in', 'phone', 'hotline', 'school', 'other_agency'] satisfies Schemas['IntakeChannel'][],
  SubjectRole: ['victim', 'complainant', 'child', 'guardian', 'alleged_perpetrator', 'witness'] satisfies Schemas['SubjectRole'][],
  Sex: ['female', 'male', 'unknown'] satisfies Schemas['Sex'][],
  DocumentType: ['qatar_id', 'passport', 'iraqi_national_card', 'other'] satisfies Schemas['DocumentType'][],
  CentreService: [
    'protection',
    'psychological_support',
    'social_support',
    'legal_support',
    'family_counselling',
    'mediation',
    'court_decision_follow_up',
    'addiction_rehabilitation',
    'child_labour',
  ] satisfies Schemas['CentreService'][],
  DataCategory: ['identity', 'contact', 'address', 'narrative', 'documents'] satisfies Schemas['DataCategory'][],
  ConsentMethod: ['verbal', 'written', 'written_form_to_follow'] satisfies Schemas['ConsentMethod'][],
  WithdrawalReporter: ['subject', 'guardian', 'centre', 'other'] satisfies Schemas['WithdrawalReporter'][],
  CaseOutcome: ['resolved', 'referred_to_authority', 'no_further_action', 'complainant_withdrew', 'transferred'] satisfies Schemas['CaseOutcome'][],
  LegalBasisKind: ['child_at_risk', 'imminent_danger_to_life', 'court_order'] satisfies Schemas['LegalBasisKind'][],
  Authority: ['public_prosecution', 'family_court', 'police_investigation'] satisfies Schemas['Authority'][],
} as const;
