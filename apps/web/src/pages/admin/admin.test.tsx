import { MantineProvider } from '@mantine/core';
import { cleanup, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import i18n from '../../i18n';
import { ADMIN_AR } from '../../i18n/admin';
import { RolePicker } from '../../components/admin/RolePicker';
import { draftOf, hoursOf, unitFields } from '../../components/admin/unit-draft';
import { UserState } from '../../components/admin/UserState';
import { ADMIN_VOCABULARY, generatePassword, isApproval, isPrivileged, rolesFor, type Unit, type User } from '../../components/admin/vocabulary';
import schema from '../../../../../test/api/openapi.snap.json';

beforeAll(async () => {
  await i18n.changeLanguage('ar');
});
afterEach(cleanup);

const inApp = (node: ReactNode) => render(<MantineProvider env="test">{node}</MantineProvider>);

const CENTRE: Unit = {
  id: '3f1c2a9e-0b7d-4c55-9a51-3d2f8e4b7c10',
  kind: 'partner_centre',
  code: 'AMAN-CPD',
  nameAr: 'مركز أمان',
  nameEn: 'Aman',
  parentId: null,
  timeZone: 'Asia/Qatar',
  services: ['protection'],
  caseCategories: ['domestic_violence'],
  officeLocation: null,
  officeOpens: '07:00',
  officeCloses: '14:00',
  calendarHoursUrgencies: ['critical'],
  acceptanceHours: { low: 72, medium: 48, high: 24, critical: 4 },
  active: true,
  version: 3,
};

const USER: User = {
  id: '6f1c2a9e-0b7d-4c55-9a51-3d2f8e4b7c10',
  unitId: CENTRE.id,
  username: 'rana.desk',
  displayName: 'Rana',
  roles: ['desk_officer'],
  secondFactorEnrolled: true,
  mustChangePassword: false,
  locked: false,
  disabled: false,
  lastSignInAt: null,
  version: 1,
};

describe('the administrator’s closed lists', () => {
  const enums = (schema as { components: { schemas: Record<string, { enum?: string[] }> } }).components.schemas;
  it.each(Object.entries(ADMIN_VOCABULARY))('%s offers exactly the values the API accepts', (name, values) => {
    expect([...values].sort()).toEqual([...(enums[name]?.enum ?? [])].sort());
  });

  it('offers only the roles that fit the kind of unit, and knows which wait for a second administrator', () => {
    expect(rolesFor('police_unit')).toEqual(['desk_officer', 'supervisor']);
    expect(rolesFor('partner_centre')).toEqual(['counsellor', 'centre_manager']);
    expect(rolesFor('ministry')).toEqual(['auditor']);
    expect(rolesFor('system')).toEqual(['administrator']);
    expect(rolesFor(undefined)).toEqual([]);
    expect([isPrivileged(['supervisor', 'desk_officer']), isPrivileged(['auditor']), isPrivileged(['administrator'])]).toEqual([false, true, true]);
  });

  it('tells a 202 approval from the account it would change', () => {
    expect(isApproval(USER)).toBe(false);
    expect(isApproval({ id: USER.id, kind: 'account_creation', requestedBy: USER.id } as never)).toBe(true);
  });
});

describe('the temporary password made in the browser', () => {
  it('is four groups of five unambiguous characters, different each time', () => {
    const passwords = Array.from({ length: 50 }, () => generatePassword());
    for (const password of passwords) expect(password).toMatch(/^[a-hjkmnp-z2-9]{5}(-[a-hjkmnp-z2-9]{5}){3}$/);
    expect(new Set(passwords).size).toBe(50);
  });

  it('skips the bytes that would favour the first letters (rejection sampling)', () => {
    // 248 is the first byte past the last whole multiple of the 31 letters: never used.
    const bytes = [248, 255, 0, 30, 31, 247];
    const password = generatePassword((buffer) => buffer.map((_, index) => bytes[index % bytes.length]));
    expect(password.replaceAll('-', '')).toBe('a9a9'.repeat(5));
  });
});

describe('a unit’s form', () => {
  it('takes all four deadlines, or none, and refuses three', () => {
    const draft = draftOf(CENTRE);
    expect(hoursOf(draft)).toEqual({ low: 72, medium: 48, high: 24, critical: 4 });
    expect(hoursOf({ ...draft, hours: { ...draft.hours, critical: '' } })).toBe('incomplete');
    expect(hoursOf({ ...draft, hours: { low: '', medium: '', high: '', critical: '' } })).toBeNull();
  });

  it('sends a centre’s services, categories and deadlines, and none of them for another kind', () => {
    const centre = unitFields({ ...draftOf(CENTRE), officeLocation: '  ' }, null);
    expect(centre).toMatchObject({ services: ['protection'], caseCategories: ['domestic_violence'], acceptanceHours: null, officeLocation: null });
    const police = unitFields({ ...draftOf(null), kind: 'police_unit', nameAr: ' وحدة ', nameEn: 'Unit' }, null);
    expect(police).toEqual({ nameAr: 'وحدة', nameEn: 'Unit', parentId: null, timeZone: 'Asia/Qatar', officeLocation: null });
  });
});

describe('the account screens', () => {
  it('shows a police unit’s roles only, and no privileged note for them', () => {
    inApp(<RolePicker kind="police_unit" value={['desk_officer']} onChange={() => undefined} />);
    expect(screen.getByLabelText('ضابط مكتب')).toBeChecked();
    expect(screen.getByLabelText('مشرف')).not.toBeChecked();
    expect(screen.queryByLabelText('مرشد')).toBeNull();
    expect(screen.queryByText(ADMIN_AR.users.privilegedNote)).toBeNull();
  });

  it('says that the ministry’s auditor role waits for a second administrator', () => {
    inApp(<RolePicker kind="ministry" value={[]} onChange={() => undefined} />);
    expect(screen.getByLabelText('مدقق')).toBeInTheDocument();
    expect(screen.getByText(ADMIN_AR.users.privilegedNote)).toBeInTheDocument();
  });

  it('shows an account’s state plainly: disabled and locked instead of active, the temporary password, a pending request', () => {
    inApp(<UserState user={{ ...USER, disabled: true, locked: true, mustChangePassword: true, secondFactorEnrolled: false }} pending />);
    const shown = ['disabled', 'locked', 'mustChange', 'noSecondFactor', 'pending'].map((key) => ADMIN_AR.users.states[key as 'disabled']);
    for (const text of shown) expect(screen.getByText(text)).toBeInTheDocument();
    expect(screen.queryByText(ADMIN_AR.users.states.active)).toBeNull();
  });
});
