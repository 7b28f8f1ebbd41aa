import { Center, Loader, Stack, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { showError } from '../../errors';
import { useRouter } from '../../router';
import type { Session } from '../../session';
import { FormError } from '../FormError';
import { AuditFilters, FILTER_NAMES, type FilterName, type FilterValues } from './AuditFilters';
import { EventsTable, PAGE_SIZE } from './EventsTable';
import { dayRange, type ActionArea } from './vocabulary';

interface EventsSectionProps {
  session: Session;
  /** The whole trail (as the reader's permission scopes it) or the security events only. */
  source: 'events' | 'security';
  /** The one case whose trail this is. */
  caseId?: string;
  /** The page's path: filters and the page number go in its query (never a name or other term). */
  path: string;
  areas: readonly ActionArea[];
  objectTypes: readonly string[];
}

/** Audit events with their filters, kept in the URL so a reload or a shared link shows the same events. */
export function EventsSection({ session, source, caseId, path, areas, objectTypes }: EventsSectionProps) {
  const { t } = useTranslation();
  const { search, navigate } = useRouter();
  const values = Object.fromEntries(FILTER_NAMES.map((name) => [name, search.get(name) || null])) as unknown as FilterValues;
  const page = Math.max(1, Number(search.get('page') ?? '1') || 1);
  const range = dayRange(values.from, values.to, session.unit.timeZone);
  const badRange = Boolean(range.from && range.to && range.from >= range.to);
  // Values from the URL are only passed through: the api refuses what it does not accept (400, shown translated).
  const query = {
    action: values.action ?? undefined,
    objectType: values.objectType ?? undefined,
    actorUserId: values.actorUserId ?? undefined,
    caseId,
    ...range,
    page,
    pageSize: PAGE_SIZE,
  };
  const events = useQuery({
    queryKey: ['audit', source, query],
    queryFn: () =>
      unwrap(source === 'security' ? api.GET('/api/v1/audit/security-events', { params: { query } }) : api.GET('/api/v1/audit/events', { params: { query } })),
    enabled: !badRange,
    placeholderData: keepPreviousData,
  });
  const names = useColleagueNames(session);

  const go = (next: URLSearchParams, replace: boolean) => navigate(`${path}${next.size ? `?${next}` : ''}`, { replace });
  const setFilter = (name: FilterName, value: string | null) => {
    const next = new URLSearchParams(search);
    if (value) next.set(name, value);
    else next.delete(name);
    next.delete('page');
    go(next, true);
  };
  const clear = () => {
    const next = new URLSearchParams(search);
    for (const name of [...FILTER_NAMES, 'page']) next.delete(name);
    go(next, true);
  };
  const setPage = (number: number) => {
    const next = new URLSearchParams(search);
    next.set('page', String(number));
    go(next, false);
  };

  return (
    <Stack>
      <AuditFilters values={values} areas={areas} objectTypes={objectTypes} onChange={setFilter} onClear={clear} />
      {badRange && <Text c="red.9">{t('audit.filters.badRange')}</Text>}
      {events.error && <FormError error={showError(events.error, t)} />}
      {events.isPending && !badRange && (
        <Center py="md">
          <Loader aria-label={t('audit.table.loading')} />
        </Center>
      )}
      {events.data && !badRange && (
        <EventsTable
          events={events.data.items}
          total={events.data.total}
          page={page}
          timeZone={session.unit.timeZone}
          names={names}
          emptyText={t(FILTER_NAMES.some((name) => values[name]) ? 'audit.table.none' : 'audit.table.empty')}
          showClientIp={source === 'security'}
          onActor={(id) => setFilter('actorUserId', id)}
          onPage={setPage}
        />
      )}
    </Stack>
  );
}

/** The names of the reader's own unit's members, when they may read them (supervisors); auditors see ids. */
function useColleagueNames(session: Session): ReadonlyMap<string, string> | undefined {
  const allowed = session.permissions.includes('unit_members.read');
  const members = useQuery({
    queryKey: ['unit-members', session.unit.id],
    queryFn: () => unwrap(api.GET('/api/v1/units/{id}/members', { params: { path: { id: session.unit.id } } })),
    enabled: allowed,
    staleTime: 5 * 60_000,
  });
  return useMemo(() => (members.data ? new Map(members.data.items.map((member) => [member.id, member.displayName])) : undefined), [members.data]);
}
