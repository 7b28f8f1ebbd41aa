import { Alert, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ShownError } from '../errors';

/** A form's error: the translated message and, for an unknown error, its id for the support desk. */
export function FormError({ error }: { error: ShownError | null }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <Alert color="red" role="alert" variant="light">
      <Text size="sm">{error.message}</Text>
      {error.errorId && (
        <Text size="xs" mt={4}>
          {t('errors.withId', { errorId: '' })}
          <bdi>{error.errorId}</bdi>
        </Text>
      )}
    </Alert>
  );
}
