import { Anchor, Badge, Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError, unwrap } from '../api/client';
import { ConsentsSection } from '../components/ConsentsSection';
import { DateTime } from '../components/DateTime';
import { FormError } from '../components/FormError';
import { showError } from '../errors';
import { useRouter } from '../router';
import type { Session } from '../session';
import { NotFound } from './NotFound';

/**
 * One case as its reader may see it: details, subjects and the case's own history. Sensitive fields
 * come masked; the narrative is revealed on request, field by field, and each reveal is audited.
 * The URL carries the case's id only; the page title stays the app's name.
 */
export function CasePage({ id, session }: { id: string; session: Session }) {
  const { t } = useTranslation();
  const { navigate } = useRouter();
  const detail = useQuery({ queryKey: ['case', id], queryFn: () => unwrap(api.GET('/api/v1/cases/{id}', { params: { path: { id } } })), retry: false });
  const timeline = useQuery({
    queryKey: ['case', id, 'timeline'],
    queryFn: () => unwrap(api.GET('/api/v1/cases/{id}/timeline', { params: { path: { id } } })),
    enabled: detail.isSuccess,
  });
  const reveal = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/cases/{id}/reveal', { params: { path: { id } }, body: { fields: ['narrative'] } })),
  });

  if (detail.error instanceof ApiError && detail.error.status === 404) return <NotFound />;
  if (detail.error) return <FormError error={showError(detail.error, t)} />;
  if (!detail.data) return null;
  const item = detail.data;
  const field = (label: string, value: React.ReactNode) => (
    <Stack gap={2}>
      <Text size="xs" c="gray.7">
        {label}
      </Text>
      <Text size="sm">{value}</Text>
    </Stack>
  );

  return (
    <Stack>
      <Anchor
        href="/cases"
        onClick={(event) => {
          event.preventDefault();
          navigate('/cases');
        }}
      >
        {t('cases.back')}
      </Anchor>
      <Group justify="space-between">
        <Title order={2}>
          <bdi>{item.reference}</bdi> — <bdi>{item.title}</bdi>
        </Title>
        <Badge size="lg" variant="outline">
          {t(`cases.statuses.${item.status}`)}
        </Badge>
      </Group>
      <Paper withBorder p="md" radius="md">
        <SimpleGrid cols={{ base: 1, sm: 4 }}>
          {field(t('cases.category'), t(`cases.categories.${item.category}`))}
          {field(t('cases.urgency'), t(`cases.urgencies.${item.urgency}`))}
          {field(t('cases.channel'), t(`cases.channels.${item.intakeChannel}`))}
          {field(t('cases.opened'), <DateTime iso={item.openedAt} timeZone={session.unit.timeZone} />)}
        </SimpleGrid>
      </Paper>
      <Paper withBorder p="md" radius="md">
        <Group justify="space-between" align="start">
          <Stack gap={4} style={{ flex: 1 }}>
            <Title order={3} size="h4">
              {t('cases.narrative')}
            </Title>
            {reveal.data ? (
              <>
                <Text style={{ whiteSpace: 'pre-wrap' }}>{reveal.data.narrative}</Text>
                <Text size="xs" c="gray.7">
                  {t('cases.revealed')}
                </Text>
              </>
            ) : (
              <Text>{item.narrative.masked ?? '—'}</Text>
            )}
          </Stack>
          {item.narrative.present && !reveal.data && (
            <Button variant="outline" onClick={() => reveal.mutate()} loading={reveal.isPending}>
              {t('cases.reveal')}
            </Button>
          )}
        </Group>
        {reveal.error && <FormError error={showError(reveal.error, t)} />}
      </Paper>
      <Title order={3} size="h4">
        {t('cases.subjects')}
      </Title>
      <Table>
        <Table.Tbody>
          {item.subjects.map((subject) => (
            <Table.Tr key={subject.id}>
              <Table.Td>
                <bdi>{subject.nameAr ?? subject.nameLatin}</bdi>
                {subject.nameAr && subject.nameLatin && (
                  <Text span size="xs" c="gray.7" ms="xs">
                    <bdi>{subject.nameLatin}</bdi>
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{t(`cases.roles.${subject.role}`)}</Table.Td>
              <Table.Td>{subject.minor && <Badge color="red.9">{t('cases.minor')}</Badge>}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {session.permissions.includes('consent.read') && <ConsentsSection caseId={item.id} subjects={item.subjects} timeZone={session.unit.timeZone} />}
      <Title order={3} size="h4">
        {t('cases.timeline')}
      </Title>
      <Stack gap="xs">
        {timeline.data?.items.map((entry) => (
          <Group key={entry.id} gap="sm">
            <DateTime iso={entry.at} timeZone={session.unit.timeZone} />
            <Text size="sm">{t(`cases.actions.${entry.action}`, { defaultValue: entry.action })}</Text>
          </Group>
        ))}
      </Stack>
    </Stack>
  );
}
