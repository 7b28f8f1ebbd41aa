import { Button, Group, Modal, Select, SimpleGrid, Stack, Switch, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { showError } from '../../errors';
import { FormError } from '../FormError';
import { CentreFields } from './CentreFields';
import { UNITS_KEY } from './queries';
import { draftOf, hoursOf, unitFields, type UnitDraft } from './unit-draft';
import { ADMIN_VOCABULARY, unitName, type Unit } from './vocabulary';

interface Props {
  /** The unit to change, or null for a new one. */
  unit: Unit | null;
  units: Unit[];
  onClose(): void;
  onSaved(unit: Unit, created: boolean): void;
}

/** Creating or changing a unit or centre, in a dialog: names, parent, zone, office, and a centre's services, categories and deadlines. */
export function UnitForm({ unit, units, onClose, onSaved }: Props) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [draft, setDraft] = useState<UnitDraft>(() => draftOf(unit));
  const set = <K extends keyof UnitDraft>(key: K, value: UnitDraft[K]) => setDraft((current) => ({ ...current, [key]: value }));
  const hours = hoursOf(draft);
  const save = useMutation({
    mutationFn: () => {
      const fields = unitFields(draft, hours === 'incomplete' ? null : hours);
      return unit
        ? unwrap(api.PATCH('/api/v1/admin/units/{id}', { params: { path: { id: unit.id } }, body: { ...fields, active: draft.active, version: unit.version } }))
        : unwrap(api.POST('/api/v1/admin/units', { body: { ...fields, kind: draft.kind!, code: draft.code.trim() } }));
    },
    onSuccess: async (saved) => {
      await client.invalidateQueries({ queryKey: UNITS_KEY });
      onSaved(saved, !unit);
    },
  });
  const error = save.error ? showError(save.error, t) : null;
  const field = (name: string) => error?.fields[name];
  const parents = units.filter((candidate) => candidate.kind === draft.kind && candidate.id !== unit?.id);
  const complete = draft.kind && draft.code.trim() && draft.nameAr.trim() && draft.nameEn.trim() && hours !== 'incomplete';

  return (
    <Modal
      opened
      onClose={onClose}
      size="xl"
      title={unit ? t('admin.units.editTitle') : t('admin.units.new')}
      closeButtonProps={{ 'aria-label': t('admin.close') }}
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t('admin.units.kind')}
              data={ADMIN_VOCABULARY.UnitKind.map((kind) => ({ value: kind, label: t(`admin.kinds.${kind}`) }))}
              value={draft.kind}
              onChange={(kind) => setDraft((current) => ({ ...current, kind: kind as UnitDraft['kind'], parentId: null }))}
              disabled={!!unit}
              allowDeselect={false}
              withAsterisk={!unit}
              error={field('kind')}
            />
            <TextInput
              label={t('admin.units.code')}
              description={unit ? undefined : t('admin.units.codeHelp')}
              value={draft.code}
              onChange={(event) => set('code', event.currentTarget.value.toUpperCase())}
              disabled={!!unit}
              withAsterisk={!unit}
              dir="ltr"
              error={field('code')}
            />
            <TextInput
              label={t('admin.units.nameAr')}
              value={draft.nameAr}
              onChange={(event) => set('nameAr', event.currentTarget.value)}
              dir="rtl"
              lang="ar"
              withAsterisk
              error={field('nameAr')}
            />
            <TextInput
              label={t('admin.units.nameEn')}
              value={draft.nameEn}
              onChange={(event) => set('nameEn', event.currentTarget.value)}
              dir="ltr"
              lang="en"
              withAsterisk
              error={field('nameEn')}
            />
            <Select
              label={t('admin.units.parent')}
              description={t('admin.units.parentHelp')}
              placeholder={t('admin.units.noParent')}
              data={parents.map((parent) => ({ value: parent.id, label: `${unitName(parent, i18n.language)} (${parent.code})` }))}
              value={draft.parentId}
              onChange={(parentId) => set('parentId', parentId)}
              clearable
              searchable
              error={field('parentId')}
            />
            <TextInput
              label={t('admin.units.timeZone')}
              value={draft.timeZone}
              onChange={(event) => set('timeZone', event.currentTarget.value)}
              dir="ltr"
              error={field('timeZone')}
            />
            <TextInput
              label={t('admin.units.office')}
              value={draft.officeLocation}
              onChange={(event) => set('officeLocation', event.currentTarget.value)}
              dir="auto"
              error={field('officeLocation')}
            />
          </SimpleGrid>
          {unit && <Switch label={t('admin.units.activeLabel')} checked={draft.active} onChange={(event) => set('active', event.currentTarget.checked)} />}
          {draft.kind === 'partner_centre' && <CentreFields draft={draft} set={set} incomplete={hours === 'incomplete'} fieldError={field} />}
          <FormError error={error} />
          <Group justify="end">
            <Button variant="subtle" onClick={onClose}>
              {t('admin.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!complete}>
              {unit ? t('admin.save') : t('admin.units.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
