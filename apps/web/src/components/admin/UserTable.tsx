import { Badge, Button, Group, Table, Text, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DateTime } from '../DateTime';
import { UserState } from './UserState';
import { unitName, type Unit, type User } from './vocabulary';

interface Props {
  users: User[];
  units: Map<string, Unit>;
  /** Accounts a pending approval request would change. */
  pending: Set<string>;
  me: string;
  timeZone: string;
  onManage(user: User): void;
}

const NOWRAP = { whiteSpace: 'nowrap' } as const;

/** Accounts as the administrator lists them: user name, name, unit, roles, state, last sign-in, and the manage button. */
export function UserTable({ users, units, pending, me, timeZone, onManage }: Props) {
  const { t, i18n } = useTranslation();
  return (
    <Table striped highlightOnHover>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('admin.users.username')}</Table.Th>
          <Table.Th>{t('admin.users.displayName')}</Table.Th>
          <Table.Th>{t('admin.users.unit')}</Table.Th>
          <Table.Th>{t('admin.users.roles')}</Table.Th>
          <Table.Th>{t('admin.users.state')}</Table.Th>
          <Table.Th>{t('admin.users.lastSignIn')}</Table.Th>
          <Table.Th>
            <VisuallyHidden>{t('admin.users.manage')}</VisuallyHidden>
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {users.map((user) => (
          <Table.Tr key={user.id}>
            <Table.Td style={NOWRAP}>
              <Group gap={4} wrap="nowrap">
                <bdi>{user.username}</bdi>
                {user.id === me && (
                  <Badge size="xs" variant="outline" color="gray.7" miw="max-content">
                    {t('admin.users.you')}
                  </Badge>
                )}
              </Group>
            </Table.Td>
            <Table.Td>
              <bdi>{user.displayName}</bdi>
            </Table.Td>
            <Table.Td>{unitName(units.get(user.unitId), i18n.language)}</Table.Td>
            <Table.Td style={NOWRAP}>
              {new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(user.roles.map((role) => t(`roles.${role}`)))}
            </Table.Td>
            <Table.Td>
              <UserState user={user} pending={pending.has(user.id)} />
            </Table.Td>
            <Table.Td>
              {user.lastSignInAt ? (
                <DateTime iso={user.lastSignInAt} timeZone={timeZone} />
              ) : (
                <Text span size="sm" c="gray.7">
                  {t('admin.users.never')}
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              <Button size="xs" variant="outline" onClick={() => onManage(user)}>
                {t('admin.users.manage')}
              </Button>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
