import { Anchor, Badge, Stack, Text } from '@mantine/core';
import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DETAIL_VOCABULARY, detailEntries, isKnownAction, shortId, type AuditEvent, type DetailValue } from './vocabulary';

/** An action code in the reader's language; an action the UI does not know yet shows as its code. */
export function ActionLabel({ code }: { code: string }) {
  const { t } = useTranslation();
  return isKnownAction(code) ? <>{t(`audit.actions.${code}`)}</> : <bdi dir="ltr">{code}</bdi>;
}

const OUTCOME_BADGE = {
  success: { color: 'teal.9', variant: 'outline' },
  failure: { color: 'red.9', variant: 'filled' },
  denied: { color: 'red.9', variant: 'filled' },
} as const;

export function OutcomeBadge({ outcome }: { outcome: AuditEvent['outcome'] }) {
  const { t } = useTranslation();
  const look = OUTCOME_BADGE[outcome] ?? OUTCOME_BADGE.failure;
  return (
    <Badge size="sm" color={look.color} variant={look.variant}>
      {t(`audit.outcomes.${outcome}`, { defaultValue: outcome })}
    </Badge>
  );
}

/** A record id, shortened, in Latin digits whatever the page's direction; the whole id is its title. */
export function ShortId({ id }: { id: string }) {
  return (
    <bdi dir="ltr" title={id} style={{ fontFamily: 'monospace' }}>
      {shortId(id)}
    </bdi>
  );
}

/**
 * Who acted: a colleague's name when the reader may know it (a supervisor, their own unit), else the
 * short id; the worker and anonymous callers by what they are. The id narrows the trail to that actor.
 */
export function ActorCell({ event, names, onActor }: { event: AuditEvent; names?: ReadonlyMap<string, string>; onActor?: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const roles = new Intl.ListFormat(i18n.language, { type: 'unit' }).format(
    event.actorRoles.map((role) => (role === 'system' ? t('audit.table.system') : t(`roles.${role}`, { defaultValue: role }))),
  );
  if (!event.actorUserId) {
    return <Text size="sm">{event.actorRoles.includes('system') ? t('audit.table.system') : t('audit.table.anonymous')}</Text>;
  }
  const id = event.actorUserId;
  const name = names?.get(id);
  const label = name ? <bdi>{name}</bdi> : <ShortId id={id} />;
  return (
    <Stack gap={0}>
      {onActor ? (
        <Anchor
          component="button"
          type="button"
          size="sm"
          ta="start"
          onClick={() => onActor(id)}
          aria-label={t('audit.table.onlyActor', { id: name ?? shortId(id) })}
        >
          {label}
        </Anchor>
      ) : (
        <Text size="sm">{label}</Text>
      )}
      {roles && (
        <Text size="xs" c="gray.7">
          {roles}
        </Text>
      )}
    </Stack>
  );
}

export function ObjectCell({ event }: { event: AuditEvent }) {
  const { t } = useTranslation();
  if (!event.objectType && !event.objectId) return <Text size="sm">—</Text>;
  return (
    <Stack gap={0}>
      {event.objectType && <Text size="sm">{t(`audit.objectTypes.${event.objectType}`, { defaultValue: event.objectType })}</Text>}
      {event.objectId && (
        <Text size="xs" c="gray.7">
          <ShortId id={event.objectId} />
        </Text>
      )}
    </Stack>
  );
}

/** A detail's value in words where the UI has them (a state, a role, yes or no), else as recorded. */
function useDetailValue(): (key: string, value: DetailValue) => ReactNode {
  const { t, i18n } = useTranslation();
  return (key, value) => {
    if (value.code) {
      const found = [...(DETAIL_VOCABULARY[key] ?? []), 'audit.flags'].map((prefix) => `${prefix}.${value.text}`).find((messageKey) => i18n.exists(messageKey));
      if (found) return t(found);
    }
    return <bdi dir="ltr">{value.text}</bdi>;
  };
}

/** What the event's detail says (field names, codes, counts): never case content, the trail holds none. */
export function EventDetail({ detail }: { detail: Record<string, unknown> }) {
  const { t, i18n } = useTranslation();
  const show = useDetailValue();
  const entries = detailEntries(detail);
  if (entries.length === 0) return <Text size="sm">—</Text>;
  const separator = i18n.language === 'ar' ? '، ' : ', ';
  return (
    <Stack gap={0}>
      {entries.map((entry) => (
        <Text key={entry.key} size="xs">
          <Text span size="xs" c="gray.7">
            {i18n.exists(`audit.detailKeys.${entry.key}`) ? t(`audit.detailKeys.${entry.key}`) : <bdi dir="ltr">{entry.key}</bdi>}:
          </Text>{' '}
          {entry.values.map((value, index) => (
            <Fragment key={index}>
              {index > 0 && separator}
              {show(entry.key, value)}
            </Fragment>
          ))}
        </Text>
      ))}
    </Stack>
  );
}
