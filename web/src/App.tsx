import { useQueryClient } from '@tanstack/react-query';
import { type ComponentType, useEffect } from 'react';
import { createBrowserRouter, Navigate, Outlet, RouterProvider, useLocation, useParams } from 'react-router';
import { onMfaRequired, onSessionLost } from './api/client';
import { type ClinicRole, ME_KEY, type Me, useMe } from './api/me';
import { RequireAuth } from './auth/RequireAuth';
import { SignInPage } from './auth/SignIn';
import { homePath } from './auth/session';
import { setSignedOutReason } from './auth/session-ended';
import { TWO_STEP_PATH, TwoStepRequiredPage } from './auth/TwoStepRequired';
import { isLocale, useI18n } from './i18n';
import { NoClinicPage, NotFoundPage } from './panels/NotFound';
import { ADMIN_PAGES, CLINIC_PAGES, HOME, homeFor } from './panels/pages';
import { Loading, lazyNamed, preload } from './ui/lazy';
import { PlaceProvider } from './ui/place';

// Loaded when first shown (ui/lazy.tsx): the sign-in page's code is all a signed-out visitor fetches.
const Shell = lazyNamed(() => import('./shell/Shell'), 'Shell');
const AcceptInvitationPage = lazyNamed(() => import('./auth/AcceptInvitation'), 'AcceptInvitationPage');
const ForgotPasswordPage = lazyNamed(() => import('./auth/PasswordReset'), 'ForgotPasswordPage');
const ResetPasswordPage = lazyNamed(() => import('./auth/PasswordReset'), 'ResetPasswordPage');
// Public screens of the live queue (no sign-in): the waiting room's TV and a patient's ticket.
const DisplayPage = lazyNamed(() => import('./panels/queue/DisplayPage'), 'DisplayPage');
const TicketPage = lazyNamed(() => import('./panels/queue/TicketPage'), 'TicketPage');

function isRole(v: string | undefined): v is ClinicRole {
  return v === 'owner' || v === 'doctor' || v === 'secretary' || v === 'patient';
}

/** /clinics/:slug/:role — the panel of one role in one clinic, if the user has that membership. */
function ClinicPanel() {
  const { slug, role } = useParams();
  const { pathname } = useLocation();
  const me = useMe().data!;
  const membership = isRole(role)
    ? me.memberships.find((m) => m.clinicSlug === slug && m.role === role)
    : undefined;
  // Someone removed from their only clinic is told so, not shown a bare "not found".
  if (!membership)
    return homePath(me) === '/no-clinic' ? <Navigate to="/no-clinic" replace /> : <NotFoundPage />;
  // The page's code is fetched beside the shell's, not once the shell has arrived.
  const page = pathname.split('/')[4] ?? '';
  preload(page ? CLINIC_PAGES.find((p) => p.path === page)?.component : homeFor(membership.role));
  return (
    <PlaceProvider place={{ kind: 'clinic', membership }}>
      <Loading>
        <Shell
          root={`/clinics/${membership.clinicSlug}/${membership.role}`}
          nav={clinicNav(membership.role)}
        />
      </Loading>
    </PlaceProvider>
  );
}

function clinicNav(role: ClinicRole) {
  return [HOME, ...CLINIC_PAGES.filter((p) => p.roles.includes(role) && p.inMenu !== false)].map((p) => ({
    to: p.path,
    label: p.label,
    icon: p.icon,
    ...('badge' in p && p.badge ? { badge: p.badge } : {}),
  }));
}

function ClinicHome() {
  const { role } = useParams();
  const Home = isRole(role) ? homeFor(role) : NotFoundPage;
  return (
    <Loading>
      <Home />
    </Loading>
  );
}

/** A clinic page, for the roles that have it; "not found" for the others. */
function RolePage({ page }: { page: (typeof CLINIC_PAGES)[number] }) {
  const { role } = useParams();
  if (!isRole(role) || !page.roles.includes(role)) return <NotFoundPage inShell />;
  const Page = page.component;
  return (
    <Loading>
      <Page />
    </Loading>
  );
}

function AdminPanel() {
  const { pathname } = useLocation();
  const me = useMe().data!;
  if (me.user.platformRole !== 'admin') return <NotFoundPage />;
  preload(ADMIN_PAGES.find((p) => p.path === (pathname.split('/')[2] ?? ''))?.component);
  return (
    <PlaceProvider place={{ kind: 'admin' }}>
      <Loading>
        <Shell
          root="/admin"
          nav={ADMIN_PAGES.filter((p) => p.inMenu !== false).map((p) => ({
            to: p.path,
            label: p.label,
            icon: p.icon,
          }))}
        />
      </Loading>
    </PlaceProvider>
  );
}

function Landing() {
  const me = useMe().data!;
  return <Navigate to={homePath(me)} replace />;
}

function Protected() {
  return (
    <RequireAuth>
      <Outlet />
    </RequireAuth>
  );
}

const lazyElement = (Page: ComponentType) => (
  <Loading>
    <Page />
  </Loading>
);

const router = createBrowserRouter(
  [
    { path: '/sign-in', element: <SignInPage /> },
    { path: '/invite', element: lazyElement(AcceptInvitationPage) },
    { path: '/invite/:token', element: lazyElement(AcceptInvitationPage) },
    { path: '/forgot-password', element: lazyElement(ForgotPasswordPage) },
    { path: '/reset-password', element: lazyElement(ResetPasswordPage) },
    { path: '/display/:token', element: lazyElement(DisplayPage) },
    { path: '/ticket/:token', element: lazyElement(TicketPage) },
    {
      element: <Protected />,
      children: [
        { index: true, element: <Landing /> },
        { path: 'no-clinic', element: <NoClinicPage /> },
        { path: TWO_STEP_PATH.slice(1), element: <TwoStepRequiredPage /> },
        {
          path: 'admin',
          element: <AdminPanel />,
          children: [
            ...ADMIN_PAGES.map(({ path, component: Page }) =>
              path ? { path, element: lazyElement(Page) } : { index: true, element: lazyElement(Page) },
            ),
            { path: '*', element: <NotFoundPage inShell /> },
          ],
        },
        {
          path: 'clinics/:slug/:role',
          element: <ClinicPanel />,
          children: [
            { index: true, element: <ClinicHome /> },
            ...CLINIC_PAGES.map((page) => ({ path: page.path, element: <RolePage page={page} /> })),
            { path: '*', element: <NotFoundPage inShell /> },
          ],
        },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ],
  { basename: '/app' },
);

/** A 401 from any call while signed in means the session ended: forget the user, keep the place. */
function SessionWatch() {
  const queryClient = useQueryClient();
  useEffect(
    () =>
      onSessionLost(() => {
        if (queryClient.getQueryData<Me | null>(ME_KEY)) {
          setSignedOutReason('ended');
          queryClient.setQueryData(ME_KEY, null);
        }
      }),
    [queryClient],
  );
  return null;
}

/**
 * A clinic whose owner requires two-step sign-in (or the console, outside the demo) refused a
 * call: send the user to set it up, and back to where they were after.
 */
function MfaWatch() {
  useEffect(
    () =>
      onMfaRequired(() => {
        const here = router.state.location;
        // The router's own state may carry the basename; `next` is a path inside the app.
        const path = here.pathname.startsWith('/app/') ? here.pathname.slice(4) : here.pathname;
        if (path === TWO_STEP_PATH) return;
        const next = new URLSearchParams({ next: `${path}${here.search}` });
        void router.navigate(`${TWO_STEP_PATH}?${next}`, { replace: true });
      }),
    [],
  );
  return null;
}

/** The language saved to the account wins on any device, once the user is known. */
function LocaleSync() {
  const saved = useMe().data?.user.locale;
  const { locale, setLocale } = useI18n();
  // biome-ignore lint/correctness/useExhaustiveDependencies: follows the saved value only
  useEffect(() => {
    if (isLocale(saved) && saved !== locale) setLocale(saved);
  }, [saved]);
  return null;
}

export function App() {
  return (
    <>
      <SessionWatch />
      <MfaWatch />
      <LocaleSync />
      <RouterProvider router={router} />
    </>
  );
}
