import {
  type CSSVariablesResolver,
  createTheme,
  type MantineThemeOverride,
  type ModalProps,
} from '@mantine/core';

/**
 * Cyan 9 on white and white on cyan 9 both pass WCAG AA (about 5.3:1); the lighter shades do not,
 * so the primary shade is 9. "Dimmed" text is darkened from Mantine's gray 6 (3.3:1) to gray 7.
 */
export const theme = createTheme({
  primaryColor: 'cyan',
  primaryShade: 9,
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Arabic", "Helvetica Neue", Arial, sans-serif',
  defaultRadius: 'md',
  focusRing: 'auto',
  components: {
    ThemeIcon: { defaultProps: { color: 'cyan.9' } },
  },
});

export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: { '--mantine-color-dimmed': t.colors.gray[7] },
  dark: {},
});

/**
 * The theme with what needs the current language: every dialog's close button gets a name (axe
 * "button-name"), so no dialog has to remember it.
 */
export function themeFor(closeLabel: string): MantineThemeOverride {
  return {
    ...theme,
    components: {
      ...theme.components,
      // A plain object, not `Modal.extend(...)`: that would import the dialog's code (and its
      // scroll area and focus trap) into the sign-in page's JavaScript.
      Modal: {
        defaultProps: { closeButtonProps: { 'aria-label': closeLabel } } satisfies Partial<ModalProps>,
      },
    },
  };
}
