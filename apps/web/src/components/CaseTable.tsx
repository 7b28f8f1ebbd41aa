import { Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { components } from '../api/schema';
import { AppLink } from './AppLink';
import { DateTime } from './DateTime';

/** Cases as lists show them: reference (the link), title, category, urgency, status, opened. */
export function CaseTable({ items, timeZone }: { items: components['schemas']['CaseSummaryView'][]; timeZone: string }) {
  const { t } = useTranslation();
  return (
    <Table striped highlightOnHover>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('cases.reference')}</Table.Th>
          <Table.Th>{t('cases.title')}</Table.Th>
          <Table.Th>{t('cases.category')}</Table.Th>
          <Table.Th>{t('cases.urgency')}</Table.Th>
          <Table.Th>{t('cases.status')}</Table.Th>
          <Table.Th>{t('cases.opened')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((item) => (
          <Table.Tr key={item.id}>
            <Table.Td>
              <AppLink to={`/cases/${item.id}`}>
                <bdi>{item.reference}</bdi>
              </AppLink>
            </Table.Td>
            <Table.Td>
              <bdi>{item.title}</bdi>
            </Table.Td>
            <Table.Td>{t(`cases.categories.${item.category}`)}</Table.Td>
            <Table.Td>{t(`cases.urgencies.${item.urgency}`)}</Table.Td>
            <Table.Td>{t(`cases.statuses.${item.status}`)}</Table.Td>
            <Table.Td>
              <DateTime iso={item.openedAt} timeZone={timeZone} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
