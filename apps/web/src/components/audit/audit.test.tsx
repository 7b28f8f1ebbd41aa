import { MantineProvider } from '@mantine/core';
import { cleanup, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import i18n from '../../i18n';
import { AUDIT_AR, AUDIT_EN } from '../../i18n/audit';
import { ActionLabel, ActorCell, EventDetail } from './EventParts';
import { VerificationOutcome } from './VerificationPanel';
import { startOfDay } from '../../dates';
import { ACTIONS, dayRange, detailEntries, isKnownAction, type AuditEvent } from './vocabulary';
import schema from '../../../../../test/api/openapi.snap.json';

afterEach(cleanup);

const inApp = (node: ReactNode) => render(<MantineProvider env="test">{node}</MantineProvider>);
const AT = '2026-12-01T08:00:00.000Z';

const event = (overrides: Partial<AuditEvent> = {}): AuditEvent => ({
  seq: '42',
  occurredAt: AT,
  actorUserId: '6f1c2a9e-0b7d-4c55-9a51-3d2f8e4b7c10',
  actorRoles: ['supervisor'],
  actorUnitId: null,
  action: 'case.viewed',
  objectType: 'case',
  objectId: 'a1b2c3d4-0000-4000-8000-000000000001',
  caseId: null,
  outcome: 'success',
  correlationId: null,
  clientIp: null,
  justification: null,
  subjectHash: null,
  detail: {},
  sealed: true,
  ...overrides,
});

describe('the verification result', () => {
  it('an intact chain shows how many sealed events and checkpoints were checked, in Arabic', async () => {
    await i18n.changeLanguage('ar');
    inApp(<VerificationOutcome result={{ ok: true, count: 12345, checkpointsChecked: 7 }} at={AT} timeZone="Asia/Qatar" />);
    const status = screen.getByRole('status');
    expect(status).toHaveTextContent('السلسلة سليمة');
    expect(status).toHaveTextContent('الأحداث المختومة التي فُحصت: 12,345');
    expect(status).toHaveTextContent('نقاط التحقق المطابقة لملف الشاهد: 7');
    expect(status).not.toHaveTextContent('أول تسلسل معيب');
  });

  it('a broken chain shows the first bad sequence, the reason in words, and the verifier’s message, in English', async () => {
    await i18n.changeLanguage('en');
    inApp(
      <VerificationOutcome
        result={{
          ok: false,
          count: 40,
          checkpointsChecked: 2,
          firstBadSeq: 41,
          reason: 'edited',
          message: 'event 41 does not match its seal (edited, replaced or moved)',
        }}
        at={AT}
        timeZone="Asia/Qatar"
      />,
    );
    const status = screen.getByRole('status');
    expect(status).toHaveTextContent('The chain is broken');
    expect(status).toHaveTextContent(AUDIT_EN.verify.reasons.edited);
    expect(status).toHaveTextContent('First bad sequence: 41');
    expect(status).toHaveTextContent('Sealed events intact before the fault: 40');
    expect(status).toHaveTextContent('event 41 does not match its seal');
    expect(status).not.toHaveTextContent('The chain is intact');
  });

  it('a witness file problem names the witness line', async () => {
    await i18n.changeLanguage('ar');
    inApp(
      <VerificationOutcome
        result={{ ok: false, count: 0, checkpointsChecked: 0, reason: 'witness_malformed', witnessLine: 9 }}
        at={AT}
        timeZone="Asia/Qatar"
      />,
    );
    expect(screen.getByRole('status')).toHaveTextContent(AUDIT_AR.verify.reasons.witness_malformed);
    expect(screen.getByRole('status')).toHaveTextContent('سطر ملف الشاهد: 9');
  });

  it('every tamper reason the api can answer has words in both languages', () => {
    const reasons: string[] = (schema as any).components.schemas.TamperReason.enum;
    expect(Object.keys(AUDIT_AR.verify.reasons).sort()).toEqual([...reasons].sort());
    expect(Object.keys(AUDIT_EN.verify.reasons).sort()).toEqual([...reasons].sort());
  });
});

describe('an audit event as the trail shows it', () => {
  it('a known action is in words; an action the UI does not know is its code, isolated in <bdi>', async () => {
    await i18n.changeLanguage('ar');
    const { container } = inApp(
      <>
        <ActionLabel code="sign_in.failed" />|<ActionLabel code="referral.accepted" />
      </>,
    );
    expect(container).toHaveTextContent('محاولة دخول فاشلة|referral.accepted');
    expect(container.querySelector('bdi')).toHaveTextContent('referral.accepted');
    expect(isKnownAction('case.created')).toBe(true);
    expect(isKnownAction('case.opened')).toBe(false);
    expect(isKnownAction('case.created.twice')).toBe(false);
  });

  it('every known action has a translation in both languages, and no translation is for an action not listed', () => {
    for (const messages of [AUDIT_AR, AUDIT_EN]) {
      const translated = Object.entries(messages.actions).flatMap(([area, names]) => Object.keys(names).map((name) => `${area}.${name}`));
      const known = Object.entries(ACTIONS).flatMap(([area, names]) => names.map((name) => `${area}.${name}`));
      expect(translated.sort()).toEqual(known.sort());
    }
  });

  it('the actor is a colleague’s name when known, else a short id; the worker and anonymous callers by what they are', async () => {
    await i18n.changeLanguage('en');
    const names = new Map([['6f1c2a9e-0b7d-4c55-9a51-3d2f8e4b7c10', 'Supervisor, Al Rayyan (demo)']]);
    const { rerender } = inApp(<ActorCell event={event()} names={names} />);
    expect(screen.getByText('Supervisor, Al Rayyan (demo)')).toBeInTheDocument();
    expect(screen.getByText('Supervisor')).toBeInTheDocument();
    rerender(
      <MantineProvider env="test">
        <ActorCell event={event()} />
      </MantineProvider>,
    );
    expect(screen.getByTitle('6f1c2a9e-0b7d-4c55-9a51-3d2f8e4b7c10')).toHaveTextContent(/^6f1c2a9e$/);
    rerender(
      <MantineProvider env="test">
        <ActorCell event={event({ actorUserId: null, actorRoles: ['system'] })} />
        <ActorCell event={event({ actorUserId: null, actorRoles: [] })} />
      </MantineProvider>,
    );
    expect(screen.getByText('The system')).toBeInTheDocument();
    expect(screen.getByText('Not signed in')).toBeInTheDocument();
  });

  it('the detail shows field names, codes and counts: ids shortened, keyed hashes left out, a state, role or yes/no in words', async () => {
    expect(
      detailEntries({
        fields: ['narrative', 'title'],
        returned: 3,
        none: null,
        empty: [],
        personId: '0d9e8f7a-1111-4222-8333-444455556666',
        termHashes: ['abc'],
      }),
    ).toEqual([
      {
        key: 'fields',
        values: [
          { text: 'narrative', code: true },
          { text: 'title', code: true },
        ],
      },
      { key: 'returned', values: [{ text: '3' }] },
      { key: 'personId', values: [{ text: '0d9e8f7a' }] },
    ]);
    await i18n.changeLanguage('ar');
    const { container } = inApp(
      <EventDetail
        detail={{ from: 'open', to: 'closed', reasonCode: 'resolved', role: 'guardian', rehashed: false, method: 'totp', fields: ['narrative', 'title'] }}
      />,
    );
    expect(container).toHaveTextContent('من: مفتوحة');
    expect(container).toHaveTextContent('إلى: مغلقة');
    expect(container).toHaveTextContent('رمز السبب: resolved');
    expect(container).toHaveTextContent('الدور: ولي أمر');
    expect(container).toHaveTextContent('حُدّثت بصمة كلمة المرور: لا');
    expect(container).toHaveTextContent('الطريقة: رمز المصادقة');
    expect(container).toHaveTextContent('الحقول: narrative، title');
  });

  it('a failed sign-in’s and a verification’s reasons are in words; a role change names the roles', async () => {
    await i18n.changeLanguage('en');
    const { container } = inApp(
      <>
        <EventDetail detail={{ reason: 'password' }} />
        <EventDetail detail={{ count: 40, reason: 'edited', firstBadSeq: 41 }} />
        <EventDetail detail={{ from: ['desk_officer'], to: ['desk_officer', 'supervisor'] }} />
      </>,
    );
    expect(container).toHaveTextContent('Reason: Wrong password');
    expect(container).toHaveTextContent('Reason: Event edited');
    expect(container).toHaveTextContent('First bad sequence: 41');
    expect(container).toHaveTextContent('To: Desk officer, Supervisor');
  });
});

describe('the date filter', () => {
  it('two calendar days of the unit’s zone, both included, as the api’s from (inclusive) and to (exclusive)', () => {
    expect(dayRange('2026-12-01', '2026-12-01', 'Asia/Qatar')).toEqual({ from: '2026-11-30T21:00:00.000Z', to: '2026-12-01T21:00:00.000Z' });
    expect(dayRange(null, '2026-12-31', 'Asia/Qatar')).toEqual({ from: undefined, to: '2026-12-31T21:00:00.000Z' });
    // A zone that moves its clock: midnight in Berlin is 23:00 UTC in winter and 22:00 UTC in summer.
    expect(startOfDay('2026-01-15', 'Europe/Berlin')).toBe('2026-01-14T23:00:00.000Z');
    expect(startOfDay('2026-07-15', 'Europe/Berlin')).toBe('2026-07-14T22:00:00.000Z');
  });

  it('ignores what is no date, or outside the years the api accepts', () => {
    expect(startOfDay('2026-02-30', 'Asia/Qatar')).toBeUndefined();
    expect(startOfDay('1999-12-31', 'Asia/Qatar')).toBeUndefined();
    expect(startOfDay('2026-1-5', 'Asia/Qatar')).toBeUndefined();
    expect(startOfDay('', 'Asia/Qatar')).toBeUndefined();
  });
});
