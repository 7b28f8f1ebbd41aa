import * as argon2 from 'argon2';
import { randomBytes } from 'node:crypto';
import { authenticator } from 'otplib';
import { DataSource } from 'typeorm';
import { DemoSeedContext, DemoSeedStep } from '@app/database';
import { Role } from '@app/core';
import { ARGON2_OPTIONS } from './password.service';
import { ROLES_REQUIRING_TOTP } from './permissions';

const DEADLINES = { low: 72, medium: 48, high: 24, critical: 4 };

const UNITS = [
  { code: 'SYSTEM', kind: 'system', nameAr: 'إدارة النظام', nameEn: 'System administration', parent: null },
  { code: 'MOI-AUDIT', kind: 'ministry', nameAr: 'وزارة الداخلية - التدقيق', nameEn: 'Ministry of Interior - Audit', parent: null },
  { code: 'CPD-HQ', kind: 'police_unit', nameAr: 'إدارة الشرطة المجتمعية', nameEn: 'Community Police Department', parent: null },
  { code: 'CPD-RAYYAN', kind: 'police_unit', nameAr: 'قسم الشرطة المجتمعية - الريان', nameEn: 'Community Police - Al Rayyan', parent: 'CPD-HQ' },
  { code: 'CPD-WAKRA', kind: 'police_unit', nameAr: 'قسم الشرطة المجتمعية - الوكرة', nameEn: 'Community Police - Al Wakra', parent: 'CPD-HQ' },
  {
    code: 'AMAN-CPD',
    kind: 'partner_centre',
    nameAr: 'مركز الحماية والتأهيل الاجتماعي (أمان)',
    nameEn: 'Protection and Social Rehabilitation Centre (Aman)',
    parent: null,
    services: ['protection', 'legal_support', 'psychological_support', 'social_support'],
    categories: ['domestic_violence', 'child_protection', 'harassment', 'neglect', 'juvenile'],
    office: 'Aman office, Community Police Department building',
  },
  {
    code: 'WIFAQ-CPD',
    kind: 'partner_centre',
    nameAr: 'مركز الاستشارات العائلية (وفاق)',
    nameEn: 'Family Consultation Centre (Wifaq)',
    parent: null,
    services: ['family_counselling', 'mediation', 'court_decision_follow_up'],
    categories: ['family_dispute', 'domestic_violence', 'other'],
    office: 'Wifaq office, Community Police Department building',
  },
] as const;

/**
 * The demo people, by user name: two of everything that separation of duties and cross-scope tests
 * need (two administrators, two police units with an officer and a supervisor each, two Aman
 * counsellors, a Wifaq counsellor, a manager per centre) and the ministry's auditor.
 */
export const DEMO_USERS = [
  { username: 'officer', displayName: 'Desk Officer, Al Rayyan (demo)', role: Role.DeskOfficer, unit: 'CPD-RAYYAN' },
  { username: 'supervisor', displayName: 'Supervisor, Al Rayyan (demo)', role: Role.Supervisor, unit: 'CPD-RAYYAN' },
  // A second desk officer of the same unit: need to know is per case, not per unit.
  { username: 'officer2', displayName: 'Second Desk Officer, Al Rayyan (demo)', role: Role.DeskOfficer, unit: 'CPD-RAYYAN' },
  // A second supervisor: a legal basis a supervisor requests is approved by another (four eyes).
  { username: 'supervisor2', displayName: 'Second Supervisor, Al Rayyan (demo)', role: Role.Supervisor, unit: 'CPD-RAYYAN' },
  { username: 'officer.wakra', displayName: 'Desk Officer, Al Wakra (demo)', role: Role.DeskOfficer, unit: 'CPD-WAKRA' },
  { username: 'supervisor.wakra', displayName: 'Supervisor, Al Wakra (demo)', role: Role.Supervisor, unit: 'CPD-WAKRA' },
  { username: 'counsellor', displayName: 'Aman Counsellor (demo)', role: Role.Counsellor, unit: 'AMAN-CPD' },
  { username: 'counsellor2', displayName: 'Aman Counsellor 2 (demo)', role: Role.Counsellor, unit: 'AMAN-CPD' },
  { username: 'manager', displayName: 'Aman Centre Manager (demo)', role: Role.CentreManager, unit: 'AMAN-CPD' },
  { username: 'wifaq.counsellor', displayName: 'Wifaq Counsellor (demo)', role: Role.Counsellor, unit: 'WIFAQ-CPD' },
  { username: 'wifaq.manager', displayName: 'Wifaq Centre Manager (demo)', role: Role.CentreManager, unit: 'WIFAQ-CPD' },
  { username: 'auditor', displayName: 'Ministry Auditor (demo)', role: Role.Auditor, unit: 'MOI-AUDIT' },
  { username: 'admin', displayName: 'System Administrator (demo)', role: Role.Administrator, unit: 'SYSTEM' },
  { username: 'admin2', displayName: 'Second Administrator (demo)', role: Role.Administrator, unit: 'SYSTEM' },
] as const;

export type DemoUsername = (typeof DEMO_USERS)[number]['username'];

/** The first demo user of each role: who speaks for the role in the authorization matrix. */
export const DEMO_USER_FOR_ROLE: Record<Role, DemoUsername> = {
  [Role.DeskOfficer]: 'officer',
  [Role.Supervisor]: 'supervisor',
  [Role.Counsellor]: 'counsellor',
  [Role.CentreManager]: 'manager',
  [Role.Auditor]: 'auditor',
  [Role.Administrator]: 'admin',
};

async function seedUnits(dataSource: DataSource, now: Date): Promise<number> {
  let created = 0;
  for (const unit of UNITS) {
    const centre = unit.kind === 'partner_centre' ? unit : undefined;
    const rows = await dataSource.query(
      `INSERT INTO unit (kind, code, name_ar, name_en, parent_id, services, case_categories, office_location, acceptance_hours, created_at, updated_at)
       VALUES ($1, $2, $3, $4, (SELECT id FROM unit WHERE code = $5), $6, $7, $8, $9, $10, $10)
       ON CONFLICT (code) DO NOTHING RETURNING id`,
      [
        unit.kind,
        unit.code,
        unit.nameAr,
        unit.nameEn,
        unit.parent,
        centre?.services ?? [],
        centre?.categories ?? [],
        centre?.office ?? null,
        centre ? DEADLINES : null,
        now,
      ],
    );
    created += rows.length;
  }
  return created;
}

/**
 * Police units, the Aman and Wifaq centres, the ministry and system units, and one user per role.
 * New users get random passwords (and TOTP secrets for the roles that require one), reported once.
 */
export const identityDemoSeed: DemoSeedStep = {
  name: 'identity',
  async run(dataSource: DataSource, context: DemoSeedContext): Promise<string[]> {
    const unitsCreated = await seedUnits(dataSource, context.now);
    let usersCreated = 0;
    for (const user of DEMO_USERS) {
      const password = `demo-${randomBytes(12).toString('base64url')}`;
      const totpSecret = ROLES_REQUIRING_TOTP.includes(user.role) ? authenticator.generateSecret(20) : undefined;
      const [row] = await dataSource.query(
        `INSERT INTO app_user (unit_id, username, display_name, roles, password_hash, password_changed_at, created_at, updated_at)
         VALUES ((SELECT id FROM unit WHERE code = $1), $2, $3, $4, $5, $6, $6, $6)
         ON CONFLICT (username) DO NOTHING RETURNING id`,
        [user.unit, user.username, user.displayName, [user.role], await argon2.hash(password, ARGON2_OPTIONS), context.now],
      );
      if (!row) continue;
      if (totpSecret) {
        await dataSource.query('UPDATE app_user SET totp_secret_enc = $2, totp_enabled = true WHERE id = $1', [
          row.id,
          context.encrypt(totpSecret, `app_user.totp_secret:${row.id}`),
        ]);
      }
      context.credentials.push({ username: user.username, password, role: user.role, unit: user.unit, ...(totpSecret ? { totpSecret } : {}) });
      usersCreated += 1;
    }
    return [`${unitsCreated} unit(s) and ${usersCreated} user(s) created (existing ones kept)`];
  },
};
