import { Checkbox, Fieldset, NumberInput, SimpleGrid, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { VOCABULARY } from '../../vocabulary';
import type { UnitDraft } from './unit-draft';
import { URGENCIES } from './vocabulary';

interface Props {
  draft: UnitDraft;
  set<K extends keyof UnitDraft>(key: K, value: UnitDraft[K]): void;
  /** Some deadlines filled in, not all four. */
  incomplete: boolean;
  fieldError(name: string): string | undefined;
}

/** What only a partner centre has: the services it offers, the case categories it accepts, and its deadline per urgency. */
export function CentreFields({ draft, set, incomplete, fieldError }: Props) {
  const { t } = useTranslation();
  return (
    <>
      <Checkbox.Group
        label={t('admin.units.services')}
        value={draft.services}
        onChange={(values) => set('services', values as UnitDraft['services'])}
        error={fieldError('services')}
      >
        <SimpleGrid cols={{ base: 1, sm: 3 }} mt="xs">
          {VOCABULARY.CentreService.map((service) => (
            <Checkbox key={service} value={service} label={t(`consents.services_.${service}`)} />
          ))}
        </SimpleGrid>
      </Checkbox.Group>
      <Checkbox.Group
        label={t('admin.units.categories')}
        value={draft.caseCategories}
        onChange={(values) => set('caseCategories', values as UnitDraft['caseCategories'])}
        error={fieldError('caseCategories')}
      >
        <SimpleGrid cols={{ base: 1, sm: 3 }} mt="xs">
          {VOCABULARY.CaseCategory.map((category) => (
            <Checkbox key={category} value={category} label={t(`cases.categories.${category}`)} />
          ))}
        </SimpleGrid>
      </Checkbox.Group>
      <Fieldset
        legend={t('admin.units.deadlines')}
        variant="unstyled"
        styles={{ legend: { fontWeight: 'var(--mantine-font-weight-medium)', fontSize: 'var(--mantine-font-size-sm)' } }}
      >
        <Text size="sm" c="gray.7" mb="xs">
          {t('admin.units.deadlinesHelp')}
        </Text>
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          {URGENCIES.map((urgency) => (
            <NumberInput
              key={urgency}
              label={t(`cases.urgencies.${urgency}`)}
              value={draft.hours[urgency]}
              onChange={(value) => set('hours', { ...draft.hours, [urgency]: value === '' ? '' : Number(value) })}
              min={1}
              max={720}
              allowDecimal={false}
              allowNegative={false}
              error={fieldError(`acceptanceHours.${urgency}`)}
            />
          ))}
        </SimpleGrid>
        {incomplete && (
          <Text size="sm" c="red.9" mt="xs" role="alert">
            {t('admin.units.deadlinesIncomplete')}
          </Text>
        )}
      </Fieldset>
    </>
  );
}
