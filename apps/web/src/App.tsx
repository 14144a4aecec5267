import { lazy, Suspense } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { $api } from './rest-client/client';
import { problemOf } from './rest-client/problem';
import { SignInPage } from './session/SignInPage';
import { useSession } from './session/use-session';
import { ErrorNotice, Loading } from './ui/states';

// The console and the portal are loaded only by who needs them: a vendor never downloads the console.
const ConsoleRoutes = lazy(() => import('./console/ConsoleRoutes').then((module) => ({ default: module.ConsoleRoutes })));
const PortalRoutes = lazy(() => import('./portal/PortalRoutes').then((module) => ({ default: module.PortalRoutes })));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A refusal (4xx) will not change by asking again; a dropped connection might.
      retry: (failures, error) => failures < 2 && problemOf(error).status === undefined,
      staleTime: 15_000,
      refetchOnWindowFocus: true,
    },
  },
});

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <SessionGate />
      </BrowserRouter>
    </QueryClientProvider>
  );
}

/**
 * Nothing is drawn before the server has said who the token speaks for: a vendor token opens its
 * own portal, finance and admin tokens the console, and a bad or expired one the sign-in page with
 * a sentence saying so (the API client signs out on any 401).
 */
function SessionGate() {
  const { token, notice } = useSession();
  if (!token) return <SignInPage notice={notice} />;
  return <SignedIn key={token} />;
}

function SignedIn() {
  const me = $api.useQuery('get', '/v1/me', {}, { staleTime: Infinity, retry: false });
  if (me.isPending) return <main className="shell-main"><Loading what="your session" /></main>;
  if (me.isError) {
    return (
      <main className="shell-main">
        <ErrorNotice error={me.error} what="your session" retry={() => void me.refetch()} />
      </main>
    );
  }
  const who = me.data;
  const home = who.role === 'vendor' ? '/portal' : '/console';
  return (
    <Suspense fallback={<main className="shell-main"><Loading what="the page" /></main>}>
      <Routes>
        <Route path="/" element={<Navigate to={home} replace />} />
        <Route path="/console/*" element={<ConsoleRoutes who={who} />} />
        <Route path="/portal/*" element={<PortalRoutes who={who} />} />
        <Route path="*" element={<Navigate to={home} replace />} />
      </Routes>
    </Suspense>
  );
}
