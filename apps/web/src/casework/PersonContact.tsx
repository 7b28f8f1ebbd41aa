import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { FormError } from '../components/FormError';
import { showError } from '../errors';

type Schemas = components['schemas'];
type Field = Schemas['PersonSensitiveField'];

/**
 * A subject's identifiers and contact: masked until revealed field by field (each reveal audited).
 * Wherever a phone is shown, the safe-contact instructions come first and stand out: calling or
 * messaging a victim at the wrong time can put her in danger.
 */
export function PersonContact({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const person = useQuery({ queryKey: ['person', personId], queryFn: () => unwrap(api.GET('/api/v1/persons/{id}', { params: { path: { id: personId } } })) });
  const reveal = useMutation({
    mutationFn: (fields: Field[]) => unwrap(api.POST('/api/v1/persons/{id}/reveal', { params: { path: { id: personId } }, body: { fields } })),
  });
  if (person.error) return <FormError error={showError(person.error, t)} />;
  if (!person.data) return null;
  const { document, phones, address, safeContact } = person.data;
  const shown = reveal.data;
  const revealButton = (fields: Field[]) =>
    !shown && (
      <Button size="compact-xs" variant="subtle" onClick={() => reveal.mutate(fields)} loading={reveal.isPending}>
        {t('cases.reveal')}
      </Button>
    );
  return (
    <Stack gap="xs">
      {phones.length > 0 && <SafeContact safeContact={shown?.safeContact ?? safeContact} note={shown?.safeContactNote} />}
      {document && (
        <Group gap="xs">
          <Text size="sm">{t(`intake.documentTypes.${document.type}`)}:</Text>
          <Text size="sm" dir="ltr">
            <bdi>{shown?.documentNumber ?? document.number.masked}</bdi>
          </Text>
        </Group>
      )}
      {phones.length > 0 && (
        <Group gap="xs">
          <Text size="sm">{t('intake.person.phone')}:</Text>
          {(shown?.phones ?? phones.map((phone) => phone.masked ?? '')).map((phone) => (
            <Text key={phone} size="sm" dir="ltr">
              <bdi>{phone}</bdi>
            </Text>
          ))}
        </Group>
      )}
      {address.present && (
        <Group gap="xs">
          <Text size="sm">{t('intake.person.address')}:</Text>
          <Text size="sm">{shown?.address ?? address.masked}</Text>
        </Group>
      )}
      {(phones.length > 0 || address.present || document) &&
        revealButton(['documentNumber', 'phones', 'address', 'safeContactNote'].filter((field) => field !== 'documentNumber' || document) as Field[])}
      {reveal.error && <FormError error={showError(reveal.error, t)} />}
    </Stack>
  );
}

function SafeContact({ safeContact, note }: { safeContact: Schemas['SafeContactView']; note?: string | null }) {
  const { t } = useTranslation();
  const unsafe = !safeContact.callSafe || !safeContact.messageSafe;
  return (
    <Alert
      color={unsafe ? 'red' : 'teal'}
      variant="light"
      title={t('intake.person.safeContactTitle')}
      styles={{ title: { color: `var(--mantine-color-${unsafe ? 'red' : 'teal'}-9)` } }}
    >
      <Text size="sm" fw={700}>
        {t(safeContact.callSafe ? 'casework.contact.callSafe' : 'casework.contact.doNotCall')} ·{' '}
        {t(safeContact.messageSafe ? 'casework.contact.messageSafe' : 'casework.contact.doNotMessage')}
      </Text>
      {safeContact.safeHours && (
        <Text size="sm">
          {t('intake.person.safeHours')}: <bdi dir="ltr">{safeContact.safeHours}</bdi>
        </Text>
      )}
      {(note ?? safeContact.note.masked) && <Text size="sm">{note ?? safeContact.note.masked}</Text>}
    </Alert>
  );
}
