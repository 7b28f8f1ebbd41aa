import { Button, Group, Modal, Select, Stack, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { FormError } from '../components/FormError';
import { showError } from '../errors';
import { VOCABULARY } from '../vocabulary';

/** Withdrawing a consent: who told the police and why (stored encrypted); it cannot be undone. */
export function WithdrawConsent({ caseId, consentId }: { caseId: string; consentId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [reportedBy, setReportedBy] = useState<components['schemas']['WithdrawalReporter']>('subject');
  const [reason, setReason] = useState('');
  const withdraw = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/consents/{id}/withdrawal', { params: { path: { id: consentId } }, body: { reportedBy, reason } })),
    onSuccess: async () => {
      setOpen(false);
      await client.invalidateQueries({ queryKey: ['case', caseId] });
    },
  });
  const error = withdraw.error ? showError(withdraw.error, t) : null;
  return (
    <>
      <Button size="xs" variant="outline" color="red.9" onClick={() => setOpen(true)}>
        {t('intake.withdraw.action')}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={t('intake.withdraw.title')} closeButtonProps={{ 'aria-label': t('intake.close') }}>
        <Stack>
          <Select
            label={t('intake.withdraw.reportedBy')}
            value={reportedBy}
            onChange={(value) => value && setReportedBy(value as typeof reportedBy)}
            data={VOCABULARY.WithdrawalReporter.map((value) => ({ value, label: t(`intake.withdraw.reporters.${value}`) }))}
            allowDeselect={false}
          />
          <Textarea
            label={t('intake.withdraw.reason')}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            autosize
            minRows={2}
            error={error?.fields.reason}
            withAsterisk
          />
          <FormError error={error} />
          <Group justify="end">
            <Button color="red.9" onClick={() => withdraw.mutate()} loading={withdraw.isPending} disabled={reason.trim().length < 3}>
              {t('intake.withdraw.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
