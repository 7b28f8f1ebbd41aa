import { Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { showError } from '../../errors';
import type { Session } from '../../session';
import { FormError } from '../FormError';
import { EventsTable, PAGE_SIZE } from './EventsTable';

type Kind = components['schemas']['SearchTermKind'];
const KINDS: Kind[] = ['phone', 'documentNumber', 'name', 'reference'];

/**
 * "Who searched for this phone, QID, name or reference": the term travels in a POST body and stays in
 * this page's memory only (never in the URL or the history); the server matches it by its keyed hash.
 */
export function TermSearchSection({ session }: { session: Session }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<Kind>('phone');
  const [term, setTerm] = useState('');
  const search = useMutation({
    mutationFn: (asked: { kind: Kind; term: string; page: number }) =>
      unwrap(api.POST('/api/v1/audit/events/search', { body: { ...asked, pageSize: PAGE_SIZE } })).then((answer) => ({ ...answer, asked })),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    search.mutate({ kind, term: term.trim(), page: 1 });
  };
  const shown = showError(search.error, t);
  return (
    <Stack>
      <Text size="sm">{t('audit.searches.help')}</Text>
      <form onSubmit={submit}>
        <Group align="start" gap="sm">
          <Select
            label={t('audit.searches.kind')}
            data={KINDS.map((value) => ({ value, label: t(`audit.searches.kinds.${value}`) }))}
            value={kind}
            onChange={(value) => value && setKind(value as Kind)}
            allowDeselect={false}
            w={200}
          />
          <TextInput
            label={t('audit.searches.term')}
            value={term}
            onChange={(event) => setTerm(event.currentTarget.value)}
            error={search.error ? shown.fields.term : undefined}
            autoComplete="off"
            required
            minLength={2}
            maxLength={200}
            w={280}
          />
          <Button type="submit" mt={25} loading={search.isPending} disabled={term.trim().length < 2}>
            {t('audit.searches.submit')}
          </Button>
        </Group>
      </form>
      {search.error && !shown.fields.term && <FormError error={shown} />}
      {search.data && (
        <EventsTable
          events={search.data.items}
          total={search.data.total}
          page={search.data.asked.page}
          timeZone={session.unit.timeZone}
          emptyText={t('audit.searches.none')}
          onPage={(page) => search.mutate({ ...search.data.asked, page })}
        />
      )}
    </Stack>
  );
}
