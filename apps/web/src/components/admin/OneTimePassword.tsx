import { Button, Code, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * A temporary password, or an administrator's part of one, shown once: the page keeps it only until
 * the administrator hides it (it is never stored, and the API never sends it back).
 */
export function OneTimePassword({ password, part, onHide }: { password: string; part?: boolean; onHide(): void }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md" radius="md" bd="2px solid var(--mantine-color-teal-9)">
      <Stack gap="xs">
        <Title order={3} size="h5">
          {t(part ? 'admin.temporary.partTitle' : 'admin.temporary.title')}
        </Title>
        <Code block dir="ltr" fz="lg" data-testid="one-time-password">
          {password}
        </Code>
        <Text size="sm">{t(part ? 'admin.temporary.partOnce' : 'admin.temporary.once')}</Text>
        <Button variant="outline" w="fit-content" onClick={onHide}>
          {t('admin.temporary.hide')}
        </Button>
      </Stack>
    </Paper>
  );
}
