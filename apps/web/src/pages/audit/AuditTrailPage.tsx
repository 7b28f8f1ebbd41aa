import { Stack, Tabs, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError, unwrap } from '../../api/client';
import { AppLink } from '../../components/AppLink';
import { EventsSection } from '../../components/audit/EventsSection';
import { TermSearchSection } from '../../components/audit/TermSearchSection';
import { VerificationPanel } from '../../components/audit/VerificationPanel';
import { ALL_AREAS, CASE_AREAS, CASE_OBJECT_TYPES, OBJECT_TYPES, SECURITY_AREAS, SECURITY_OBJECT_TYPES } from '../../components/audit/vocabulary';
import { FormError } from '../../components/FormError';
import { showError } from '../../errors';
import { useRouter } from '../../router';
import { NotFound } from '../NotFound';
import type { Session } from '../../session';

/** The auditor's desk, tab by tab, each shown to whoever holds its permission (an administrator: security events). */
const TABS = [
  { value: 'trail', permission: 'audit.read_all' },
  { value: 'security', permission: 'security_event.read' },
  { value: 'searches', permission: 'audit.read_all' },
  { value: 'verify', permission: 'audit.verify' },
] as const;
type Tab = (typeof TABS)[number]['value'];

/** The audit trail with filters; with a case id, the supervisor's trail of that one case. */
export function AuditTrailPage({ session, caseId }: { session: Session; caseId?: string }) {
  return caseId ? <CaseTrail session={session} caseId={caseId} /> : <AuditDesk session={session} />;
}

/** One case's trail: who looked at or changed it, and when (the api scopes a supervisor to their unit). */
function CaseTrail({ session, caseId }: { session: Session; caseId: string }) {
  const { t } = useTranslation();
  // A reader of cases (a supervisor) opens the trail of a case they may read; any other id is the
  // not-found page, as the case's own page is. Auditors read the trail without reading cases.
  const readsCases = session.permissions.some((permission) => permission === 'case.read_unit' || permission === 'case.read_own');
  const theCase = useQuery({
    queryKey: ['case', caseId],
    queryFn: () => unwrap(api.GET('/api/v1/cases/{id}', { params: { path: { id: caseId } } })),
    enabled: readsCases,
    retry: false,
  });
  if (readsCases && theCase.error instanceof ApiError && theCase.error.status === 404) return <NotFound />;
  if (readsCases && theCase.error) return <FormError error={showError(theCase.error, t)} />;
  if (readsCases && !theCase.data) return null;
  return (
    <Stack>
      <Title order={2}>{t('audit.trail.caseTitle')}</Title>
      <Text size="sm" c="gray.7">
        {t('audit.trail.caseHelp')}
      </Text>
      <AppLink to={`/cases/${caseId}`} size="sm" w="fit-content">
        {t('audit.trail.backToCase')}
      </AppLink>
      <EventsSection session={session} source="events" caseId={caseId} path={`/cases/${caseId}/trail`} areas={CASE_AREAS} objectTypes={CASE_OBJECT_TYPES} />
    </Stack>
  );
}

/** The trail, the security events, who searched for a term, and the verification of the chain; the tab is in the URL. */
function AuditDesk({ session }: { session: Session }) {
  const { t } = useTranslation();
  const { search, navigate } = useRouter();
  const tabs = TABS.filter((tab) => session.permissions.includes(tab.permission)).map((tab) => tab.value);
  const asked = search.get('tab');
  const active: Tab = tabs.find((tab) => tab === asked) ?? tabs[0];
  // A new tab starts without the other tab's filters; the first tab is the bare path.
  const open = (tab: string | null) => navigate(tab && tab !== tabs[0] ? `/audit?tab=${tab}` : '/audit');
  const path = '/audit';
  return (
    <Stack>
      <Title order={2}>{t('audit.trail.title')}</Title>
      <Tabs value={active} onChange={open} keepMounted={false}>
        <Tabs.List>
          {tabs.map((tab) => (
            <Tabs.Tab key={tab} value={tab}>
              {t(`audit.tabs.${tab}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="trail" pt="md">
          <EventsSection session={session} source="events" path={path} areas={ALL_AREAS} objectTypes={OBJECT_TYPES} />
        </Tabs.Panel>
        <Tabs.Panel value="security" pt="md">
          <EventsSection session={session} source="security" path={path} areas={SECURITY_AREAS} objectTypes={SECURITY_OBJECT_TYPES} />
        </Tabs.Panel>
        <Tabs.Panel value="searches" pt="md">
          <TermSearchSection session={session} />
        </Tabs.Panel>
        <Tabs.Panel value="verify" pt="md">
          <VerificationPanel timeZone={session.unit.timeZone} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
