import { Center, Loader } from '@mantine/core';
import { type ComponentType, type LazyExoticComponent, lazy, type ReactNode, Suspense } from 'react';
import { useT } from '../i18n';

const RELOADED_AT = 'cliniclick.chunk-reload';

/**
 * A component loaded the first time it is shown, from its own file of the build (a panel's page,
 * a card): the sign-in page and each panel fetch only the code they use. `name` is the export.
 * The first one also brings the styles of every Mantine component (./all-styles.ts).
 *
 * A build replaced under an open tab renames its files, so the old tab's next page fails to load:
 * the page is then reloaded once (a fresh index.html names the new files). A second failure within
 * a minute is an error like any other (offline, server down).
 */
// biome-ignore lint/suspicious/noExplicitAny: any component's props, kept as they are
export function lazyNamed<M extends Record<K, ComponentType<any>>, K extends keyof M & string>(
  load: () => Promise<M>,
  name: K,
): LazyExoticComponent<M[K]> & Preloadable {
  let loading: Promise<{ default: M[K] }> | undefined;
  const loadOnce = () => {
    loading ??= (async () => {
      try {
        const [module] = await Promise.all([load(), import('./all-styles')]);
        return { default: module[name] };
      } catch (error) {
        const last = Number(sessionStorage.getItem(RELOADED_AT) ?? 0);
        if (Date.now() - last < 60_000) throw error;
        sessionStorage.setItem(RELOADED_AT, String(Date.now()));
        window.location.reload();
        return new Promise<never>(() => {});
      }
    })();
    return loading;
  };
  return Object.assign(lazy(loadOnce), {
    preload: () => {
      // A failure is reported where the component is shown, not here.
      loadOnce().catch(() => {});
    },
  });
}

/** A component whose code can be fetched before it is shown. */
export interface Preloadable {
  preload(): void;
}

/**
 * Starts fetching a lazily loaded component's code now (nothing for any other component): a panel
 * asks for its page's code while its own frame's code is still on the way, not after.
 */
export function preload(component: unknown): void {
  (component as Partial<Preloadable> | undefined)?.preload?.();
}

/** Where a lazily loaded part appears: a spinner while its code arrives. */
export function Loading({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Spinner />}>{children}</Suspense>;
}

function Spinner() {
  const t = useT();
  return (
    // A named live region around a silent spinner (a bare span may not carry a label).
    <Center py="xl" mih="50vh" role="status" aria-label={t('common.loading')}>
      <Loader aria-hidden />
    </Center>
  );
}
