import { Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Session } from '../../session';

/** The administrator's units. */
export function UnitsPage({ session: _session }: { session: Session }) {
  const { t } = useTranslation();
  return (
    <Stack>
      <Title order={2}>{t('admin.units.title')}</Title>
    </Stack>
  );
}
