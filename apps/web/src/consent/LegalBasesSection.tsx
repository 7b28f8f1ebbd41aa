import { Badge, Button, Group, Paper, Select, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { DateTime } from '../components/DateTime';
import { endOfDay } from '../dates';
import { FormError } from '../components/FormError';
import { showError } from '../errors';
import { useSubmitOnce } from '../submit-once';
import { VOCABULARY } from '../vocabulary';
import { DataCategoriesChoice, SubjectsChoice } from './Choices';

type Schemas = components['schemas'];
type Subject = Schemas['SubjectView'];

const subjectName = (subjects: Subject[], id: string) => {
  const subject = subjects.find((candidate) => candidate.id === id);
  return subject?.nameAr ?? subject?.nameLatin ?? '—';
};

/** The case's legal-basis requests with their decisions, and (for officers) a new request for a supervisor to decide. */
export function LegalBasesSection({ caseId, subjects, timeZone, canRequest }: { caseId: string; subjects: Subject[]; timeZone: string; canRequest: boolean }) {
  const { t } = useTranslation();
  const [requesting, setRequesting] = useState(false);
  const bases = useQuery({
    queryKey: ['case', caseId, 'legal-bases'],
    queryFn: () => unwrap(api.GET('/api/v1/cases/{id}/legal-bases', { params: { path: { id: caseId } } })),
  });
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Title order={3} size="h4">
          {t('intake.legalBasis.title')}
        </Title>
        {canRequest && !requesting && (
          <Button variant="outline" size="xs" onClick={() => setRequesting(true)} className="no-print">
            {t('intake.legalBasis.request')}
          </Button>
        )}
      </Group>
      {bases.data?.items.length === 0 && <Text size="sm">{t('intake.legalBasis.none')}</Text>}
      {!!bases.data?.items.length && (
        <Table>
          <Table.Tbody>
            {bases.data.items.map((basis) => (
              <Table.Tr key={basis.id}>
                <Table.Td>{t(`legalBases.kinds.${basis.basis}`)}</Table.Td>
                <Table.Td>
                  <bdi>{basis.subjectIds.map((id) => subjectName(subjects, id)).join('، ')}</bdi>
                </Table.Td>
                <Table.Td>{basis.dataCategories.map((category) => t(`legalBases.dataCategories.${category}`)).join(' · ')}</Table.Td>
                <Table.Td>
                  {t('legalBases.expires')}: <DateTime iso={basis.expiresAt} timeZone={timeZone} />
                </Table.Td>
                <Table.Td>
                  <Badge variant="outline" color={basis.status === 'approved' ? 'teal.9' : basis.status === 'rejected' ? 'red.9' : 'gray.8'}>
                    {basis.expired ? t('consents.states.expired') : t(`legalBases.statuses.${basis.status}`)}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {requesting && <RequestForm caseId={caseId} subjects={subjects} timeZone={timeZone} onDone={() => setRequesting(false)} />}
    </Stack>
  );
}

function RequestForm({ caseId, subjects, timeZone, onDone }: { caseId: string; subjects: Subject[]; timeZone: string; onDone(): void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [basis, setBasis] = useState<Schemas['LegalBasisKind'] | null>(null);
  const [subjectIds, setSubjectIds] = useState<string[]>([]);
  const [categories, setCategories] = useState<string[]>(['identity']);
  const [expires, setExpires] = useState('');
  const [justification, setJustification] = useState('');
  const request = useMutation({
    mutationFn: (idempotencyKey: string) =>
      unwrap(
        api.POST('/api/v1/cases/{id}/legal-bases', {
          params: { path: { id: caseId }, header: { 'Idempotency-Key': idempotencyKey } },
          body: {
            basis: basis!,
            subjectIds,
            dataCategories: categories as Schemas['DataCategory'][],
            justification,
            expiresAt: endOfDay(expires, timeZone)!,
          },
        }),
      ),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['case', caseId] });
      onDone();
    },
  });
  const submit = useSubmitOnce(request);
  const error = request.error ? showError(request.error, t) : null;
  const ready = basis && subjectIds.length && categories.length && expires && justification.trim().length >= 3;
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Text size="sm">{t('intake.legalBasis.help')}</Text>
        <Select
          label={t('legalBases.basis')}
          value={basis}
          onChange={(value) => setBasis(value as Schemas['LegalBasisKind'] | null)}
          data={VOCABULARY.LegalBasisKind.map((value) => ({ value, label: t(`legalBases.kinds.${value}`) }))}
          error={error?.fields.basis}
          withAsterisk
        />
        <SubjectsChoice
          subjects={subjects}
          label={t('intake.sharing.subjects')}
          value={subjectIds}
          onChange={setSubjectIds}
          error={error?.fields.subjectIds}
          required
        />
        <DataCategoriesChoice label={t('legalBases.categories')} value={categories} onChange={setCategories} error={error?.fields.dataCategories} required />
        <TextInput
          label={t('intake.consent.expires')}
          type="date"
          value={expires}
          onChange={(event) => setExpires(event.currentTarget.value)}
          error={error?.fields.expiresAt}
          withAsterisk
        />
        <Textarea
          label={t('legalBases.justification')}
          description={t('intake.legalBasis.justificationHelp')}
          value={justification}
          onChange={(event) => setJustification(event.currentTarget.value)}
          autosize
          minRows={2}
          error={error?.fields.justification}
          withAsterisk
        />
        <FormError error={error} />
        <Group justify="end">
          <Button variant="subtle" onClick={onDone}>
            {t('intake.legalBasis.cancel')}
          </Button>
          <Button onClick={submit} loading={request.isPending} disabled={!ready}>
            {t('intake.legalBasis.send')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
