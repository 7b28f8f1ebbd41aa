import { Button, Group, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { AppLink } from '../components/AppLink';
import { CaseTable } from '../components/CaseTable';
import { FormError } from '../components/FormError';
import { showError } from '../errors';
import type { Session } from '../session';

type Terms = { name: string; phone: string; documentNumber: string; reference: string };
const NONE: Terms = { name: '', phone: '', documentNumber: '', reference: '' };

/**
 * Search by name, phone, QID or reference: the terms go in a POST body (never the URL, the history or
 * the page title) and stay only in this page's memory; the answer holds the cases the reader may see.
 */
export function SearchPage({ session }: { session: Session }) {
  const { t } = useTranslation();
  const [terms, setTerms] = useState<Terms>(NONE);
  const search = useMutation({
    mutationFn: (body: Partial<Terms>) => unwrap(api.POST('/api/v1/cases/search', { body: { ...body, sort: 'opened_at_desc', page: 1, pageSize: 50 } })),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = Object.fromEntries(Object.entries(terms).flatMap(([key, value]) => (value.trim() ? [[key, value.trim()]] : [])));
    search.mutate(body);
  };
  const error = search.error ? showError(search.error, t) : null;
  const input = (key: keyof Terms, ltr = false) => ({
    label: t(`casework.search.${key}`),
    value: terms[key],
    error: error?.fields[key],
    autoComplete: 'off',
    dir: ltr ? 'ltr' : undefined,
    onChange: (event: React.ChangeEvent<HTMLInputElement>) => setTerms({ ...terms, [key]: event.currentTarget.value }),
  });
  return (
    <Stack>
      <AppLink to="/cases">{t('cases.back')}</AppLink>
      <Title order={2}>{t('casework.search.title')}</Title>
      <Paper withBorder p="md" radius="md" component="form" onSubmit={submit}>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 4 }}>
            <TextInput {...input('name')} />
            <TextInput {...input('phone', true)} type="tel" />
            <TextInput {...input('documentNumber', true)} inputMode="numeric" />
            <TextInput {...input('reference', true)} placeholder="CP-2026-000001" />
          </SimpleGrid>
          <Group justify="space-between">
            <Text size="xs" c="gray.7">
              {t('casework.search.help')}
            </Text>
            <Group gap="xs">
              <Button variant="subtle" onClick={() => (setTerms(NONE), search.reset())}>
                {t('casework.search.clear')}
              </Button>
              <Button type="submit" loading={search.isPending} disabled={!Object.values(terms).some((value) => value.trim())}>
                {t('casework.search.submit')}
              </Button>
            </Group>
          </Group>
        </Stack>
      </Paper>
      <FormError error={error} />
      {search.data &&
        (search.data.items.length ? <CaseTable items={search.data.items} timeZone={session.unit.timeZone} /> : <Text>{t('casework.search.none')}</Text>)}
    </Stack>
  );
}
