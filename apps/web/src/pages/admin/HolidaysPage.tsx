import { Button, Group, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { FormError } from '../../components/FormError';
import { showError } from '../../errors';
import { useSubmitOnce } from '../../submit-once';

type Holiday = components['schemas']['HolidayView'];
const EMPTY = { day: '', nameAr: '', nameEn: '' };

/** The administrator's calendar of days the centres' offices are closed (deadlines skip them). */
export function HolidaysPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const list = useQuery({ queryKey: ['holidays'], queryFn: () => unwrap(api.GET('/api/v1/admin/holidays', { params: { query: {} } })) });
  const [draft, setDraft] = useState(EMPTY);
  const add = useMutation({
    mutationFn: (_key: string) => unwrap(api.POST('/api/v1/admin/holidays', { body: draft })),
    onSuccess: async () => {
      setDraft(EMPTY);
      await client.invalidateQueries({ queryKey: ['holidays'] });
    },
  });
  const submit = useSubmitOnce(add);
  const error = add.error ? showError(add.error, t) : null;
  const field = (key: keyof typeof EMPTY) => ({
    label: t(`admin.holidays.${key}`),
    value: draft[key],
    error: error?.fields[key],
    onChange: (event: React.ChangeEvent<HTMLInputElement>) => setDraft({ ...draft, [key]: event.currentTarget.value }),
  });
  return (
    <Stack>
      <Title order={2}>{t('admin.holidays.title')}</Title>
      <Text size="sm" c="gray.7">
        {t('admin.holidays.help')}
      </Text>
      <Paper withBorder p="md" radius="md">
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput {...field('day')} type="date" withAsterisk />
            <TextInput {...field('nameAr')} dir="rtl" lang="ar" withAsterisk />
            <TextInput {...field('nameEn')} dir="ltr" lang="en" withAsterisk />
          </SimpleGrid>
          <FormError error={error} />
          <Group justify="end">
            <Button onClick={submit} loading={add.isPending} disabled={!draft.day || !draft.nameAr.trim() || !draft.nameEn.trim()}>
              {t('admin.holidays.add')}
            </Button>
          </Group>
        </Stack>
      </Paper>
      {list.error && <FormError error={showError(list.error, t)} />}
      {list.data?.items.length === 0 && <Text>{t('admin.holidays.none')}</Text>}
      {!!list.data?.items.length && (
        <Table>
          <Table.Tbody>
            {list.data.items.map((holiday) => (
              <HolidayRow key={holiday.id} holiday={holiday} />
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

function HolidayRow({ holiday }: { holiday: Holiday }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v1/admin/holidays/{id}', { params: { path: { id: holiday.id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['holidays'] }),
  });
  const name = i18n.language === 'ar' ? holiday.nameAr : holiday.nameEn;
  // A day of the calendar, not an instant: shown as that date wherever the reader is.
  const locale = i18n.language === 'ar' ? 'ar' : 'en-GB';
  const at = new Date(`${holiday.day}T00:00:00Z`);
  const day = new Intl.DateTimeFormat(`${locale}-u-ca-gregory-nu-latn`, { dateStyle: 'full', timeZone: 'UTC' }).format(at);
  // Eid and the other religious holidays are Hijri dates: the Umm al-Qura date beside it.
  const hijri = new Intl.DateTimeFormat(`${locale}-u-ca-islamic-umalqura-nu-latn`, { dateStyle: 'long', timeZone: 'UTC' }).format(at);
  return (
    <Table.Tr>
      <Table.Td>
        <bdi dir="ltr">{holiday.day}</bdi>
      </Table.Td>
      <Table.Td>
        {day}{' '}
        <Text span size="xs" c="gray.7">
          ({hijri})
        </Text>
      </Table.Td>
      <Table.Td>
        <bdi>{name}</bdi>
      </Table.Td>
      <Table.Td>
        <Button
          size="xs"
          variant="subtle"
          color="red"
          c="red.9"
          loading={remove.isPending}
          onClick={() => window.confirm(t('admin.holidays.confirmRemove', { name })) && remove.mutate()}
        >
          {t('admin.holidays.remove')}
        </Button>
        {remove.error && <FormError error={showError(remove.error, t)} />}
      </Table.Td>
    </Table.Tr>
  );
}
