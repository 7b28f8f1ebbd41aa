import { Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Session } from '../../session';

/** The audit trail with filters; with a case id, the supervisor's trail of that one case. */
export function AuditTrailPage({ session: _session, caseId }: { session: Session; caseId?: string }) {
  const { t } = useTranslation();
  return (
    <Stack>
      <Title order={2}>{t(caseId ? 'audit.trail.caseTitle' : 'audit.trail.title')}</Title>
    </Stack>
  );
}
