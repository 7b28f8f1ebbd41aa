import { Checkbox, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isPrivileged, rolesFor, type Role, type UnitKind } from './vocabulary';

interface Props {
  kind: UnitKind | undefined;
  value: Role[];
  onChange(roles: Role[]): void;
  disabled?: boolean;
  error?: string;
}

/** The roles that fit a kind of unit, as checkboxes, with the note that a privileged one waits for a second administrator. */
export function RolePicker({ kind, value, onChange, disabled, error }: Props) {
  const { t } = useTranslation();
  const roles = rolesFor(kind);
  return (
    <Checkbox.Group
      label={t('admin.users.roles')}
      description={kind ? t('admin.users.rolesHelp') : t('admin.users.pickUnitFirst')}
      value={value}
      onChange={(roles) => onChange(roles as Role[])}
      error={error}
      withAsterisk
    >
      <Group mt="xs">
        {roles.map((role) => (
          <Checkbox key={role} value={role} label={t(`roles.${role}`)} disabled={disabled} />
        ))}
      </Group>
      {isPrivileged(roles) && (
        <Text size="sm" c="gray.7" mt="xs">
          {t('admin.users.privilegedNote')}
        </Text>
      )}
    </Checkbox.Group>
  );
}
