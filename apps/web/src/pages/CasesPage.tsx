import { Anchor, Group, Pagination, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { DateTime } from '../components/DateTime';
import { FormError } from '../components/FormError';
import { showError } from '../errors';
import { useRouter } from '../router';
import type { Session } from '../session';

type Schemas = components['schemas'];
const PAGE_SIZE = 20;
const CATEGORIES: Schemas['CaseCategory'][] = [
  'domestic_violence',
  'family_dispute',
  'child_protection',
  'juvenile',
  'neglect',
  'harassment',
  'drug_use',
  'child_labour',
  'other',
];
const URGENCIES: Schemas['Urgency'][] = ['critical', 'high', 'medium', 'low'];
const STATUSES: Schemas['CaseStatus'][] = ['open', 'referred', 'in_service', 'closed', 'escalated'];

/**
 * The desk officer's cases (a supervisor's: the unit's), by filters kept in the URL so a reload or a
 * shared link keeps them. Filters only: names, phones and IDs are searched by POST, never put in a URL.
 */
export function CasesPage({ session }: { session: Session }) {
  const { t } = useTranslation();
  const { search, navigate } = useRouter();
  // Values from the URL are only passed through: the API refuses anything not in its lists (400).
  const filters = {
    status: (search.get('status') ?? undefined) as Schemas['CaseStatus'] | undefined,
    category: (search.get('category') ?? undefined) as Schemas['CaseCategory'] | undefined,
    urgency: (search.get('urgency') ?? undefined) as Schemas['Urgency'] | undefined,
  };
  const page = Math.max(1, Number(search.get('page') ?? '1') || 1);
  const query = useQuery({
    queryKey: ['cases', filters, page],
    queryFn: () => unwrap(api.GET('/api/v1/cases', { params: { query: { ...filters, page, pageSize: PAGE_SIZE, sort: 'opened_at_desc' } } })),
  });
  const setFilter = (name: string, value: string | null) => {
    const next = new URLSearchParams(search);
    if (value) next.set(name, value);
    else next.delete(name);
    next.delete('page');
    navigate(`/cases${next.size ? `?${next}` : ''}`, { replace: true });
  };
  const options = (values: string[], group: string) => values.map((value) => ({ value, label: t(`cases.${group}.${value}`) }));
  const unitWide = session.permissions.includes('case.read_unit');

  return (
    <Stack>
      <Title order={2}>{t(unitWide ? 'cases.unit' : 'cases.mine')}</Title>
      <Group align="end">
        <Select
          label={t('cases.status')}
          placeholder={t('cases.any')}
          data={options(STATUSES, 'statuses')}
          value={filters.status ?? null}
          onChange={(v) => setFilter('status', v)}
          clearable
        />
        <Select
          label={t('cases.category')}
          placeholder={t('cases.any')}
          data={options(CATEGORIES, 'categories')}
          value={filters.category ?? null}
          onChange={(v) => setFilter('category', v)}
          clearable
        />
        <Select
          label={t('cases.urgency')}
          placeholder={t('cases.any')}
          data={options(URGENCIES, 'urgencies')}
          value={filters.urgency ?? null}
          onChange={(v) => setFilter('urgency', v)}
          clearable
        />
      </Group>
      {query.error && <FormError error={showError(query.error, t)} />}
      {query.data && query.data.items.length === 0 && <Text>{t('cases.none')}</Text>}
      {query.data && query.data.items.length > 0 && (
        <>
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('cases.reference')}</Table.Th>
                <Table.Th>{t('cases.title')}</Table.Th>
                <Table.Th>{t('cases.category')}</Table.Th>
                <Table.Th>{t('cases.urgency')}</Table.Th>
                <Table.Th>{t('cases.status')}</Table.Th>
                <Table.Th>{t('cases.opened')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {query.data.items.map((item) => (
                <Table.Tr key={item.id}>
                  <Table.Td>
                    <Anchor
                      href={`/cases/${item.id}`}
                      onClick={(event) => {
                        event.preventDefault();
                        navigate(`/cases/${item.id}`);
                      }}
                    >
                      <bdi>{item.reference}</bdi>
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <bdi>{item.title}</bdi>
                  </Table.Td>
                  <Table.Td>{t(`cases.categories.${item.category}`)}</Table.Td>
                  <Table.Td>{t(`cases.urgencies.${item.urgency}`)}</Table.Td>
                  <Table.Td>{t(`cases.statuses.${item.status}`)}</Table.Td>
                  <Table.Td>
                    <DateTime iso={item.openedAt} timeZone={session.unit.timeZone} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Group justify="space-between">
            <Text size="sm">{t('cases.total', { total: query.data.total })}</Text>
            <Pagination
              total={Math.ceil(query.data.total / PAGE_SIZE)}
              value={page}
              getControlProps={(control) => ({ 'aria-label': t(`cases.pages.${control}`) })}
              getItemProps={(number) => ({ 'aria-label': t('cases.pages.page', { number }) })}
              onChange={(next) => {
                const params = new URLSearchParams(search);
                params.set('page', String(next));
                navigate(`/cases?${params}`);
              }}
            />
          </Group>
        </>
      )}
    </Stack>
  );
}
