import { Badge, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { WithdrawConsent } from '../consent/WithdrawConsent';
import { DateTime } from './DateTime';

type Subject = components['schemas']['SubjectView'];

/** The case's consent ledger as the case page shows it: every record with its state at the server clock. */
export function ConsentsSection({ caseId, subjects, timeZone, canWithdraw }: { caseId: string; subjects: Subject[]; timeZone: string; canWithdraw: boolean }) {
  const { t, i18n } = useTranslation();
  const consents = useQuery({
    queryKey: ['case', caseId, 'consents'],
    queryFn: () => unwrap(api.GET('/api/v1/cases/{id}/consents', { params: { path: { id: caseId } } })),
  });
  const list = (values: string[]) => new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(values);
  const nameOf = (subjectId: string) => {
    const subject = subjects.find((candidate) => candidate.id === subjectId);
    return subject ? (subject.nameAr ?? subject.nameLatin ?? '—') : '—';
  };
  return (
    <>
      <Title order={3} size="h4">
        {t('consents.title')}
      </Title>
      {consents.data?.items.length === 0 && <Text size="sm">{t('consents.none')}</Text>}
      {!!consents.data?.items.length && (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('consents.subject')}</Table.Th>
              <Table.Th>{t('consents.givenBy')}</Table.Th>
              <Table.Th>{t('consents.centres')}</Table.Th>
              <Table.Th>{t('consents.services')}</Table.Th>
              <Table.Th>{t('consents.data')}</Table.Th>
              <Table.Th>{t('consents.recorded')}</Table.Th>
              <Table.Th>{t('consents.state')}</Table.Th>
              {canWithdraw && <Table.Th aria-label={t('intake.withdraw.action')} />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {consents.data.items.map((consent) => (
              <Table.Tr key={consent.id}>
                <Table.Td>
                  <bdi>{nameOf(consent.subjectId)}</bdi>
                </Table.Td>
                <Table.Td>{t(`consents.givers.${consent.givenBy}`)}</Table.Td>
                <Table.Td>{consent.anyCentre ? t('consents.anyCentre') : t('consents.namedCentres', { count: consent.centreIds.length })}</Table.Td>
                <Table.Td>{list(consent.services.map((service) => t(`consents.services_.${service}`)))}</Table.Td>
                <Table.Td>{list(consent.dataCategories.map((category) => t(`legalBases.dataCategories.${category}`)))}</Table.Td>
                <Table.Td>
                  <DateTime iso={consent.recordedAt} timeZone={timeZone} />
                </Table.Td>
                <Table.Td>
                  <Badge variant="outline" color={consent.state === 'active' ? 'teal.9' : 'gray.8'}>
                    {t(`consents.states.${consent.state}`)}
                  </Badge>
                </Table.Td>
                {canWithdraw && <Table.Td>{consent.state === 'active' && <WithdrawConsent caseId={caseId} consentId={consent.id} />}</Table.Td>}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </>
  );
}
