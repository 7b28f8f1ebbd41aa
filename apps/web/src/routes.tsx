import type { ReactNode } from 'react';
import { HolidaysPage } from './pages/admin/HolidaysPage';
import { UnitsPage } from './pages/admin/UnitsPage';
import { UsersPage } from './pages/admin/UsersPage';
import { AuditTrailPage } from './pages/audit/AuditTrailPage';
import { CaseSummaryPage } from './casework/CaseSummaryPage';
import { SearchPage } from './casework/SearchPage';
import { NewCasePage } from './intake/NewCasePage';
import { CasePage } from './pages/CasePage';
import { CasesPage } from './pages/CasesPage';
import { HomePage } from './pages/HomePage';
import { LegalBasesPage } from './pages/LegalBasesPage';
import type { Session } from './session';

const ID = '([0-9a-f-]{36})';

interface Route {
  /** The whole path; groups capture record ids (never a name or a search term). */
  pattern: RegExp;
  /** Any one of these lets the page open; a page the user may not open is the not-found page. */
  anyOf?: readonly string[];
  render(session: Session, ids: string[]): ReactNode;
}

const CASE_READERS = ['case.read_own', 'case.read_unit'];

const ROUTES: readonly Route[] = [
  { pattern: /^\/$/, render: (session) => <HomePage session={session} /> },
  { pattern: /^\/cases$/, anyOf: CASE_READERS, render: (session) => <CasesPage session={session} /> },
  { pattern: /^\/cases\/search$/, anyOf: ['case.search'], render: (session) => <SearchPage session={session} /> },
  { pattern: /^\/cases\/new$/, anyOf: ['case.create'], render: () => <NewCasePage /> },
  { pattern: new RegExp(`^/cases/${ID}$`), anyOf: CASE_READERS, render: (session, [id]) => <CasePage key={id} id={id} session={session} /> },
  {
    pattern: new RegExp(`^/cases/${ID}/summary$`),
    anyOf: CASE_READERS,
    render: (session, [id]) => <CaseSummaryPage key={id} id={id} session={session} />,
  },
  {
    pattern: new RegExp(`^/cases/${ID}/trail$`),
    anyOf: ['audit.read_all', 'audit.read_unit'],
    render: (session, [id]) => <AuditTrailPage key={id} caseId={id} session={session} />,
  },
  { pattern: /^\/legal-bases$/, anyOf: ['legal_basis.decide'], render: (session) => <LegalBasesPage session={session} /> },
  { pattern: /^\/audit$/, anyOf: ['audit.read_all', 'security_event.read'], render: (session) => <AuditTrailPage session={session} /> },
  { pattern: /^\/admin\/units$/, anyOf: ['unit.manage'], render: (session) => <UnitsPage session={session} /> },
  { pattern: /^\/admin\/holidays$/, anyOf: ['holiday.manage'], render: () => <HolidaysPage /> },
  { pattern: /^\/admin\/users$/, anyOf: ['user.manage'], render: (session) => <UsersPage session={session} /> },
];

/** The page for a path, or null (the not-found page) when there is none or the user may not open it. */
export function pageFor(path: string, session: Session): ReactNode | null {
  for (const route of ROUTES) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    if (route.anyOf && !route.anyOf.some((permission) => session.permissions.includes(permission))) return null;
    return route.render(session, match.slice(1));
  }
  return null;
}
