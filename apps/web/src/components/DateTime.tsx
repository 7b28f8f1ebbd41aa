import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../dates';
import type { Language } from '../i18n';

/** A time as the users read it: Gregorian, with the Umm al-Qura date beside it, in the unit's zone. */
export function DateTime({ iso, timeZone }: { iso: string; timeZone: string }) {
  const { i18n } = useTranslation();
  const { gregorian, hijri } = formatDateTime(iso, i18n.language as Language, timeZone);
  return (
    <Text span size="sm">
      {gregorian}{' '}
      <Text span size="xs" c="gray.7">
        ({hijri})
      </Text>
    </Text>
  );
}
