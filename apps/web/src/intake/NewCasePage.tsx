import { Alert, Badge, Button, Group, Paper, Select, SimpleGrid, Stack, Stepper, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { FormError } from '../components/FormError';
import { ConsentForm } from '../consent/ConsentForm';
import { SharingCheckPanel } from '../consent/SharingCheckPanel';
import { showError } from '../errors';
import { useRouter } from '../router';
import { useSubmitOnce } from '../submit-once';
import { VOCABULARY } from '../vocabulary';
import { draftName, emptyPerson, statedAgeOf, toSubjectInput, type PersonDraft } from './person-draft';
import { fieldsUnder } from './field-paths';
import { PersonFields } from './PersonFields';

type Schemas = components['schemas'];
type Details = Pick<Schemas['CreateCaseDto'], 'category' | 'urgency' | 'intakeChannel'> & { title: string; narrative: string };

/**
 * The desk officer's intake: the case's details, then its persons (with live duplicate suggestions),
 * then each one's role; the case is opened in one request, and consent is then recorded per subject
 * with the sharing check beside it. Everything typed stays in this page's memory, never in the URL.
 */
export function NewCasePage() {
  const { t } = useTranslation();
  const { navigate } = useRouter();
  const [step, setStep] = useState(0);
  const [details, setDetails] = useState<Details>({ category: 'domestic_violence', urgency: 'medium', intakeChannel: 'walk_in', title: '', narrative: '' });
  const [persons, setPersons] = useState<PersonDraft[]>([emptyPerson()]);
  const [consented, setConsented] = useState<string[]>([]);

  const open = useMutation({
    mutationFn: (idempotencyKey: string) =>
      unwrap(
        api.POST('/api/v1/cases', {
          params: { header: { 'Idempotency-Key': idempotencyKey } },
          body: { ...details, title: details.title.trim(), narrative: details.narrative.trim() || null, subjects: persons.map(toSubjectInput) },
        }),
      ),
    onSuccess: () => setStep(3),
    onError: (error) => {
      const fields = Object.keys(showError(error, t).fields);
      if (fields.some((field) => !field.startsWith('subjects'))) setStep(0);
      else if (fields.some((field) => field.includes('.person'))) setStep(1);
    },
  });
  const submit = useSubmitOnce(open);
  const error = open.error ? showError(open.error, t) : null;
  const created = open.data;
  const personsReady = persons.every((person) => draftName(person) && !Number.isNaN(statedAgeOf(person)));
  const setPerson = (index: number, person: PersonDraft) => setPersons(persons.map((current, at) => (at === index ? person : current)));
  const choice = (group: string, values: readonly string[]) => values.map((value) => ({ value, label: t(`cases.${group}.${value}`) }));

  return (
    <Stack>
      <Title order={2}>{t('intake.title')}</Title>
      <Stepper active={step} onStepClick={created ? undefined : (next) => next < step && setStep(next)} size="sm">
        <Stepper.Step label={t('intake.steps.details')} allowStepSelect={!created}>
          <Paper withBorder p="md" radius="md">
            <Stack>
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <Select
                  label={t('cases.category')}
                  value={details.category}
                  onChange={(value) => value && setDetails({ ...details, category: value as Details['category'] })}
                  data={choice('categories', VOCABULARY.CaseCategory)}
                  allowDeselect={false}
                />
                <Select
                  label={t('cases.urgency')}
                  value={details.urgency}
                  onChange={(value) => value && setDetails({ ...details, urgency: value as Details['urgency'] })}
                  data={choice('urgencies', VOCABULARY.Urgency)}
                  allowDeselect={false}
                />
                <Select
                  label={t('cases.channel')}
                  value={details.intakeChannel}
                  onChange={(value) => value && setDetails({ ...details, intakeChannel: value as Details['intakeChannel'] })}
                  data={choice('channels', VOCABULARY.IntakeChannel)}
                  allowDeselect={false}
                />
              </SimpleGrid>
              <TextInput
                label={t('cases.title')}
                description={t('intake.titleHelp')}
                value={details.title}
                onChange={(event) => setDetails({ ...details, title: event.currentTarget.value })}
                error={error?.fields.title}
                withAsterisk
              />
              <Textarea
                label={t('cases.narrative')}
                description={t('intake.narrativeHelp')}
                value={details.narrative}
                onChange={(event) => setDetails({ ...details, narrative: event.currentTarget.value })}
                error={error?.fields.narrative}
                autosize
                minRows={4}
              />
              <Group justify="end">
                <Button onClick={() => setStep(1)} disabled={details.title.trim().length < 3}>
                  {t('intake.next')}
                </Button>
              </Group>
            </Stack>
          </Paper>
        </Stepper.Step>
        <Stepper.Step label={t('intake.steps.persons')} allowStepSelect={!created}>
          <Stack>
            {persons.map((person, index) => (
              <Stack key={index} gap={4}>
                <Text fw={600}>{t('intake.person.number', { number: index + 1 })}</Text>
                <PersonFields
                  draft={person}
                  onChange={(next) => setPerson(index, next)}
                  onRemove={() => setPersons(persons.filter((_, at) => at !== index))}
                  errors={fieldsUnder(error?.fields ?? {}, `subjects.${index}.person.`)}
                />
              </Stack>
            ))}
            <Group justify="space-between">
              <Button variant="outline" onClick={() => setPersons([...persons, emptyPerson()])} disabled={persons.length >= 20}>
                {t('intake.person.add')}
              </Button>
              <Button onClick={() => setStep(2)} disabled={!persons.length || !personsReady}>
                {t('intake.next')}
              </Button>
            </Group>
          </Stack>
        </Stepper.Step>
        <Stepper.Step label={t('intake.steps.roles')} allowStepSelect={!created}>
          <Stack>
            <Table>
              <Table.Tbody>
                {persons.map((person, index) => (
                  <Table.Tr key={index}>
                    <Table.Td>
                      <bdi>{draftName(person)}</bdi>
                      {person.existing && (
                        <Badge ms="xs" size="sm" variant="outline" color="gray.8">
                          {t('intake.person.existing')}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Select
                        label={t('intake.roleOf', { name: draftName(person) })}
                        value={person.role}
                        onChange={(role) => setPerson(index, { ...person, role: role as PersonDraft['role'] })}
                        data={choice('roles', VOCABULARY.SubjectRole)}
                        error={error?.fields[`subjects.${index}.role`]}
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <FormError error={error} />
            <Group justify="end">
              <Button onClick={submit} loading={open.isPending} disabled={persons.some((person) => !person.role)}>
                {t('intake.open')}
              </Button>
            </Group>
          </Stack>
        </Stepper.Step>
        <Stepper.Step label={t('intake.steps.consent')}>
          {created && (
            <Stack>
              <Alert color="teal" variant="light">
                {t('intake.opened')} <bdi>{created.reference}</bdi>
              </Alert>
              {created.subjects
                .filter((subject) => !consented.includes(subject.id))
                .map((subject) => (
                  <ConsentForm
                    key={subject.id}
                    caseId={created.id}
                    subject={subject}
                    subjects={created.subjects}
                    onRecorded={() => setConsented([...consented, subject.id])}
                  />
                ))}
              {consented.length > 0 && (
                <Text size="sm" c="teal.9">
                  {t('intake.consent.recordedFor', { count: consented.length })}
                </Text>
              )}
              <SharingCheckPanel caseId={created.id} subjects={created.subjects} />
              <Group justify="end">
                <Button onClick={() => navigate(`/cases/${created.id}`)}>{t('intake.toCase')}</Button>
              </Group>
            </Stack>
          )}
        </Stepper.Step>
      </Stepper>
    </Stack>
  );
}
