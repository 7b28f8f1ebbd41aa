import { Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { showError } from '../../errors';
import { DateTime } from '../DateTime';
import { FormError } from '../FormError';
import { OneTimePassword } from './OneTimePassword';
import { APPROVALS_KEY, USERS_KEY, useUser } from './queries';
import { generatePassword, unitName, type Approval, type Unit } from './vocabulary';

/** The privileged changes waiting for a second administrator (all of them: a handful at most). */
export function usePendingApprovals() {
  return useQuery({
    queryKey: [...APPROVALS_KEY, 'pending'],
    queryFn: () => unwrap(api.GET('/api/v1/admin/approvals', { params: { query: { status: 'pending', pageSize: 100 } } })),
  });
}

interface Context {
  me: string;
  units: Map<string, Unit>;
  timeZone: string;
}

/** The requests awaiting a second administrator: another administrator approves or rejects; the requester may withdraw. */
export function Approvals({ approvals, ...context }: Context & { approvals: Approval[] }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs">
      <Title order={3} size="h4">
        {t('admin.approvals.title')}
      </Title>
      {approvals.length === 0 && (
        <Text size="sm" c="gray.7">
          {t('admin.approvals.none')}
        </Text>
      )}
      {approvals.map((approval) => (
        <ApprovalCard key={approval.id} approval={approval} {...context} />
      ))}
    </Stack>
  );
}

function ApprovalCard({ approval, me, units, timeZone }: Context & { approval: Approval }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const target = useUser(approval.targetUserId);
  const requester = useUser(approval.requestedBy === me ? null : approval.requestedBy);
  const [part, setPart] = useState<string | null>(null);
  const mine = approval.requestedBy === me;
  const decide = useMutation({
    mutationFn: (approve: boolean) => {
      const path = { params: { path: { id: approval.id } } };
      if (!approve) return unwrap(api.POST('/api/v1/admin/approvals/{id}/rejection', path));
      // An account creation or a password reset takes the approver's part of the temporary password.
      const temporaryPasswordPart = approval.kind === 'role_grant' ? undefined : generatePassword();
      return unwrap(api.POST('/api/v1/admin/approvals/{id}/approval', { ...path, body: { temporaryPasswordPart } })).then((answer) => {
        if (temporaryPasswordPart) setPart(temporaryPasswordPart);
        return answer.approval;
      });
    },
    onSuccess: async () => {
      // The decided request stays on screen with its outcome (and the part shown once) until the next visit.
      await client.invalidateQueries({ queryKey: APPROVALS_KEY, refetchType: 'none' });
      await client.invalidateQueries({ queryKey: USERS_KEY });
    },
  });
  const status = decide.data?.status ?? approval.status;
  const username = approval.username ?? target.data?.username;
  const unitId = approval.unitId ?? target.data?.unitId;
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={700}>
            {t(`admin.approvals.kinds.${approval.kind}`)}: <bdi>{username ?? '…'}</bdi>
          </Text>
          <Badge variant="outline" color={status === 'rejected' ? 'red.9' : status === 'approved' ? 'teal.9' : 'blue.9'}>
            {t(`admin.approvals.statuses.${status}`)}
          </Badge>
        </Group>
        <Text size="sm">
          {t('admin.users.unit')}: {unitName(unitId ? units.get(unitId) : undefined, i18n.language) || '…'}
          {approval.roles && (
            <>
              {' — '}
              {t('admin.approvals.roles')}:{' '}
              {new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(approval.roles.map((role) => t(`roles.${role}`)))}
            </>
          )}
        </Text>
        <Text size="sm">
          {t('admin.approvals.requestedBy')}: {mine ? t('admin.users.you') : <bdi>{requester.data?.username ?? '…'}</bdi>} — {t('admin.approvals.requested')}:{' '}
          <DateTime iso={approval.requestedAt} timeZone={timeZone} /> — {t('admin.approvals.expires')}:{' '}
          <DateTime iso={approval.expiresAt} timeZone={timeZone} />
        </Text>
        {decide.data ? (
          <Text size="sm" role="status">
            {t(status === 'approved' ? 'admin.approvals.approved' : 'admin.approvals.rejected')}
          </Text>
        ) : (
          <>
            {mine && (
              <Text size="sm" c="gray.7">
                {t('admin.approvals.yours')}
              </Text>
            )}
            <Group gap="xs">
              {!mine && (
                <Button onClick={() => decide.mutate(true)} loading={decide.isPending}>
                  {t('admin.approvals.approve')}
                </Button>
              )}
              <Button variant="outline" color="red.9" onClick={() => decide.mutate(false)} disabled={decide.isPending}>
                {t(mine ? 'admin.approvals.withdraw' : 'admin.approvals.reject')}
              </Button>
            </Group>
          </>
        )}
        {part && <OneTimePassword password={part} part onHide={() => setPart(null)} />}
        {decide.error && <FormError error={showError(decide.error, t)} />}
      </Stack>
    </Paper>
  );
}
