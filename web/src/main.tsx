import '@mantine/core/styles.css';
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
