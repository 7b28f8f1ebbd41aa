import { Button, Center, Code, Image, Paper, PasswordInput, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import QRCode from 'qrcode';
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, setCsrfToken, unwrap } from '../api/client';
import { FormError } from '../components/FormError';
import { showError, type ShownError } from '../errors';
import { useSession } from '../session';

type Step =
  | { name: 'password' }
  | { name: 'change_password' }
  | { name: 'second_factor' }
  | { name: 'enrolment'; secret: string; qr: string }
  | { name: 'recovery_codes'; codes: string[] };

/**
 * The whole way in: the password, then what the session still needs — a new password in place of a
 * temporary one, the second factor, or its first enrolment (QR code and key, then recovery codes shown
 * once). The typed password is kept in memory only until the last step needs it no more.
 */
export function SignInPage() {
  const { t } = useTranslation();
  const { refresh } = useSession();
  const [step, setStep] = useState<Step>({ name: 'password' });
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);
  const currentPassword = useRef('');
  const mustChange = useRef(false);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (caught) {
      setError(showError(caught, t));
    } finally {
      setBusy(false);
    }
  };
  /** Where a session stage leads next. */
  const continueAt = async (stage: string) => {
    if (stage === 'second_factor') return setStep({ name: 'second_factor' });
    if (stage === 'enrolment') {
      const enrolment = await unwrap(api.POST('/api/v1/auth/second-factor/enrolment', { body: { currentPassword: currentPassword.current } }));
      return setStep({ name: 'enrolment', secret: enrolment.secret, qr: await QRCode.toDataURL(enrolment.otpauthUri, { margin: 1, width: 200 }) });
    }
    // A temporary password is changed last, once signed in: the API allows it only at stage `active`.
    if (mustChange.current) return setStep({ name: 'change_password' });
    currentPassword.current = '';
    await refresh();
  };

  const forms: Record<Step['name'], () => ReactNode> = {
    password: () => (
      <PasswordStep
        busy={busy}
        onSubmit={(username, password) =>
          run(async () => {
            const answer = await unwrap(api.POST('/api/v1/auth/sign-in', { body: { username, password } }));
            setCsrfToken(answer.csrfToken);
            currentPassword.current = password;
            mustChange.current = answer.mustChangePassword;
            await continueAt(answer.stage);
          })
        }
      />
    ),
    change_password: () => (
      <ChangePasswordStep
        busy={busy}
        onSubmit={(newPassword) =>
          run(async () => {
            await unwrap(api.POST('/api/v1/auth/password', { body: { currentPassword: currentPassword.current, newPassword } }));
            mustChange.current = false;
            await continueAt('active');
          })
        }
      />
    ),
    second_factor: () => (
      <CodeStep
        title={t('signIn.codeTitle')}
        help={t('signIn.codeHelp')}
        action={t('signIn.verify')}
        busy={busy}
        onSubmit={(code) =>
          run(async () => {
            const answer = await unwrap(api.POST('/api/v1/auth/second-factor', { body: { code } }));
            setCsrfToken(answer.csrfToken);
            await continueAt(answer.stage);
          })
        }
      />
    ),
    enrolment: () => {
      const enrolment = step as Extract<Step, { name: 'enrolment' }>;
      return (
        <CodeStep
          title={t('signIn.enrolTitle')}
          help={t('signIn.enrolHelp')}
          action={t('signIn.enrol')}
          busy={busy}
          onSubmit={(code) =>
            run(async () => {
              const answer = await unwrap(api.POST('/api/v1/auth/second-factor/enrolment/confirm', { body: { code } }));
              setCsrfToken(answer.csrfToken);
              setStep({ name: 'recovery_codes', codes: answer.recoveryCodes });
            })
          }
        >
          <Center>
            <Image src={enrolment.qr} alt={t('signIn.enrolQr')} w={200} h={200} />
          </Center>
          <Text size="sm">
            {t('signIn.enrolSecret')}: <Code dir="ltr">{enrolment.secret}</Code>
          </Text>
        </CodeStep>
      );
    },
    recovery_codes: () => (
      <Stack>
        <Title order={2}>{t('signIn.recoveryTitle')}</Title>
        <Text size="sm">{t('signIn.recoveryHelp')}</Text>
        <SimpleGrid cols={2} dir="ltr">
          {(step as Extract<Step, { name: 'recovery_codes' }>).codes.map((code) => (
            <Code key={code}>{code}</Code>
          ))}
        </SimpleGrid>
        <Button onClick={() => void run(() => continueAt('active'))}>{t('signIn.recoveryDone')}</Button>
      </Stack>
    ),
  };

  return (
    <Center mih="80vh">
      <Paper withBorder shadow="sm" p="xl" w={420} radius="md">
        <Stack>
          <FormError error={error} />
          {forms[step.name]()}
        </Stack>
      </Paper>
    </Center>
  );
}

function PasswordStep({ busy, onSubmit }: { busy: boolean; onSubmit: (username: string, password: string) => void }) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(username, password);
  };
  return (
    <form onSubmit={submit} aria-labelledby="sign-in-title">
      <Stack>
        <Title order={2} id="sign-in-title">
          {t('signIn.title')}
        </Title>
        <TextInput
          label={t('signIn.username')}
          value={username}
          onChange={(e) => setUsername(e.currentTarget.value)}
          autoComplete="username"
          required
          dir="ltr"
        />
        <PasswordInput
          label={t('signIn.password')}
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          autoComplete="current-password"
          required
        />
        <Button type="submit" loading={busy}>
          {t('signIn.submit')}
        </Button>
      </Stack>
    </form>
  );
}

function ChangePasswordStep({ busy, onSubmit }: { busy: boolean; onSubmit: (newPassword: string) => void }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMismatch(password !== repeat);
    if (password === repeat) onSubmit(password);
  };
  return (
    <form onSubmit={submit} aria-labelledby="change-title">
      <Stack>
        <Title order={2} id="change-title">
          {t('signIn.changeTitle')}
        </Title>
        <Text size="sm">{t('signIn.changeHelp')}</Text>
        <PasswordInput
          label={t('signIn.newPassword')}
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          autoComplete="new-password"
          required
        />
        <PasswordInput
          label={t('signIn.repeatPassword')}
          value={repeat}
          onChange={(e) => setRepeat(e.currentTarget.value)}
          autoComplete="new-password"
          required
          error={mismatch ? t('signIn.mismatch') : undefined}
        />
        <Button type="submit" loading={busy}>
          {t('signIn.change')}
        </Button>
      </Stack>
    </form>
  );
}

function CodeStep(props: { title: string; help: string; action: string; busy: boolean; onSubmit: (code: string) => void; children?: ReactNode }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onSubmit(code);
  };
  return (
    <form onSubmit={submit} aria-labelledby="code-title">
      <Stack>
        <Title order={2} id="code-title">
          {props.title}
        </Title>
        <Text size="sm">{props.help}</Text>
        {props.children}
        <TextInput
          label={t('signIn.code')}
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={8}
          required
          dir="ltr"
        />
        <Button type="submit" loading={props.busy}>
          {props.action}
        </Button>
      </Stack>
    </form>
  );
}
