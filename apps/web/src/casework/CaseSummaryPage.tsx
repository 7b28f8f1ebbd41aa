import { Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { api, ApiError, unwrap } from '../api/client';
import { AppLink } from '../components/AppLink';
import { FormError } from '../components/FormError';
import { formatDateTime } from '../dates';
import { showError } from '../errors';
import { NotFound } from '../pages/NotFound';
import type { Session } from '../session';
import { useOfficerName } from './ReassignCase';

/**
 * The officer's printable summary of a case, Arabic and English side by side: the case's details,
 * its subjects and roles, and the consents on record. It carries no narrative, no phone, address or
 * document number: what is printed can be left on a desk.
 */
export function CaseSummaryPage({ id, session }: { id: string; session: Session }) {
  const { t, i18n } = useTranslation();
  const detail = useQuery({ queryKey: ['case', id], queryFn: () => unwrap(api.GET('/api/v1/cases/{id}', { params: { path: { id } } })), retry: false });
  const consents = useQuery({
    queryKey: ['case', id, 'consents'],
    queryFn: () => unwrap(api.GET('/api/v1/cases/{id}/consents', { params: { path: { id } } })),
    enabled: detail.isSuccess && session.permissions.includes('consent.read'),
  });
  const officer =
    useOfficerName(session.permissions.includes('unit_members.read') ? detail.data : undefined) ??
    (detail.data?.assignedOfficerId === session.user.id ? session.user.displayName : undefined);
  if (detail.error instanceof ApiError && detail.error.status === 404) return <NotFound />;
  if (detail.error) return <FormError error={showError(detail.error, t)} />;
  if (!detail.data) return null;
  const item = detail.data;
  const ar = i18n.getFixedT('ar');
  const en = i18n.getFixedT('en');
  /** A value in both languages: Arabic, then English. */
  const both = (key: string) => <Bilingual ar={ar(key)} en={en(key)} />;
  /** Gregorian in English and Hijri in Arabic, each in its own direction so neither reorders the other. */
  const when = (iso: string) => (
    <>
      <bdi dir="ltr">{formatDateTime(iso, 'en', session.unit.timeZone).gregorian}</bdi> —{' '}
      <bdi dir="rtl">{formatDateTime(iso, 'ar', session.unit.timeZone).hijri}</bdi>
    </>
  );
  const rows: Array<[string, React.ReactNode]> = [
    ['cases.reference', <bdi dir="ltr">{item.reference}</bdi>],
    ['cases.title', <bdi>{item.title}</bdi>],
    ['cases.category', both(`cases.categories.${item.category}`)],
    ['cases.urgency', both(`cases.urgencies.${item.urgency}`)],
    ['cases.status', both(`cases.statuses.${item.status}`)],
    ['cases.channel', both(`cases.channels.${item.intakeChannel}`)],
    ['cases.opened', when(item.openedAt)],
    ['casework.assigned', officer ? <bdi>{officer}</bdi> : '—'],
  ];
  return (
    <Stack>
      <Group justify="space-between" className="no-print">
        <AppLink to={`/cases/${item.id}`}>{t('casework.backToCase')}</AppLink>
        <Button onClick={() => window.print()}>{t('casework.print')}</Button>
      </Group>
      <Title order={2}>
        <Bilingual ar={ar('casework.summaryTitle')} en={en('casework.summaryTitle')} />
      </Title>
      <Table withTableBorder withColumnBorders className="print-block">
        <Table.Tbody>
          {rows.map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Th w="30%">{both(label)}</Table.Th>
              <Table.Td>{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Title order={3} size="h4">
        {both('cases.subjects')}
      </Title>
      <Table withTableBorder withColumnBorders className="print-block">
        <Table.Tbody>
          {item.subjects.map((subject) => (
            <Table.Tr key={subject.id}>
              <Table.Td>
                <bdi>{subject.nameAr ?? ''}</bdi>
                {subject.nameAr && subject.nameLatin && ' — '}
                <bdi>{subject.nameLatin ?? ''}</bdi>
              </Table.Td>
              <Table.Td>{both(`cases.roles.${subject.role}`)}</Table.Td>
              <Table.Td>{subject.minor ? both('cases.minor') : ''}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {consents.data && (
        <>
          <Title order={3} size="h4">
            {both('consents.title')}
          </Title>
          <Table withTableBorder withColumnBorders className="print-block">
            <Table.Tbody>
              {consents.data.items.map((consent) => (
                <Table.Tr key={consent.id}>
                  <Table.Td>
                    <bdi>{nameOf(item.subjects, consent.subjectId)}</bdi>
                  </Table.Td>
                  <Table.Td>{both(`consents.givers.${consent.givenBy}`)}</Table.Td>
                  <Table.Td>
                    {listBoth(
                      ar,
                      en,
                      consent.services.map((service) => `consents.services_.${service}`),
                    )}
                  </Table.Td>
                  <Table.Td>{both(`consents.states.${consent.state}`)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
      <Text size="xs" c="gray.7">
        <Bilingual ar={ar('casework.printedBy')} en={en('casework.printedBy')} />: <bdi>{session.user.displayName}</bdi> — {when(new Date().toISOString())}
      </Text>
    </Stack>
  );
}

const nameOf = (subjects: { id: string; nameAr: string | null; nameLatin: string | null }[], id: string) => {
  const subject = subjects.find((candidate) => candidate.id === id);
  return subject?.nameAr ?? subject?.nameLatin ?? '—';
};

const listBoth = (ar: TFunction, en: TFunction, keys: string[]) => (
  <Bilingual
    ar={new Intl.ListFormat('ar', { type: 'conjunction' }).format(keys.map((key) => ar(key)))}
    en={new Intl.ListFormat('en', { type: 'conjunction' }).format(keys.map((key) => en(key)))}
  />
);

function Bilingual({ ar, en }: { ar: string; en: string }) {
  return (
    <>
      <span lang="ar" dir="rtl">
        {ar}
      </span>
      {' / '}
      <span lang="en" dir="ltr">
        {en}
      </span>
    </>
  );
}
