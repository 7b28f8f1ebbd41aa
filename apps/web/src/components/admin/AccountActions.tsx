import { Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { User } from './vocabulary';

export type AccountAction = 'disable' | 'enable' | 'unlock' | 'reset';

/** What ends the user's sessions (disable, reset the password) is confirmed first; enable and unlock are not. */
const CONFIRMED: Partial<Record<AccountAction, { text: string; yes: string }>> = {
  disable: { text: 'admin.users.disableConfirm', yes: 'admin.users.disableYes' },
  reset: { text: 'admin.users.resetConfirm', yes: 'admin.users.resetYes' },
};

/** The account's switches: disable or enable, unlock when locked, reset the password. */
export function AccountActions({ user, pending, onAction }: { user: User; pending: boolean; onAction(action: AccountAction): void }) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState<AccountAction | null>(null);
  const ask = (action: AccountAction) => (CONFIRMED[action] ? setConfirming(action) : onAction(action));
  const confirmation = confirming && CONFIRMED[confirming];
  return (
    <Stack gap="xs">
      <Text fw={700} size="sm">
        {t('admin.users.account')}
      </Text>
      <Group gap="xs">
        {user.disabled ? (
          <Button variant="outline" onClick={() => ask('enable')} loading={pending}>
            {t('admin.users.enable')}
          </Button>
        ) : (
          <Button variant="outline" color="red.9" onClick={() => ask('disable')} disabled={pending}>
            {t('admin.users.disable')}
          </Button>
        )}
        {user.locked && (
          <Button variant="outline" onClick={() => ask('unlock')} loading={pending}>
            {t('admin.users.unlock')}
          </Button>
        )}
        <Button variant="outline" onClick={() => ask('reset')} disabled={pending}>
          {t('admin.users.reset')}
        </Button>
      </Group>
      {confirmation && (
        <Paper withBorder p="sm" radius="md" role="alertdialog" aria-label={t(confirming === 'disable' ? 'admin.users.disable' : 'admin.users.reset')}>
          <Stack gap="xs">
            <Text size="sm">
              <Trans i18nKey={confirmation.text} values={{ username: user.username }} components={{ bdi: <bdi /> }} />
            </Text>
            <Group gap="xs">
              <Button
                color={confirming === 'disable' ? 'red.9' : undefined}
                onClick={() => {
                  onAction(confirming);
                  setConfirming(null);
                }}
              >
                {t(confirmation.yes)}
              </Button>
              <Button variant="subtle" onClick={() => setConfirming(null)}>
                {t('admin.cancel')}
              </Button>
            </Group>
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}
