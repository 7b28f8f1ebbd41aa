import { Checkbox, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { components } from '../api/schema';
import { VOCABULARY } from '../vocabulary';

interface ChoiceProps {
  label: string;
  value: string[];
  onChange(value: string[]): void;
  error?: string;
  required?: boolean;
}

/** Which data categories (identity, contact, address, narrative, documents): one checkbox each. */
export function DataCategoriesChoice({ label, value, onChange, error, required }: ChoiceProps) {
  const { t } = useTranslation();
  return (
    <Checkbox.Group label={label} value={value} onChange={onChange} error={error} withAsterisk={required}>
      <Group mt={4}>
        {VOCABULARY.DataCategory.map((category) => (
          <Checkbox key={category} value={category} label={t(`legalBases.dataCategories.${category}`)} />
        ))}
      </Group>
    </Checkbox.Group>
  );
}

/** Which of the case's subjects: one checkbox each, by name. */
export function SubjectsChoice({ subjects, label, value, onChange, error, required }: ChoiceProps & { subjects: components['schemas']['SubjectView'][] }) {
  return (
    <Checkbox.Group label={label} value={value} onChange={onChange} error={error} withAsterisk={required}>
      <Group mt={4}>
        {subjects.map((subject) => (
          <Checkbox key={subject.id} value={subject.id} label={<bdi>{subject.nameAr ?? subject.nameLatin}</bdi>} />
        ))}
      </Group>
    </Checkbox.Group>
  );
}
