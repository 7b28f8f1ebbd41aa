import { Button, Group, Modal, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { idleState } from '../idle';
import { forgetSession, type Session } from '../session';

/**
 * Warns before the session's idle timeout. Staying signed in is something the user does, so it is an
 * ordinary read (the user's own unit), which the server counts as activity; the session is then read
 * again, in the background, for its new idle time. When the time is up the session is gone.
 */
export function IdleWarning({ session }: { session: Session }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  const state = idleState(now, session);
  useEffect(() => {
    // The session has ended on the server: nothing of it stays in memory, as at a sign-out.
    if (state.kind === 'expired') forgetSession(client);
  }, [state.kind, client]);
  const stay = async () => {
    await unwrap(api.GET('/api/v1/units/{id}', { params: { path: { id: session.unit.id } } })).catch(() => undefined);
    await client.invalidateQueries({ queryKey: ['session'] });
  };
  return (
    <Modal opened={state.kind === 'warning'} onClose={() => void stay()} title={t('idle.title')} withCloseButton={false} centered>
      <Text size="sm">{t('idle.body', { seconds: state.kind === 'warning' ? state.secondsLeft : 0 })}</Text>
      <Group justify="flex-end" mt="md">
        <Button onClick={() => void stay()}>{t('idle.stay')}</Button>
      </Group>
    </Modal>
  );
}
