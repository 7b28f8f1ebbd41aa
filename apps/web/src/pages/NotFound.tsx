import { Button, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useRouter } from '../router';

/** A page or record that does not exist, or that the caller may not see: the same page either way. */
export function NotFound() {
  const { t } = useTranslation();
  const { navigate } = useRouter();
  return (
    <Stack>
      <Title order={2}>{t('notFound.title')}</Title>
      <Button variant="outline" onClick={() => navigate('/')} w="fit-content">
        {t('notFound.back')}
      </Button>
    </Stack>
  );
}
