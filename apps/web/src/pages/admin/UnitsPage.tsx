import { Alert, Button, Group, Loader, Select, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { showError } from '../../errors';
import { FormError } from '../../components/FormError';
import { useUnits } from '../../components/admin/queries';
import { UnitForm } from '../../components/admin/UnitForm';
import { UnitTable } from '../../components/admin/UnitTable';
import { ADMIN_VOCABULARY, type Unit } from '../../components/admin/vocabulary';
import { useRouter } from '../../router';
import type { Session } from '../../session';

/**
 * The administrator's units and centres: all of them, by kind (the filter is kept in the URL), each
 * edited in a dialog; a centre's services, accepted case categories and deadlines per urgency too.
 */
export function UnitsPage({ session: _session }: { session: Session }) {
  const { t } = useTranslation();
  const { search, navigate } = useRouter();
  const units = useUnits();
  const [editing, setEditing] = useState<Unit | 'new' | null>(null);
  const [saved, setSaved] = useState<{ code: string; created: boolean } | null>(null);
  const kind = ADMIN_VOCABULARY.UnitKind.find((value) => value === search.get('kind')) ?? null;
  const shown = (units.data ?? []).filter((unit) => !kind || unit.kind === kind);

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('admin.units.title')}</Title>
        <Button onClick={() => setEditing('new')}>{t('admin.units.new')}</Button>
      </Group>
      <Select
        label={t('admin.units.kind')}
        placeholder={t('admin.any')}
        data={ADMIN_VOCABULARY.UnitKind.map((value) => ({ value, label: t(`admin.kinds.${value}`) }))}
        value={kind}
        onChange={(value) => navigate(value ? `/admin/units?kind=${value}` : '/admin/units', { replace: true })}
        clearable
        w={260}
      />
      {saved && (
        <Alert variant="outline" color="teal" role="status" withCloseButton closeButtonLabel={t('admin.close')} onClose={() => setSaved(null)}>
          <Trans i18nKey={saved.created ? 'admin.units.created' : 'admin.units.saved'} values={{ code: saved.code }} components={{ bdi: <bdi /> }} />
        </Alert>
      )}
      {units.isPending && <Loader size="sm" aria-label={t('admin.units.title')} />}
      {units.error && <FormError error={showError(units.error, t)} />}
      {units.data && shown.length === 0 && <Text>{t('admin.units.none')}</Text>}
      {shown.length > 0 && (
        <>
          <UnitTable units={shown} all={units.data ?? []} onEdit={setEditing} />
          <Text size="sm">{t('admin.units.total', { total: shown.length })}</Text>
        </>
      )}
      {editing && (
        <UnitForm
          unit={editing === 'new' ? null : editing}
          units={units.data ?? []}
          onClose={() => setEditing(null)}
          onSaved={(unit, created) => {
            setEditing(null);
            setSaved({ code: unit.code, created });
          }}
        />
      )}
    </Stack>
  );
}
