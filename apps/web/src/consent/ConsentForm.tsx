import { Button, Checkbox, Group, MultiSelect, Paper, Radio, Select, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { FormError } from '../components/FormError';
import { endOfDay } from '../dates';
import { showError } from '../errors';
import { useSession } from '../session';
import { useSubmitOnce } from '../submit-once';
import { VOCABULARY } from '../vocabulary';
import { centreName, useCentres } from './centres';
import { DataCategoriesChoice } from './Choices';

type Schemas = components['schemas'];
type Subject = Schemas['SubjectView'];

/** Languages a consent is commonly explained in here (ISO 639): Arabic, English and the main languages of residents. */
const EXPLAINED_IN = ['ar', 'en', 'ur', 'hi', 'ml', 'bn', 'ne', 'tl', 'fr'] as const;

interface Props {
  caseId: string;
  subject: Subject;
  /** Every subject of the case: a minor's guardian is one of them. */
  subjects: Subject[];
  onRecorded(consent: Schemas['ConsentView']): void;
}

/**
 * Records one subject's consent: who gave it (a guardian for a minor, the minor's own view heard
 * beside), to which centres, for which services and which data, how and in which language.
 */
export function ConsentForm({ caseId, subject, subjects, onRecorded }: Props) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  // An expiry "on" a day ends with that day in the unit's zone, wherever the browser is.
  const timeZone = useSession().session!.unit.timeZone;
  const centres = useCentres();
  const guardians = subjects.filter((candidate) => candidate.role === 'guardian' && candidate.id !== subject.id);
  const [guardianId, setGuardianId] = useState<string | null>(subject.minor ? (guardians[0]?.id ?? null) : null);
  const [minorView, setMinorView] = useState<string>('');
  const [anyCentre, setAnyCentre] = useState(true);
  const [centreIds, setCentreIds] = useState<string[]>([]);
  const [services, setServices] = useState<string[]>([]);
  const [categories, setCategories] = useState<string[]>(['identity']);
  const [method, setMethod] = useState<Schemas['ConsentMethod']>('verbal');
  const [language, setLanguage] = useState<string>(i18n.language);
  const [expires, setExpires] = useState('');
  const [note, setNote] = useState('');

  const record = useMutation({
    mutationFn: (idempotencyKey: string) =>
      unwrap(
        api.POST('/api/v1/cases/{id}/consents', {
          params: { path: { id: caseId }, header: { 'Idempotency-Key': idempotencyKey } },
          body: {
            subjectId: subject.id,
            givenBy: guardianId ? 'guardian' : 'subject',
            guardianSubjectId: guardianId ?? undefined,
            minorView: (minorView || undefined) as Schemas['MinorView'] | undefined,
            centres: anyCentre ? { any: true } : { any: false, centreIds },
            services: services as Schemas['CentreService'][],
            dataCategories: categories as Schemas['DataCategory'][],
            method,
            language,
            expiresAt: expires ? endOfDay(expires, timeZone) : undefined,
            note: note.trim() || undefined,
          },
        }),
      ),
    onSuccess: async (consent) => {
      await client.invalidateQueries({ queryKey: ['case', caseId] });
      onRecorded(consent);
    },
  });
  const submit = useSubmitOnce(record);
  const error = record.error ? showError(record.error, t) : null;
  const name = subject.nameAr ?? subject.nameLatin ?? '—';

  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Title order={4} size="h5">
          {t('intake.consent.for')} <bdi>{name}</bdi> — {t(`cases.roles.${subject.role}`)}
        </Title>
        {subject.minor && (
          <>
            <Text size="sm">{t('intake.consent.minorHelp')}</Text>
            <Select
              label={t('intake.consent.guardian')}
              value={guardianId}
              onChange={setGuardianId}
              data={guardians.map((guardian) => ({ value: guardian.id, label: guardian.nameAr ?? guardian.nameLatin ?? '—' }))}
              error={error?.fields.guardianSubjectId ?? (guardians.length ? undefined : t('intake.consent.noGuardian'))}
            />
            <Select
              label={t('intake.consent.minorView')}
              value={minorView}
              onChange={(value) => setMinorView(value ?? '')}
              data={[
                { value: '', label: t('intake.consent.minorViews.none') },
                { value: 'assent', label: t('intake.consent.minorViews.assent') },
                { value: 'dissent', label: t('intake.consent.minorViews.dissent') },
              ]}
            />
          </>
        )}
        <Radio.Group label={t('consents.centres')} value={anyCentre ? 'any' : 'named'} onChange={(value) => setAnyCentre(value === 'any')}>
          <Group mt={4}>
            <Radio value="any" label={t('consents.anyCentre')} />
            <Radio value="named" label={t('intake.consent.namedCentres')} />
          </Group>
        </Radio.Group>
        {!anyCentre && (
          <MultiSelect
            label={t('intake.consent.whichCentres')}
            value={centreIds}
            onChange={setCentreIds}
            data={(centres.data ?? []).map((centre) => ({ value: centre.id, label: centreName(centre, i18n.language) }))}
            error={error?.fields['centres.centreIds'] ?? error?.fields.centres}
          />
        )}
        <Checkbox.Group label={t('consents.services')} value={services} onChange={setServices} error={error?.fields.services} withAsterisk>
          <SimpleGrid cols={{ base: 1, sm: 3 }} mt={4}>
            {VOCABULARY.CentreService.map((service) => (
              <Checkbox key={service} value={service} label={t(`consents.services_.${service}`)} />
            ))}
          </SimpleGrid>
        </Checkbox.Group>
        <DataCategoriesChoice label={t('consents.data')} value={categories} onChange={setCategories} error={error?.fields.dataCategories} required />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            label={t('intake.consent.method')}
            value={method}
            onChange={(value) => value && setMethod(value as Schemas['ConsentMethod'])}
            data={VOCABULARY.ConsentMethod.map((value) => ({ value, label: t(`intake.consent.methods.${value}`) }))}
            allowDeselect={false}
          />
          <Select
            label={t('intake.consent.language')}
            value={language}
            onChange={(value) => value && setLanguage(value)}
            data={EXPLAINED_IN.map((code) => ({ value: code, label: new Intl.DisplayNames([i18n.language], { type: 'language' }).of(code) ?? code }))}
            allowDeselect={false}
          />
          <TextInput
            label={t('intake.consent.expires')}
            type="date"
            value={expires}
            onChange={(event) => setExpires(event.currentTarget.value)}
            error={error?.fields.expiresAt}
          />
        </SimpleGrid>
        <Textarea
          label={t('intake.consent.note')}
          value={note}
          onChange={(event) => setNote(event.currentTarget.value)}
          autosize
          minRows={1}
          error={error?.fields.note}
        />
        <FormError error={error} />
        <Group justify="end">
          <Button onClick={submit} loading={record.isPending} disabled={!services.length || !categories.length}>
            {t('intake.consent.record')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
