import { Button, Group, Modal, Select, Stack, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { FormError } from '../components/FormError';
import { showError } from '../errors';
import { VOCABULARY } from '../vocabulary';

type Schemas = components['schemas'];
type Case = Schemas['CaseView'];
type Action = Schemas['CaseAction'];

/** What each status action asks for, beside the case's version. */
const NEEDS: Record<Action, { outcome?: true; authority?: true; reason?: true }> = {
  close: { outcome: true },
  reopen: { reason: true },
  escalate: { authority: true, reason: true },
};

/** The status actions the API says the reader may take now (`allowedActions`), each confirmed in a dialog. */
export function CaseActions({ item }: { item: Case }) {
  const { t } = useTranslation();
  const [action, setAction] = useState<Action | null>(null);
  if (!item.allowedActions.length) return null;
  return (
    <Group gap="xs">
      {item.allowedActions.map((candidate) => (
        <Button key={candidate} variant="outline" color={candidate === 'escalate' ? 'red.9' : undefined} onClick={() => setAction(candidate)}>
          {t(`casework.actions.${candidate}`)}
        </Button>
      ))}
      {action && <ActionDialog item={item} action={action} onClose={() => setAction(null)} />}
    </Group>
  );
}

function ActionDialog({ item, action, onClose }: { item: Case; action: Action; onClose(): void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [outcome, setOutcome] = useState<string | null>(null);
  const [authority, setAuthority] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const needs = NEEDS[action];
  const path = { params: { path: { id: item.id } } };
  const take = useMutation({
    mutationFn: () => {
      const version = item.version;
      if (action === 'close') return unwrap(api.POST('/api/v1/cases/{id}/close', { ...path, body: { version, outcome: outcome as Schemas['CaseOutcome'] } }));
      if (action === 'reopen') return unwrap(api.POST('/api/v1/cases/{id}/reopen', { ...path, body: { version, reason } }));
      return unwrap(api.POST('/api/v1/cases/{id}/escalate', { ...path, body: { version, authority: authority as Schemas['Authority'], reason } }));
    },
    onSuccess: async (updated) => {
      client.setQueryData(['case', item.id], updated);
      await client.invalidateQueries({ queryKey: ['case', item.id, 'timeline'] });
      onClose();
    },
  });
  const error = take.error ? showError(take.error, t) : null;
  const ready = (!needs.outcome || outcome) && (!needs.authority || authority) && (!needs.reason || reason.trim().length >= 3);
  return (
    <Modal opened onClose={onClose} title={t(`casework.actions.${action}`)} closeButtonProps={{ 'aria-label': t('intake.close') }}>
      <Stack>
        {needs.outcome && (
          <Select
            label={t('casework.outcome')}
            value={outcome}
            onChange={setOutcome}
            data={VOCABULARY.CaseOutcome.map((value) => ({ value, label: t(`casework.outcomes.${value}`) }))}
            error={error?.fields.outcome}
            withAsterisk
          />
        )}
        {needs.authority && (
          <Select
            label={t('casework.authority')}
            value={authority}
            onChange={setAuthority}
            data={VOCABULARY.Authority.map((value) => ({ value, label: t(`casework.authorities.${value}`) }))}
            error={error?.fields.authority}
            withAsterisk
          />
        )}
        {needs.reason && (
          <Textarea
            label={t('casework.reason')}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            autosize
            minRows={2}
            error={error?.fields.reason}
            withAsterisk
          />
        )}
        <FormError error={error} />
        <Group justify="end">
          <Button onClick={() => take.mutate()} loading={take.isPending} disabled={!ready}>
            {t(`casework.actions.${action}`)}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
