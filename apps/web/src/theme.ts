import { createTheme, InputWrapper, type CSSVariablesResolver } from '@mantine/core';

/** Noto Sans Arabic (self-hosted) for both scripts; primary shade 9 so white on teal passes contrast (axe: 8 does not). */
export const theme = createTheme({
  fontFamily: '"Noto Sans Arabic", "Noto Sans", system-ui, sans-serif',
  headings: { fontFamily: '"Noto Sans Arabic", "Noto Sans", system-ui, sans-serif' },
  primaryColor: 'teal',
  primaryShade: 9,
  components: {
    // Mantine's dimmed description fails contrast on white; gray.7 passes.
    InputWrapper: InputWrapper.extend({ styles: { description: { color: 'var(--mantine-color-gray-7)' } } }),
  },
});

/** Error text and borders in red.9, Mantine's default red failing contrast on white (axe); a darker primary hover. */
export const cssVariables: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    // The hover of a filled primary button would be teal 8, which fails contrast with white: darker instead.
    '--mantine-primary-color-filled-hover': '#066649',
  },
  dark: {},
});
