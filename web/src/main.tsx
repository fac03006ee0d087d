// Mantine's styles, in its `mantine` cascade layer (the app's own CSS wins whatever the order of the
// files): here the base and the components of the pages shown before sign-in, in Mantine's own order;
// all of them arrive with the first part loaded later (ui/lazy.tsx, ui/all-styles.ts). A component
// added to the sign-in page needs its file here (e2e/performance.spec.ts checks every class is styled).
import '@mantine/core/styles/baseline.layer.css';
import '@mantine/core/styles/default-css-variables.layer.css';
import '@mantine/core/styles/global.layer.css';
import '@mantine/core/styles/UnstyledButton.layer.css';
import '@mantine/core/styles/VisuallyHidden.layer.css';
import '@mantine/core/styles/Paper.layer.css';
import '@mantine/core/styles/Popover.layer.css';
import '@mantine/core/styles/Loader.layer.css';
import '@mantine/core/styles/ActionIcon.layer.css';
import '@mantine/core/styles/CloseButton.layer.css';
import '@mantine/core/styles/Group.layer.css';
import '@mantine/core/styles/Input.layer.css';
import '@mantine/core/styles/Alert.layer.css';
import '@mantine/core/styles/Text.layer.css';
import '@mantine/core/styles/Anchor.layer.css';
import '@mantine/core/styles/Button.layer.css';
import '@mantine/core/styles/Center.layer.css';
import '@mantine/core/styles/Menu.layer.css';
import '@mantine/core/styles/PasswordInput.layer.css';
import '@mantine/core/styles/Stack.layer.css';
import '@mantine/core/styles/Tabs.layer.css';
import '@mantine/core/styles/Title.layer.css';
import { DirectionProvider, MantineProvider, useDirection } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, StrictMode, useEffect, useMemo } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { I18nProvider, useI18n } from './i18n';
import { cssVariablesResolver, themeFor } from './theme';

/** The page's CSP nonce (the server sets it in index.html), for the style elements Mantine writes. */
const styleNonce = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce ?? '';
const getStyleNonce = () => styleNonce;

const queryClient = new QueryClient({
  defaultOptions: { queries: { staleTime: 30_000, refetchOnWindowFocus: true } },
});

/** Keeps Mantine's direction in step with the language. */
function Direction({ children }: { children: ReactNode }) {
  const { dir } = useI18n();
  const { setDirection } = useDirection();
  useEffect(() => setDirection(dir), [dir, setDirection]);
  return children;
}

function Root() {
  const { dir, t } = useI18n();
  const theme = useMemo(() => themeFor(t('common.close')), [t]);
  return (
    <DirectionProvider initialDirection={dir} detectDirection={false}>
      <Direction>
        <MantineProvider
          theme={theme}
          cssVariablesResolver={cssVariablesResolver}
          getStyleNonce={getStyleNonce}
        >
          <QueryClientProvider client={queryClient}>
            <App />
          </QueryClientProvider>
        </MantineProvider>
      </Direction>
    </DirectionProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <Root />
    </I18nProvider>
  </StrictMode>,
);
