import { Button, Group, Pagination, Select, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { CaseTable } from '../components/CaseTable';
import { FormError } from '../components/FormError';
import { showError } from '../errors';
import { useRouter } from '../router';
import type { Session } from '../session';
import { VOCABULARY } from '../vocabulary';

type Schemas = components['schemas'];
const PAGE_SIZE = 20;
const { CaseCategory: CATEGORIES, Urgency: URGENCIES, CaseStatus: STATUSES } = VOCABULARY;

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
      <Group justify="space-between">
        <Title order={2}>{t(unitWide ? 'cases.unit' : 'cases.mine')}</Title>
        <Group gap="xs">
          {session.permissions.includes('case.search') && (
            <Button variant="outline" onClick={() => navigate('/cases/search')}>
              {t('casework.search.title')}
            </Button>
          )}
          {session.permissions.includes('case.create') && <Button onClick={() => navigate('/cases/new')}>{t('intake.new')}</Button>}
        </Group>
      </Group>
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
          <CaseTable items={query.data.items} timeZone={session.unit.timeZone} />
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
