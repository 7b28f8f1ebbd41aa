import '@fontsource/noto-sans-arabic/400.css';
import '@fontsource/noto-sans-arabic/700.css';
import '@mantine/core/styles.css';
import './app.css';
import { DirectionProvider, MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { applyLanguage, initialLanguage } from './i18n';
import { RouterProvider } from './router';
import { SessionProvider } from './session';
import { cssVariables, theme } from './theme';

const language = initialLanguage();
applyLanguage(language);
const queries = new QueryClient({ defaultOptions: { queries: { refetchOnWindowFocus: false } } });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <DirectionProvider initialDirection={language === 'ar' ? 'rtl' : 'ltr'} detectDirection>
      <MantineProvider theme={theme} cssVariablesResolver={cssVariables}>
        <QueryClientProvider client={queries}>
          <RouterProvider>
            <SessionProvider>
              <App />
            </SessionProvider>
          </RouterProvider>
        </QueryClientProvider>
      </MantineProvider>
    </DirectionProvider>
  </StrictMode>,
);
