import { Alert, Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { showError } from '../../errors';
import { FormError } from '../FormError';
import { OneTimePassword } from './OneTimePassword';
import { APPROVALS_KEY, USERS_KEY } from './queries';
import { RolePicker } from './RolePicker';
import { ADMIN_VOCABULARY, generatePassword, isApproval, rolesFor, unitName, type Role, type Unit } from './vocabulary';

/**
 * A new account: user name, name, unit and the roles that fit it. The temporary password is made in
 * the browser and shown once after the API accepted it; a privileged account waits for a second
 * administrator (202), and then what is shown is this administrator's part of the password.
 */
export function CreateUser({ units, onClose }: { units: Unit[]; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [unitId, setUnitId] = useState<string | null>(null);
  const [roles, setRoles] = useState<Role[]>([]);
  const unit = units.find((candidate) => candidate.id === unitId);
  const create = useMutation({
    mutationFn: (temporaryPassword: string) =>
      unwrap(
        api.POST('/api/v1/admin/users', { body: { username: username.trim(), displayName: displayName.trim(), unitId: unitId!, roles, temporaryPassword } }),
      ),
    onSuccess: async () => {
      await Promise.all([client.invalidateQueries({ queryKey: USERS_KEY }), client.invalidateQueries({ queryKey: APPROVALS_KEY })]);
    },
  });
  const error = create.error ? showError(create.error, t) : null;
  const unitOptions = ADMIN_VOCABULARY.UnitKind.map((kind) => ({
    group: t(`admin.kinds.${kind}`),
    items: units
      .filter((candidate) => candidate.kind === kind && candidate.active)
      .map((candidate) => ({ value: candidate.id, label: `${unitName(candidate, i18n.language)} (${candidate.code})` })),
  })).filter((group) => group.items.length > 0);

  return (
    <Modal opened onClose={onClose} size="lg" title={t('admin.users.new')} closeButtonProps={{ 'aria-label': t('admin.close') }}>
      {create.data && create.variables ? (
        <Stack>
          <Alert variant="outline" color={isApproval(create.data) ? 'blue.9' : 'teal.9'} role="status">
            {isApproval(create.data) ? (
              t('admin.approvals.awaiting')
            ) : (
              <Trans i18nKey="admin.users.created" values={{ username: create.data.username }} components={{ bdi: <bdi /> }} />
            )}
          </Alert>
          <OneTimePassword password={create.variables} part={isApproval(create.data)} onHide={onClose} />
        </Stack>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            create.mutate(generatePassword());
          }}
        >
          <Stack>
            <TextInput
              label={t('admin.users.username')}
              description={t('admin.users.usernameHelp')}
              value={username}
              onChange={(event) => setUsername(event.currentTarget.value)}
              dir="ltr"
              autoComplete="off"
              withAsterisk
              error={error?.fields.username}
            />
            <TextInput
              label={t('admin.users.displayName')}
              value={displayName}
              onChange={(event) => setDisplayName(event.currentTarget.value)}
              dir="auto"
              autoComplete="off"
              withAsterisk
              error={error?.fields.displayName}
            />
            <Select
              label={t('admin.users.unit')}
              data={unitOptions}
              value={unitId}
              onChange={(next) => {
                setUnitId(next);
                const kind = units.find((candidate) => candidate.id === next)?.kind;
                setRoles((current) => current.filter((role) => rolesFor(kind).includes(role)));
              }}
              searchable
              withAsterisk
              error={error?.fields.unitId}
            />
            <RolePicker kind={unit?.kind} value={roles} onChange={setRoles} error={error?.fields.roles} />
            <FormError error={error} />
            <Group justify="end">
              <Button variant="subtle" onClick={onClose}>
                {t('admin.cancel')}
              </Button>
              <Button type="submit" loading={create.isPending} disabled={!username.trim() || !displayName.trim() || !unitId || roles.length === 0}>
                {t('admin.users.create')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
