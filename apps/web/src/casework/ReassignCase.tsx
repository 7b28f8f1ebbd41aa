import { Button, Group, Select } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { FormError } from '../components/FormError';
import { showError } from '../errors';

type Case = components['schemas']['CaseView'];

/** The supervisor gives the case to another desk officer or supervisor of the unit. */
export function ReassignCase({ item }: { item: Case }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const members = useQuery({
    queryKey: ['unit', item.owningUnitId, 'members'],
    queryFn: () => unwrap(api.GET('/api/v1/units/{id}/members', { params: { path: { id: item.owningUnitId } } })),
  });
  const [officerId, setOfficerId] = useState<string | null>(null);
  const reassign = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v1/cases/{id}/reassign', { params: { path: { id: item.id } }, body: { version: item.version, assignedOfficerId: officerId! } })),
    onSuccess: async (updated) => {
      client.setQueryData(['case', item.id], updated);
      setOfficerId(null);
      await client.invalidateQueries({ queryKey: ['case', item.id, 'timeline'] });
    },
  });
  const officers = (members.data?.items ?? []).filter((member) => member.roles.some((role) => role === 'desk_officer' || role === 'supervisor'));
  return (
    <Group align="end">
      <Select
        label={t('casework.assignTo')}
        value={officerId}
        onChange={setOfficerId}
        data={officers.filter((officer) => officer.id !== item.assignedOfficerId).map((officer) => ({ value: officer.id, label: officer.displayName }))}
        w={260}
      />
      <Button variant="outline" onClick={() => reassign.mutate()} disabled={!officerId} loading={reassign.isPending}>
        {t('casework.reassign')}
      </Button>
      {reassign.error && <FormError error={showError(reassign.error, t)} />}
    </Group>
  );
}

/** The assigned officer's name, from the unit's members (nothing when the reader cannot see them). */
export function useOfficerName(item: Pick<Case, 'owningUnitId' | 'assignedOfficerId'> | undefined): string | undefined {
  const members = useQuery({
    queryKey: ['unit', item?.owningUnitId, 'members'],
    queryFn: () => unwrap(api.GET('/api/v1/units/{id}/members', { params: { path: { id: item!.owningUnitId } } })),
    enabled: !!item,
    retry: false,
  });
  return members.data?.items.find((member) => member.id === item?.assignedOfficerId)?.displayName;
}
