import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { Trans, useTranslation } from 'react-i18next';
import { formatDateTime } from '../dates';
import type { Language } from '../i18n';
import { useRouter } from '../router';
import type { Session } from '../session';

/** Where each role's work starts: the label's message key and the page. */
const WORK_OF_ROLE: Partial<Record<string, ReadonlyArray<{ label: string; to: string }>>> = {
  desk_officer: [
    { label: 'intake.new', to: '/cases/new' },
    { label: 'cases.mine', to: '/cases' },
    { label: 'casework.search.title', to: '/cases/search' },
  ],
  supervisor: [
    { label: 'cases.unit', to: '/cases' },
    { label: 'legalBases.title', to: '/legal-bases' },
  ],
  auditor: [{ label: 'audit.trail.title', to: '/audit' }],
  administrator: [
    { label: 'admin.units.title', to: '/admin/units' },
    { label: 'admin.users.title', to: '/admin/users' },
    { label: 'admin.holidays.title', to: '/admin/holidays' },
  ],
};

/** Each role lands on its own home: who you are, your unit, and what your work is. */
export function HomePage({ session }: { session: Session }) {
  const { t, i18n } = useTranslation();
  const { navigate } = useRouter();
  const language = i18n.language as Language;
  const unitName = language === 'ar' ? session.unit.nameAr : session.unit.nameEn;
  const idle = formatDateTime(session.idleExpiresAt, language, session.unit.timeZone);
  return (
    <Stack>
      <Title order={2}>
        <Trans i18nKey="home.welcome" values={{ name: session.user.displayName }} components={{ bdi: <bdi /> }} />
      </Title>
      <Text>{t('home.unit', { unit: unitName })}</Text>
      {session.user.roles.map((role) => (
        <Paper key={role} withBorder p="md" radius="md">
          <Title order={3} size="h4">
            {t(`roles.${role}`)}
          </Title>
          <Group justify="space-between">
            <Text size="sm">{t(`home.${role}`)}</Text>
            <Group gap="xs">
              {WORK_OF_ROLE[role]?.map((work) => (
                <Button key={work.to} variant="outline" onClick={() => navigate(work.to)}>
                  {t(work.label)}
                </Button>
              ))}
            </Group>
          </Group>
        </Paper>
      ))}
      <Text size="xs" c="gray.7">
        {t('home.sessionEnds', { time: `${idle.gregorian} — ${idle.hijri}` })}
      </Text>
    </Stack>
  );
}
