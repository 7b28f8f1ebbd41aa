import { AppShell, Button, Center, Group, Loader, Stack, Text, Title, useDirection } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from './api/client';
import { applyLanguage, type Language } from './i18n';
import { IdleWarning } from './components/IdleWarning';
import { NotFound } from './pages/NotFound';
import { SignInPage } from './pages/SignInPage';
import { useRouter } from './router';
import { pageFor } from './routes';
import { announceSignOut, forgetSession, useSession } from './session';

export function App() {
  const { t, i18n } = useTranslation();
  const { session, loading } = useSession();
  const { path, navigate } = useRouter();
  const client = useQueryClient();
  const { setDirection } = useDirection();
  const other: Language = i18n.language === 'ar' ? 'en' : 'ar';
  const switchLanguage = () => {
    applyLanguage(other);
    setDirection(other === 'ar' ? 'rtl' : 'ltr');
  };

  const signOut = async (everywhere: boolean) => {
    await unwrap(api.POST(everywhere ? '/api/v1/auth/sign-out-everywhere' : '/api/v1/auth/sign-out')).catch(() => undefined);
    // Nothing of the signed-out user stays in memory (queries and mutations, revealed text and search
    // terms with them), here or in this browser's other tabs.
    forgetSession(client);
    announceSignOut();
    navigate('/', { replace: true });
  };

  return (
    <AppShell header={{ height: 64 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Stack gap={0}>
            <Title order={1} size="h4">
              {t('app.name')}
            </Title>
            <Text size="xs" c="gray.7">
              {t('app.subtitle')}
            </Text>
          </Stack>
          <Group gap="xs" wrap="nowrap">
            <Button variant="subtle" onClick={switchLanguage} lang={other} aria-label={`${t('language.label')}: ${t('language.switchTo')}`}>
              {t('language.switchTo')}
            </Button>
            {session && (
              <>
                <Button variant="outline" onClick={() => void signOut(false)}>
                  {t('signIn.signOut')}
                </Button>
                <Button variant="subtle" onClick={() => void signOut(true)}>
                  {t('signIn.signOutEverywhere')}
                </Button>
              </>
            )}
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        {session && <IdleWarning session={session} />}
        {loading ? (
          <Center mih="50vh">
            <Loader aria-label="…" />
          </Center>
        ) : !session ? (
          <SignInPage />
        ) : (
          <Page path={path} session={session} />
        )}
      </AppShell.Main>
    </AppShell>
  );
}

/** The page for a path: ids only in URLs, never a name or a search term. */
function Page({ path, session }: { path: string; session: NonNullable<ReturnType<typeof useSession>['session']> }) {
  return pageFor(path, session) ?? <NotFound />;
}
