import { Badge, Button, Group, MultiSelect, Paper, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { FormError } from '../components/FormError';
import { showError } from '../errors';
import { VOCABULARY } from '../vocabulary';
import { centreName, useCentres } from './centres';
import { DataCategoriesChoice, SubjectsChoice } from './Choices';

type Schemas = components['schemas'];
type Subject = Schemas['SubjectView'];

/**
 * "May this be shared?" asked before a referral: which centre, which services, which subjects'
 * data. The answer is shown plainly per subject and data category, with the reasons when refused.
 */
export function SharingCheckPanel({ caseId, subjects }: { caseId: string; subjects: Subject[] }) {
  const { t, i18n } = useTranslation();
  const centres = useCentres();
  const [centreId, setCentreId] = useState<string | null>(null);
  const [services, setServices] = useState<string[]>([]);
  const [subjectIds, setSubjectIds] = useState<string[]>(subjects.filter((subject) => subject.role !== 'alleged_perpetrator').map((subject) => subject.id));
  const [categories, setCategories] = useState<string[]>(['identity']);
  const check = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/cases/{id}/sharing-check', {
          params: { path: { id: caseId } },
          body: {
            centreId: centreId!,
            services: services as Schemas['CentreService'][],
            subjects: subjectIds.map((subjectId) => ({ subjectId, categories: categories as Schemas['DataCategory'][] })),
          },
        }),
      ),
  });
  const nameOf = (id: string) => {
    const subject = subjects.find((candidate) => candidate.id === id);
    return subject?.nameAr ?? subject?.nameLatin ?? '—';
  };
  const answer = check.data;
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Title order={3} size="h4">
          {t('intake.sharing.title')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('intake.sharing.centre')}
            value={centreId}
            onChange={setCentreId}
            data={(centres.data ?? []).map((centre) => ({ value: centre.id, label: centreName(centre, i18n.language) }))}
          />
          <MultiSelect
            label={t('consents.services')}
            value={services}
            onChange={setServices}
            data={VOCABULARY.CentreService.map((service) => ({ value: service, label: t(`consents.services_.${service}`) }))}
          />
        </SimpleGrid>
        <SubjectsChoice subjects={subjects} label={t('intake.sharing.subjects')} value={subjectIds} onChange={setSubjectIds} />
        <DataCategoriesChoice label={t('consents.data')} value={categories} onChange={setCategories} />
        <Group justify="end">
          <Button
            variant="outline"
            onClick={() => check.mutate()}
            loading={check.isPending}
            disabled={!centreId || !services.length || !subjectIds.length || !categories.length}
          >
            {t('intake.sharing.check')}
          </Button>
        </Group>
        {check.error && <FormError error={showError(check.error, t)} />}
        {answer && (
          <Stack gap="xs" aria-live="polite">
            <Text fw={700} c={answer.allowed ? 'teal.9' : 'red.9'}>
              {t(answer.allowed ? 'intake.sharing.allowed' : 'intake.sharing.refused')}
            </Text>
            <Table>
              <Table.Tbody>
                {answer.subjects.flatMap((subject) =>
                  subject.categories.map((category) => (
                    <Table.Tr key={`${subject.subjectId}-${category.category}`}>
                      <Table.Td>
                        <bdi>{nameOf(subject.subjectId)}</bdi>
                      </Table.Td>
                      <Table.Td>{t(`legalBases.dataCategories.${category.category}`)}</Table.Td>
                      <Table.Td>
                        <Badge color={category.allowed ? 'teal.9' : 'red.9'} variant="filled">
                          {category.allowed ? t(`intake.sharing.bases.${category.basis?.kind ?? 'consent'}`) : t('intake.sharing.no')}
                        </Badge>
                      </Table.Td>
                      <Table.Td>{category.reasons.map((reason) => t(`intake.sharing.reasons.${reason}`)).join(' · ')}</Table.Td>
                    </Table.Tr>
                  )),
                )}
              </Table.Tbody>
            </Table>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
