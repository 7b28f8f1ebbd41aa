import { Badge, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { User } from './vocabulary';

/** An account's state as plain badges: disabled, locked, still on its temporary password, without a second factor, a request pending. */
export function UserState({ user, pending }: { user: User; pending?: boolean }) {
  const { t } = useTranslation();
  const badge = (key: string, color: string) => (
    <Badge key={key} variant="outline" color={color} miw="max-content">
      {t(`admin.users.states.${key}`)}
    </Badge>
  );
  return (
    <Group gap={4}>
      {user.disabled && badge('disabled', 'red.9')}
      {user.locked && badge('locked', 'red.9')}
      {!user.disabled && !user.locked && badge('active', 'teal.9')}
      {user.mustChangePassword && badge('mustChange', 'gray.7')}
      {!user.secondFactorEnrolled && badge('noSecondFactor', 'gray.7')}
      {pending && badge('pending', 'blue.9')}
    </Group>
  );
}
