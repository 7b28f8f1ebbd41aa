import { Anchor, Badge, Button, Group, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { DateTime } from '../components/DateTime';
import { FormError } from '../components/FormError';
import { showError } from '../errors';
import { useRouter } from '../router';
import type { Session } from '../session';

type LegalBasis = components['schemas']['LegalBasisView'];

/**
 * The supervisor's queue: the unit's pending legal-basis requests, oldest first. The justification is
 * revealed on request (audited); approval or rejection (with a reason) is for a supervisor other than
 * the requester, which the API enforces and the page says.
 */
export function LegalBasesPage({ session }: { session: Session }) {
  const { t } = useTranslation();
  const queue = useQuery({
    queryKey: ['legal-bases', 'pending'],
    queryFn: () => unwrap(api.GET('/api/v1/legal-bases', { params: { query: { status: 'pending', pageSize: 50 } } })),
  });
  return (
    <Stack>
      <Title order={2}>{t('legalBases.title')}</Title>
      {queue.error && <FormError error={showError(queue.error, t)} />}
      {queue.data?.items.length === 0 && <Text>{t('legalBases.none')}</Text>}
      {queue.data?.items.map((request) => (
        <Request key={request.id} request={request} session={session} />
      ))}
    </Stack>
  );
}

function Request({ request, session }: { request: LegalBasis; session: Session }) {
  const { t, i18n } = useTranslation();
  const { navigate } = useRouter();
  const client = useQueryClient();
  const [reason, setReason] = useState('');
  const [decided, setDecided] = useState<LegalBasis | null>(null);
  const path = { params: { path: { id: request.id } } };
  const reveal = useMutation({ mutationFn: () => unwrap(api.POST('/api/v1/legal-bases/{id}/reveal', { ...path, body: { fields: ['justification'] } })) });
  const decide = useMutation({
    mutationFn: (approve: boolean) =>
      approve
        ? unwrap(api.POST('/api/v1/legal-bases/{id}/approval', { ...path, body: { version: request.version } }))
        : unwrap(api.POST('/api/v1/legal-bases/{id}/rejection', { ...path, body: { version: request.version, reason } })),
    onSuccess: async (answer) => {
      setDecided(answer);
      // Stale for the next visit, not refetched now: the decided request stays on screen with its outcome.
      await client.invalidateQueries({ queryKey: ['legal-bases'], refetchType: 'none' });
    },
  });
  const shown = decided ?? request;
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={3} size="h4">
            {t(`legalBases.kinds.${request.basis}`)}
          </Title>
          <Badge variant="outline">{t(`legalBases.statuses.${shown.status}`)}</Badge>
        </Group>
        <Text size="sm">
          {t('legalBases.categories')}:{' '}
          {new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(
            request.dataCategories.map((category) => t(`legalBases.dataCategories.${category}`)),
          )}
        </Text>
        <Text size="sm">
          {t('legalBases.requested')}: <DateTime iso={request.requestedAt} timeZone={session.unit.timeZone} /> — {t('legalBases.expires')}:{' '}
          <DateTime iso={request.expiresAt} timeZone={session.unit.timeZone} />
        </Text>
        <Anchor
          href={`/cases/${request.caseId}`}
          onClick={(event) => {
            event.preventDefault();
            navigate(`/cases/${request.caseId}`);
          }}
          size="sm"
        >
          {t('legalBases.openCase')}
        </Anchor>
        {reveal.data ? (
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {t('legalBases.justification')}: {reveal.data.justification}
          </Text>
        ) : (
          <Button variant="outline" w="fit-content" onClick={() => reveal.mutate()} loading={reveal.isPending}>
            {t('legalBases.reveal')}
          </Button>
        )}
        {decided ? (
          <Text size="sm">{t('legalBases.decided', { status: t(`legalBases.statuses.${decided.status}`) })}</Text>
        ) : request.decidable ? (
          <>
            <Textarea label={t('legalBases.reason')} value={reason} onChange={(event) => setReason(event.currentTarget.value)} autosize minRows={2} />
            <Group>
              <Button onClick={() => decide.mutate(true)} loading={decide.isPending}>
                {t('legalBases.approve')}
              </Button>
              <Button variant="outline" color="red.9" onClick={() => decide.mutate(false)} disabled={reason.trim().length < 3} loading={decide.isPending}>
                {t('legalBases.reject')}
              </Button>
            </Group>
          </>
        ) : (
          <Text size="sm" c="gray.7">
            {t('legalBases.ownRequest')}
          </Text>
        )}
        {(decide.error || reveal.error) && <FormError error={showError(decide.error ?? reveal.error, t)} />}
      </Stack>
    </Paper>
  );
}
