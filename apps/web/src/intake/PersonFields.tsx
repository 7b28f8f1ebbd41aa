import { Alert, Button, Checkbox, Group, Paper, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { VOCABULARY } from '../vocabulary';
import { statedAgeOf, type PersonDraft } from './person-draft';
import { Suggestions } from './Suggestions';

interface Props {
  draft: PersonDraft;
  onChange(draft: PersonDraft): void;
  onRemove(): void;
  /** Field errors of this person from the API, by the person's field name (`nameAr`, `phones`, …). */
  errors: Record<string, string>;
}

/** One person at intake: the new person's details with live duplicate suggestions, or the existing person picked. */
export function PersonFields({ draft, onChange, onRemove, errors }: Props) {
  const { t } = useTranslation();
  const set = <K extends keyof PersonDraft>(key: K, value: PersonDraft[K]) => onChange({ ...draft, [key]: value });
  const input = (key: 'nameAr' | 'nameLatin' | 'birthDate' | 'statedAge' | 'documentNumber' | 'phone' | 'address' | 'safeHours', error = errors[key]) => ({
    label: t(`intake.person.${key}`),
    value: draft[key],
    error,
    onChange: (event: React.ChangeEvent<HTMLInputElement>) => set(key, event.currentTarget.value),
  });

  if (draft.existing) {
    return (
      <Paper withBorder p="md" radius="md">
        <Group justify="space-between">
          <Text>
            {t('intake.person.existing')}: <bdi>{draft.existing.nameAr ?? draft.existing.nameLatin}</bdi>
          </Text>
          <Group gap="xs">
            <Button variant="subtle" onClick={() => set('existing', null)}>
              {t('intake.person.notThem')}
            </Button>
            <Button variant="subtle" color="red" c="red.9" onClick={onRemove}>
              {t('intake.person.remove')}
            </Button>
          </Group>
        </Group>
      </Paper>
    );
  }
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput {...input('nameAr')} dir="rtl" lang="ar" autoComplete="off" />
          <TextInput {...input('nameLatin')} dir="ltr" lang="en" autoComplete="off" />
        </SimpleGrid>
        <Suggestions draft={draft} onPick={(existing) => onChange({ ...draft, existing })} />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput {...input('birthDate')} type="date" />
          <TextInput
            {...input('statedAge', errors.statedAge ?? (Number.isNaN(statedAgeOf(draft)) ? t('fieldErrors.IS_INT') : undefined))}
            inputMode="numeric"
            disabled={!!draft.birthDate}
          />
          <Select
            label={t('intake.person.sex')}
            value={draft.sex}
            onChange={(value) => value && set('sex', value as PersonDraft['sex'])}
            data={VOCABULARY.Sex.map((value) => ({ value, label: t(`intake.sexes.${value}`) }))}
            allowDeselect={false}
            error={errors.sex}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('intake.person.documentType')}
            value={draft.documentType}
            onChange={(value) => value && set('documentType', value as PersonDraft['documentType'])}
            data={VOCABULARY.DocumentType.map((value) => ({ value, label: t(`intake.documentTypes.${value}`) }))}
            allowDeselect={false}
          />
          <TextInput {...input('documentNumber', errors.document ?? errors['document.number'])} dir="ltr" inputMode="numeric" autoComplete="off" />
        </SimpleGrid>
        <TextInput {...input('address')} autoComplete="off" />
        <TextInput {...input('phone', errors.phones ?? errors['phones.0'])} dir="ltr" type="tel" autoComplete="off" />
        {draft.phone.trim() && (
          <Alert color="red" variant="light" title={t('intake.person.safeContactTitle')} styles={{ title: { color: 'var(--mantine-color-red-9)' } }}>
            <Stack gap="xs">
              <Text size="sm">{t('intake.person.safeContactHelp')}</Text>
              <Group>
                <Checkbox label={t('intake.person.callSafe')} checked={draft.callSafe} onChange={(event) => set('callSafe', event.currentTarget.checked)} />
                <Checkbox
                  label={t('intake.person.messageSafe')}
                  checked={draft.messageSafe}
                  onChange={(event) => set('messageSafe', event.currentTarget.checked)}
                />
              </Group>
              <TextInput {...input('safeHours', errors['safeContact.safeHours'])} placeholder="09:00-12:00" dir="ltr" />
              <Textarea
                label={t('intake.person.safeNote')}
                value={draft.safeNote}
                onChange={(event) => set('safeNote', event.currentTarget.value)}
                autosize
                minRows={1}
                error={errors['safeContact.note']}
              />
            </Stack>
          </Alert>
        )}
        <Group justify="end">
          <Button variant="subtle" color="red" c="red.9" onClick={onRemove}>
            {t('intake.person.remove')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
