import { Button, Group, Select, Stack, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { FormError } from '../components/FormError';
import { showError } from '../errors';
import { draftName, emptyPerson, statedAgeOf, toSubjectInput, type PersonDraft } from '../intake/person-draft';
import { PersonFields } from '../intake/PersonFields';
import { fieldsUnder } from '../intake/field-paths';
import { useSubmitOnce } from '../submit-once';
import { VOCABULARY } from '../vocabulary';

type Case = components['schemas']['CaseView'];

/** Adds a person to an open case (a guardian for a minor's consent, a witness met later), with the same suggestions as intake. */
export function AddSubject({ item }: { item: Case }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [draft, setDraft] = useState<PersonDraft | null>(null);
  const add = useMutation({
    // The version guards against a repeat (a second add answers 409); the key is not needed here.
    mutationFn: (_key: string) =>
      unwrap(api.POST('/api/v1/cases/{id}/subjects', { params: { path: { id: item.id } }, body: { ...toSubjectInput(draft!), version: item.version } })),
    onSuccess: (updated) => {
      client.setQueryData(['case', item.id], updated);
      void client.invalidateQueries({ queryKey: ['case', item.id, 'timeline'] });
      setDraft(null);
    },
  });
  const submit = useSubmitOnce(add);
  if (!draft) {
    return (
      <Button variant="outline" size="xs" w="fit-content" onClick={() => (add.reset(), setDraft(emptyPerson()))} className="no-print">
        {t('intake.person.add')}
      </Button>
    );
  }
  const error = add.error ? showError(add.error, t) : null;
  const ready = draftName(draft) && draft.role && !Number.isNaN(statedAgeOf(draft));
  return (
    <Stack gap="xs" className="no-print">
      <Title order={4} size="h5">
        {t('intake.person.add')}
      </Title>
      <PersonFields draft={draft} onChange={setDraft} onRemove={() => setDraft(null)} errors={fieldsUnder(error?.fields ?? {}, 'person.')} />
      <Group align="end">
        <Select
          label={t('intake.roleOf', { name: draftName(draft) ?? '…' })}
          value={draft.role}
          onChange={(role) => setDraft({ ...draft, role: role as PersonDraft['role'] })}
          data={VOCABULARY.SubjectRole.map((value) => ({ value, label: t(`cases.roles.${value}`) }))}
          error={error?.fields.role}
          w={280}
        />
        <Button onClick={submit} loading={add.isPending} disabled={!ready}>
          {t('casework.addSubject')}
        </Button>
      </Group>
      <FormError error={error} />
    </Stack>
  );
}
