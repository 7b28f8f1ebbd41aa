import { Button, CloseButton, Group, Select, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ShortId } from './EventParts';
import { actionsOf, type ActionArea } from './vocabulary';

export interface FilterValues {
  action: string | null;
  objectType: string | null;
  actorUserId: string | null;
  from: string | null;
  to: string | null;
}
export const FILTER_NAMES = ['action', 'objectType', 'actorUserId', 'from', 'to'] as const;
export type FilterName = (typeof FILTER_NAMES)[number];

interface AuditFiltersProps {
  values: FilterValues;
  /** The areas whose actions the action filter offers. */
  areas: readonly ActionArea[];
  objectTypes: readonly string[];
  onChange(name: FilterName, value: string | null): void;
  onClear(): void;
}

/** The trail's filters: action, record type, two calendar days (the unit's), and the actor picked from the table. */
export function AuditFilters({ values, areas, objectTypes, onChange, onClear }: AuditFiltersProps) {
  const { t } = useTranslation();
  const actions = areas.map((area) => ({
    group: t(`audit.areas.${area}`),
    items: actionsOf(area).map((code) => ({ value: code, label: t(`audit.actions.${code}`) })),
  }));
  const any = FILTER_NAMES.some((name) => values[name]);
  return (
    <Group align="end" gap="sm">
      <Select
        label={t('audit.filters.action')}
        placeholder={t('audit.filters.any')}
        data={actions}
        value={values.action}
        onChange={(value) => onChange('action', value)}
        searchable
        clearable
        w={260}
      />
      <Select
        label={t('audit.filters.objectType')}
        placeholder={t('audit.filters.any')}
        data={objectTypes.map((type) => ({ value: type, label: t(`audit.objectTypes.${type}`) }))}
        value={values.objectType}
        onChange={(value) => onChange('objectType', value)}
        clearable
        w={180}
      />
      <TextInput
        type="date"
        label={t('audit.filters.from')}
        value={values.from ?? ''}
        min="2000-01-01"
        max={values.to ?? '2199-12-31'}
        onChange={(event) => onChange('from', event.currentTarget.value || null)}
        w={170}
      />
      <TextInput
        type="date"
        label={t('audit.filters.to')}
        value={values.to ?? ''}
        min={values.from ?? '2000-01-01'}
        max="2199-12-31"
        onChange={(event) => onChange('to', event.currentTarget.value || null)}
        w={170}
      />
      {values.actorUserId && (
        <Group gap={4} wrap="nowrap" pb={6}>
          <Text size="sm">
            {t('audit.filters.actor')}
            <ShortId id={values.actorUserId} />
          </Text>
          <CloseButton size="sm" aria-label={t('audit.filters.clearActor')} onClick={() => onChange('actorUserId', null)} />
        </Group>
      )}
      {any && (
        <Button variant="subtle" onClick={onClear}>
          {t('audit.filters.clear')}
        </Button>
      )}
    </Group>
  );
}
