import { Badge, Button, Group, Paper, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { AddSubject } from '../casework/AddSubject';
import { CaseActions } from '../casework/CaseActions';
import { PersonContact } from '../casework/PersonContact';
import { ReassignCase, useOfficerName } from '../casework/ReassignCase';
import { AppLink } from '../components/AppLink';
import { ConsentsSection } from '../components/ConsentsSection';
import { DateTime } from '../components/DateTime';
import { FormError } from '../components/FormError';
import { ConsentForm } from '../consent/ConsentForm';
import { LegalBasesSection } from '../consent/LegalBasesSection';
import { SharingCheckPanel } from '../consent/SharingCheckPanel';
import { showError } from '../errors';
import type { Session } from '../session';
import { NotFound } from './NotFound';

type Case = components['schemas']['CaseView'];

/**
 * One case as its reader may see it: details, status actions, subjects with their contact (masked,
 * safe-contact first), consents, the sharing check and the case's own history. Sensitive fields are
 * revealed on request, field by field, and each reveal is audited. The URL carries the case's id only;
 * the page title stays the app's name.
 */
export function CasePage({ id, session }: { id: string; session: Session }) {
  const { t } = useTranslation();
  const may = (permission: string) => session.permissions.includes(permission);
  const detail = useQuery({ queryKey: ['case', id], queryFn: () => unwrap(api.GET('/api/v1/cases/{id}', { params: { path: { id } } })), retry: false });

  if (detail.error instanceof ApiError && detail.error.status === 404) return <NotFound />;
  if (detail.error) return <FormError error={showError(detail.error, t)} />;
  if (!detail.data) return null;
  const item = detail.data;

  return (
    <Stack>
      <Group justify="space-between" className="no-print">
        <AppLink to="/cases">{t('cases.back')}</AppLink>
        <Group gap="lg">
          {(may('audit.read_unit') || may('audit.read_all')) && <AppLink to={`/cases/${item.id}/trail`}>{t('casework.trail')}</AppLink>}
          <AppLink to={`/cases/${item.id}/summary`}>{t('casework.summary')}</AppLink>
        </Group>
      </Group>
      <Group justify="space-between">
        <Title order={2}>
          <bdi>{item.reference}</bdi> — <bdi>{item.title}</bdi>
        </Title>
        <Badge size="lg" variant="outline">
          {t(`cases.statuses.${item.status}`)}
        </Badge>
      </Group>
      <CaseDetails item={item} session={session} />
      <Group justify="space-between">
        <CaseActions item={item} />
        {may('case.reassign') && <ReassignCase item={item} />}
      </Group>
      <Narrative item={item} />
      <Subjects item={item} canReadPersons={may('person.read')} />
      {may('case.subjects_manage') && item.status !== 'closed' && <AddSubject key={item.version} item={item} />}
      {may('consent.read') && (
        <ConsentsSection caseId={item.id} subjects={item.subjects} timeZone={session.unit.timeZone} canWithdraw={may('consent.withdraw')} />
      )}
      {may('consent.record') && <RecordConsent item={item} />}
      {may('legal_basis.read') && (
        <LegalBasesSection caseId={item.id} subjects={item.subjects} timeZone={session.unit.timeZone} canRequest={may('legal_basis.request')} />
      )}
      {may('consent.check_sharing') && <SharingCheckPanel caseId={item.id} subjects={item.subjects} />}
      <Timeline item={item} timeZone={session.unit.timeZone} />
    </Stack>
  );
}

const Field = ({ label, children }: { label: string; children: ReactNode }) => (
  <Stack gap={2}>
    <Text size="xs" c="gray.7">
      {label}
    </Text>
    <Text size="sm" component="div">
      {children}
    </Text>
  </Stack>
);

function CaseDetails({ item, session }: { item: Case; session: Session }) {
  const { t } = useTranslation();
  const officer = useOfficerName(session.permissions.includes('unit_members.read') ? item : undefined);
  const assigned = item.assignedOfficerId === session.user.id ? t('casework.you') : officer;
  return (
    <Paper withBorder p="md" radius="md">
      <SimpleGrid cols={{ base: 1, sm: 5 }}>
        <Field label={t('cases.category')}>{t(`cases.categories.${item.category}`)}</Field>
        <Field label={t('cases.urgency')}>{t(`cases.urgencies.${item.urgency}`)}</Field>
        <Field label={t('cases.channel')}>{t(`cases.channels.${item.intakeChannel}`)}</Field>
        <Field label={t('cases.opened')}>
          <DateTime iso={item.openedAt} timeZone={session.unit.timeZone} />
        </Field>
        <Field label={t('casework.assigned')}>{assigned ? <bdi>{assigned}</bdi> : '—'}</Field>
        {item.outcome && <Field label={t('casework.outcome')}>{t(`casework.outcomes.${item.outcome}`)}</Field>}
        {item.escalatedTo && <Field label={t('casework.authority')}>{t(`casework.authorities.${item.escalatedTo}`)}</Field>}
      </SimpleGrid>
    </Paper>
  );
}

function Narrative({ item }: { item: Case }) {
  const { t } = useTranslation();
  const reveal = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/cases/{id}/reveal', { params: { path: { id: item.id } }, body: { fields: ['narrative'] } })),
  });
  return (
    // Never on paper: the printable summary is what is printed.
    <Paper withBorder p="md" radius="md" className="no-print">
      <Group justify="space-between" align="start">
        <Stack gap={4} style={{ flex: 1 }}>
          <Title order={3} size="h4">
            {t('cases.narrative')}
          </Title>
          {reveal.data ? (
            <>
              <Text style={{ whiteSpace: 'pre-wrap' }}>{reveal.data.narrative}</Text>
              <Text size="xs" c="gray.7">
                {t('cases.revealed')}
              </Text>
            </>
          ) : (
            <Text>{item.narrative.masked ?? '—'}</Text>
          )}
        </Stack>
        {item.narrative.present && !reveal.data && (
          <Button variant="outline" onClick={() => reveal.mutate()} loading={reveal.isPending}>
            {t('cases.reveal')}
          </Button>
        )}
      </Group>
      {reveal.error && <FormError error={showError(reveal.error, t)} />}
    </Paper>
  );
}

function Subjects({ item, canReadPersons }: { item: Case; canReadPersons: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<string | null>(null);
  return (
    <>
      <Title order={3} size="h4">
        {t('cases.subjects')}
      </Title>
      <Table>
        <Table.Tbody>
          {item.subjects.map((subject) => (
            <Table.Tr key={subject.id}>
              <Table.Td>
                <bdi>{subject.nameAr ?? subject.nameLatin}</bdi>
                {subject.nameAr && subject.nameLatin && (
                  <Text span size="xs" c="gray.7" ms="xs">
                    <bdi>{subject.nameLatin}</bdi>
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{t(`cases.roles.${subject.role}`)}</Table.Td>
              <Table.Td>{subject.minor && <Badge color="red.9">{t('cases.minor')}</Badge>}</Table.Td>
              {canReadPersons && (
                <Table.Td w="45%" className="no-print">
                  {open === subject.id ? (
                    <PersonContact personId={subject.personId} />
                  ) : (
                    <Button size="xs" variant="subtle" onClick={() => setOpen(subject.id)} className="no-print">
                      {t('casework.contact.show')}
                    </Button>
                  )}
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}

function RecordConsent({ item }: { item: Case }) {
  const { t } = useTranslation();
  const [subjectId, setSubjectId] = useState<string | null>(null);
  const subject = item.subjects.find((candidate) => candidate.id === subjectId);
  return (
    <Stack gap="xs" className="no-print">
      <Select
        label={t('intake.consent.add')}
        placeholder={t('consents.subject')}
        value={subjectId}
        onChange={setSubjectId}
        data={item.subjects.map((candidate) => ({
          value: candidate.id,
          label: `${candidate.nameAr ?? candidate.nameLatin ?? '—'} — ${t(`cases.roles.${candidate.role}`)}`,
        }))}
        w={360}
      />
      {subject && <ConsentForm key={subject.id} caseId={item.id} subject={subject} subjects={item.subjects} onRecorded={() => setSubjectId(null)} />}
    </Stack>
  );
}

/** Where a history entry's reason code is translated: an outcome, an authority, a kind of legal basis. */
const REASON_CODES: Partial<Record<string, string>> = {
  close: 'casework.outcomes',
  escalate: 'casework.authorities',
  legal_basis_requested: 'legalBases.kinds',
  legal_basis_approved: 'legalBases.kinds',
  legal_basis_rejected: 'legalBases.kinds',
};

function Timeline({ item, timeZone }: { item: Case; timeZone: string }) {
  const { t } = useTranslation();
  const timeline = useQuery({
    queryKey: ['case', item.id, 'timeline'],
    queryFn: () => unwrap(api.GET('/api/v1/cases/{id}/timeline', { params: { path: { id: item.id } } })),
  });
  return (
    <>
      <Title order={3} size="h4">
        {t('cases.timeline')}
      </Title>
      <Stack gap="xs">
        {timeline.data?.items.map((entry) => (
          <Group key={entry.id} gap="sm">
            <DateTime iso={entry.at} timeZone={timeZone} />
            <Text size="sm">{t(`cases.actions.${entry.action}`, { defaultValue: entry.action })}</Text>
            {entry.reasonCode && REASON_CODES[entry.action] && (
              <Text size="sm" c="gray.7">
                {t(`${REASON_CODES[entry.action]}.${entry.reasonCode}`, { defaultValue: entry.reasonCode })}
              </Text>
            )}
          </Group>
        ))}
      </Stack>
    </>
  );
}
