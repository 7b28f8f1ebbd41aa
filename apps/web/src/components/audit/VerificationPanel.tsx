import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { showError } from '../../errors';
import { DateTime } from '../DateTime';
import { FormError } from '../FormError';
import type { Verification } from './vocabulary';

const number = (value: number) => new Intl.NumberFormat('en-US').format(value);

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Text size="sm">
      <Text span size="sm" fw={700}>
        {label}:
      </Text>{' '}
      {children}
    </Text>
  );
}

/**
 * What a verification found: intact (how many sealed events, how many witnessed checkpoints matched),
 * or the first bad sequence number and why, with the verifier's own words for the operator.
 */
export function VerificationOutcome({ result, at, timeZone }: { result: Verification; at: string; timeZone: string }) {
  const { t } = useTranslation();
  return (
    <Alert
      role="status"
      color={result.ok ? 'teal.9' : 'red.9'}
      variant="outline"
      title={<Text fw={700}>{t(result.ok ? 'audit.verify.ok' : 'audit.verify.broken')}</Text>}
    >
      <Stack gap={4}>
        {!result.ok && result.reason && <Text size="sm">{t(`audit.verify.reasons.${result.reason}`, { defaultValue: result.reason })}</Text>}
        {result.firstBadSeq !== undefined && (
          <Fact label={t('audit.verify.firstBadSeq')}>
            <bdi dir="ltr">{result.firstBadSeq}</bdi>
          </Fact>
        )}
        {result.witnessLine !== undefined && (
          <Fact label={t('audit.verify.witnessLine')}>
            <bdi dir="ltr">{result.witnessLine}</bdi>
          </Fact>
        )}
        {/* A broken chain's count is of the sealed events found intact before the first bad one. */}
        <Fact label={t(result.ok ? 'audit.verify.count' : 'audit.verify.countBefore')}>
          <bdi dir="ltr">{number(result.count)}</bdi>
        </Fact>
        <Fact label={t('audit.verify.checkpoints')}>
          <bdi dir="ltr">{number(result.checkpointsChecked)}</bdi>
        </Fact>
        <Fact label={t('audit.verify.at')}>
          <DateTime iso={at} timeZone={timeZone} />
        </Fact>
        {!result.ok && result.message && (
          <Fact label={t('audit.verify.technical')}>
            <bdi lang="en" dir="ltr">
              {result.message}
            </bdi>
          </Fact>
        )}
      </Stack>
    </Alert>
  );
}

/** The auditor's "verify the chain": run on request (it reads the whole trail, and is itself recorded). */
export function VerificationPanel({ timeZone }: { timeZone: string }) {
  const { t } = useTranslation();
  const verify = useMutation({
    mutationFn: async () => ({ result: await unwrap(api.GET('/api/v1/audit/verification')), at: new Date().toISOString() }),
  });
  return (
    <Stack>
      <Text size="sm">{t('audit.verify.help')}</Text>
      <Group>
        <Button onClick={() => verify.mutate()} loading={verify.isPending}>
          {t('audit.verify.run')}
        </Button>
      </Group>
      {verify.error && <FormError error={showError(verify.error, t)} />}
      {verify.data && !verify.isPending && <VerificationOutcome result={verify.data.result} at={verify.data.at} timeZone={timeZone} />}
    </Stack>
  );
}
