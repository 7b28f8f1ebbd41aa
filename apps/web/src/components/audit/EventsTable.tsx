import { Group, Pagination, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DateTime } from '../DateTime';
import { ActionLabel, ActorCell, EventDetail, ObjectCell, OutcomeBadge } from './EventParts';
import type { AuditEvent } from './vocabulary';

export const PAGE_SIZE = 25;

interface EventsTableProps {
  events: AuditEvent[];
  total: number;
  page: number;
  timeZone: string;
  /** Colleagues' names by user id, when the reader may know them. */
  names?: ReadonlyMap<string, string>;
  /** What to say when there is no event. */
  emptyText: string;
  /** Shows where each event came from (security events). */
  showClientIp?: boolean;
  onActor?: (id: string) => void;
  onPage(page: number): void;
}

/** A page of audit events, newest first, with the pages below it. */
export function EventsTable({ events, total, page, timeZone, names, emptyText, showClientIp, onActor, onPage }: EventsTableProps) {
  const { t } = useTranslation();
  if (events.length === 0) return <Text>{emptyText}</Text>;
  return (
    <Stack>
      <Table.ScrollContainer minWidth={900}>
        <Table striped verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('audit.table.seq')}</Table.Th>
              <Table.Th>{t('audit.table.time')}</Table.Th>
              <Table.Th>{t('audit.table.action')}</Table.Th>
              <Table.Th>{t('audit.table.actor')}</Table.Th>
              {showClientIp && <Table.Th>{t('audit.table.clientIp')}</Table.Th>}
              <Table.Th>{t('audit.table.object')}</Table.Th>
              <Table.Th>{t('audit.table.detail')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {events.map((event) => (
              <Table.Tr key={event.seq} data-seq={event.seq}>
                <Table.Td>
                  <Text size="sm">
                    <bdi dir="ltr">{event.seq}</bdi>
                  </Text>
                  {!event.sealed && (
                    <Text size="xs" c="gray.7">
                      {t('audit.table.unsealed')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <DateTime iso={event.occurredAt} timeZone={timeZone} />
                </Table.Td>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm">
                      <ActionLabel code={event.action} />
                    </Text>
                    <OutcomeBadge outcome={event.outcome} />
                  </Group>
                </Table.Td>
                <Table.Td>
                  <ActorCell event={event} names={names} onActor={onActor} />
                </Table.Td>
                {showClientIp && (
                  <Table.Td>
                    <Text size="sm">{event.clientIp ? <bdi dir="ltr">{event.clientIp}</bdi> : '—'}</Text>
                  </Table.Td>
                )}
                <Table.Td>
                  <ObjectCell event={event} />
                </Table.Td>
                <Table.Td>
                  <EventDetail detail={event.detail} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group justify="space-between">
        <Text size="sm">{t('audit.table.total', { total })}</Text>
        <Pagination
          total={Math.ceil(total / PAGE_SIZE)}
          value={page}
          getControlProps={(control) => ({ 'aria-label': t(`cases.pages.${control}`) })}
          getItemProps={(number) => ({ 'aria-label': t('cases.pages.page', { number }) })}
          onChange={onPage}
        />
      </Group>
    </Stack>
  );
}
