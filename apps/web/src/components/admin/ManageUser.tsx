import { Alert, Button, Divider, Group, Modal, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { showError } from '../../errors';
import { FormError } from '../FormError';
import { AccountActions, type AccountAction } from './AccountActions';
import { OneTimePassword } from './OneTimePassword';
import { APPROVALS_KEY, USERS_KEY } from './queries';
import { RolePicker } from './RolePicker';
import { UserState } from './UserState';
import { generatePassword, isApproval, unitName, type Approval, type Role, type Unit, type User } from './vocabulary';

type Change = { name: 'rename'; displayName: string } | { name: 'roles'; roles: Role[] } | { name: AccountAction; password?: string };

const NOTICES: Record<Change['name'], string> = {
  rename: 'admin.users.nameSaved',
  roles: 'admin.users.rolesSaved',
  disable: 'admin.users.done.disabled',
  enable: 'admin.users.done.enabled',
  unlock: 'admin.users.done.unlocked',
  reset: 'admin.users.done.reset',
};

/** Sends one change against the account's version; a privileged one answers with the approval it waits for. */
function send(user: User, change: Change): Promise<User | Approval> {
  const path = { params: { path: { id: user.id } } };
  const { version } = user;
  switch (change.name) {
    case 'rename':
      return unwrap(api.PATCH('/api/v1/admin/users/{id}', { ...path, body: { version, displayName: change.displayName } }));
    case 'roles':
      return unwrap(api.PUT('/api/v1/admin/users/{id}/roles', { ...path, body: { version, roles: change.roles } }));
    case 'reset':
      return unwrap(api.POST('/api/v1/admin/users/{id}/reset-password', { ...path, body: { version, temporaryPassword: change.password! } }));
    case 'disable':
      return unwrap(api.POST('/api/v1/admin/users/{id}/disable', { ...path, body: { version } }));
    case 'enable':
      return unwrap(api.POST('/api/v1/admin/users/{id}/enable', { ...path, body: { version } }));
    case 'unlock':
      return unwrap(api.POST('/api/v1/admin/users/{id}/unlock', { ...path, body: { version } }));
  }
}

/**
 * One account in a dialog: its name, its roles (only those that fit its unit), and disable, enable,
 * unlock or reset the password. The administrator's own account takes only a name change. A new
 * temporary password is shown once; a change that waits for a second administrator says so.
 */
export function ManageUser({ initial, units, me, onClose }: { initial: User; units: Map<string, Unit>; me: string; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [user, setUser] = useState(initial);
  const [displayName, setDisplayName] = useState(initial.displayName);
  const [roles, setRoles] = useState<Role[]>(initial.roles);
  const [shown, setShown] = useState<{ password: string; part: boolean } | null>(null);
  const own = user.id === me;
  const unit = units.get(user.unitId);
  const change = useMutation({
    mutationFn: (request: Change) => send(user, request),
    onSuccess: async (answer, request) => {
      if (!isApproval(answer)) setUser(answer);
      if (request.name === 'reset') setShown({ password: request.password!, part: isApproval(answer) });
      await Promise.all([client.invalidateQueries({ queryKey: USERS_KEY }), client.invalidateQueries({ queryKey: APPROVALS_KEY })]);
    },
  });
  const error = change.error ? showError(change.error, t) : null;
  const outcome =
    change.data && change.variables && !change.isPending ? (isApproval(change.data) ? 'admin.approvals.awaiting' : NOTICES[change.variables.name]) : null;

  return (
    <Modal opened onClose={onClose} size="lg" title={t('admin.users.manageTitle')} closeButtonProps={{ 'aria-label': t('admin.close') }}>
      <Stack>
        <Group justify="space-between">
          <Title order={3} size="h4">
            <bdi>{user.username}</bdi>
          </Title>
          <UserState user={user} />
        </Group>
        <Text size="sm">
          {unitName(unit, i18n.language)} — {new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(user.roles.map((role) => t(`roles.${role}`)))}
        </Text>
        {own && <Text size="sm">{t('admin.users.ownAccount')}</Text>}
        {outcome && (
          <Alert variant="outline" color={outcome === 'admin.approvals.awaiting' ? 'blue.9' : 'teal.9'} role="status">
            {t(outcome)}
          </Alert>
        )}
        {shown && <OneTimePassword password={shown.password} part={shown.part} onHide={() => setShown(null)} />}
        <Group align="end">
          <TextInput
            label={t('admin.users.displayName')}
            value={displayName}
            onChange={(event) => setDisplayName(event.currentTarget.value)}
            dir="auto"
            error={error?.fields.displayName}
            flex={1}
          />
          <Button
            variant="outline"
            onClick={() => change.mutate({ name: 'rename', displayName: displayName.trim() })}
            disabled={!displayName.trim() || displayName.trim() === user.displayName}
          >
            {t('admin.users.saveName')}
          </Button>
        </Group>
        {!own && (
          <>
            <Divider />
            <RolePicker kind={unit?.kind} value={roles} onChange={setRoles} error={error?.fields.roles} />
            <Button
              variant="outline"
              w="fit-content"
              onClick={() => change.mutate({ name: 'roles', roles })}
              disabled={roles.length === 0 || [...roles].sort().join() === [...user.roles].sort().join()}
            >
              {t('admin.users.saveRoles')}
            </Button>
            <Divider />
            <AccountActions
              user={user}
              pending={change.isPending}
              onAction={(name) => change.mutate(name === 'reset' ? { name, password: generatePassword() } : { name })}
            />
          </>
        )}
        <FormError error={error} />
      </Stack>
    </Modal>
  );
}
