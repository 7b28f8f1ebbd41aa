import { Button, Group, Loader, Pagination, Select, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { Approvals, usePendingApprovals } from '../../components/admin/Approvals';
import { CreateUser } from '../../components/admin/CreateUser';
import { ManageUser } from '../../components/admin/ManageUser';
import { USERS_KEY, useUnits } from '../../components/admin/queries';
import { UserTable } from '../../components/admin/UserTable';
import { ADMIN_VOCABULARY, unitName, type User } from '../../components/admin/vocabulary';
import { FormError } from '../../components/FormError';
import { showError } from '../../errors';
import { useRouter } from '../../router';
import type { Session } from '../../session';

const PAGE_SIZE = 20;

/**
 * The administrator's users: the requests awaiting a second administrator, then the accounts by unit
 * (the unit and page kept in the URL: ids and numbers only), each managed in a dialog; a new account
 * in another.
 */
export function UsersPage({ session }: { session: Session }) {
  const { t, i18n } = useTranslation();
  const { search, navigate } = useRouter();
  const units = useUnits();
  const approvals = usePendingApprovals();
  const unitId = search.get('unit') ?? undefined;
  const page = Math.max(1, Number(search.get('page') ?? '1') || 1);
  const users = useQuery({
    queryKey: [...USERS_KEY, 'list', unitId, page],
    queryFn: () => unwrap(api.GET('/api/v1/admin/users', { params: { query: { unitId, page, pageSize: PAGE_SIZE } } })),
  });
  const [creating, setCreating] = useState(false);
  const [managing, setManaging] = useState<User | null>(null);
  const byId = new Map((units.data ?? []).map((unit) => [unit.id, unit]));
  const pending = new Set((approvals.data?.items ?? []).flatMap((approval) => (approval.targetUserId ? [approval.targetUserId] : [])));
  const to = (params: { unit?: string; page?: number }) => {
    const next = new URLSearchParams();
    if (params.unit) next.set('unit', params.unit);
    if (params.page && params.page > 1) next.set('page', String(params.page));
    return `/admin/users${next.size ? `?${next}` : ''}`;
  };
  const unitOptions = ADMIN_VOCABULARY.UnitKind.map((kind) => ({
    group: t(`admin.kinds.${kind}`),
    items: (units.data ?? []).filter((unit) => unit.kind === kind).map((unit) => ({ value: unit.id, label: unitName(unit, i18n.language) })),
  })).filter((group) => group.items.length > 0);
  const error = users.error ?? units.error ?? approvals.error;

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('admin.users.title')}</Title>
        <Button onClick={() => setCreating(true)} disabled={!units.data}>
          {t('admin.users.new')}
        </Button>
      </Group>
      {error && <FormError error={showError(error, t)} />}
      {approvals.data && <Approvals approvals={approvals.data.items} me={session.user.id} units={byId} timeZone={session.unit.timeZone} />}
      <Select
        label={t('admin.users.unit')}
        placeholder={t('admin.any')}
        data={unitOptions}
        value={unitId ?? null}
        onChange={(value) => navigate(to({ unit: value ?? undefined }), { replace: true })}
        clearable
        searchable
        w={360}
      />
      {users.isPending && <Loader size="sm" aria-label={t('admin.users.title')} />}
      {users.data && users.data.items.length === 0 && <Text>{t('admin.users.none')}</Text>}
      {users.data && users.data.items.length > 0 && (
        <>
          <UserTable users={users.data.items} units={byId} pending={pending} me={session.user.id} timeZone={session.unit.timeZone} onManage={setManaging} />
          <Group justify="space-between">
            <Text size="sm">{t('admin.users.total', { total: users.data.total })}</Text>
            <Pagination
              total={Math.ceil(users.data.total / PAGE_SIZE)}
              value={page}
              getControlProps={(control) => ({ 'aria-label': t(`cases.pages.${control}`) })}
              getItemProps={(number) => ({ 'aria-label': t('cases.pages.page', { number }) })}
              onChange={(next) => navigate(to({ unit: unitId, page: next }))}
            />
          </Group>
        </>
      )}
      {creating && units.data && <CreateUser units={units.data} onClose={() => setCreating(false)} />}
      {managing && <ManageUser key={managing.id} initial={managing} units={byId} me={session.user.id} onClose={() => setManaging(null)} />}
    </Stack>
  );
}
