import { Badge, Button, Table, Text, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { unitName, URGENCIES, type Unit } from './vocabulary';

const NOWRAP = { whiteSpace: 'nowrap' } as const;

/** Units as the administrator lists them: code, name, kind, parent, a centre's deadlines, state, and the edit button. */
export function UnitTable({ units, all, onEdit }: { units: Unit[]; all: Unit[]; onEdit(unit: Unit): void }) {
  const { t, i18n } = useTranslation();
  const byId = new Map(all.map((unit) => [unit.id, unit]));
  return (
    <Table striped highlightOnHover>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('admin.units.code')}</Table.Th>
          <Table.Th>{t('admin.units.name')}</Table.Th>
          <Table.Th>{t('admin.units.kind')}</Table.Th>
          <Table.Th>{t('admin.units.parent')}</Table.Th>
          <Table.Th>{t('admin.units.deadlinesColumn')}</Table.Th>
          <Table.Th>{t('admin.units.state')}</Table.Th>
          <Table.Th>
            <VisuallyHidden>{t('admin.units.edit')}</VisuallyHidden>
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {units.map((unit) => (
          <Table.Tr key={unit.id}>
            <Table.Td style={NOWRAP}>
              <bdi>{unit.code}</bdi>
            </Table.Td>
            <Table.Td>{unitName(unit, i18n.language)}</Table.Td>
            <Table.Td>{t(`admin.kinds.${unit.kind}`)}</Table.Td>
            <Table.Td>{unit.parentId ? unitName(byId.get(unit.parentId), i18n.language) : '—'}</Table.Td>
            <Table.Td>
              <Deadlines unit={unit} />
            </Table.Td>
            <Table.Td>
              <Badge variant="outline" color={unit.active ? 'teal.9' : 'gray.7'} miw="max-content">
                {t(unit.active ? 'admin.units.active' : 'admin.units.inactive')}
              </Badge>
            </Table.Td>
            <Table.Td>
              <Button size="xs" variant="outline" onClick={() => onEdit(unit)}>
                {t('admin.units.edit')}
              </Button>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** A centre's deadline per urgency, most urgent first; other kinds have none. */
function Deadlines({ unit }: { unit: Unit }) {
  const { t } = useTranslation();
  if (unit.kind !== 'partner_centre') return '—';
  const hours = unit.acceptanceHours;
  if (!hours)
    return (
      <Text span size="sm" c="gray.7">
        {t('admin.units.noDeadlines')}
      </Text>
    );
  return (
    <Text span size="sm">
      {URGENCIES.map((urgency, index) => (
        <span key={urgency}>
          {index > 0 && ' · '}
          <span style={NOWRAP}>
            {t(`cases.urgencies.${urgency}`)} {hours[urgency]}
          </span>
        </span>
      ))}
    </Text>
  );
}
