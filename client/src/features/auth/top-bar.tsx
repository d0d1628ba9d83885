import { useMutation, useQueryClient } from '@tanstack/react-query';
import { navigate } from '../../router.js';
import { useTRPC } from '../../trpc.js';
import { CountersignLink } from '../orders/countersign-link.js';

interface Props {
  user: { name: string; role: string };
  path: string;
}

const NAV = [
  { href: '/', label: 'Board' },
  { href: '/shift-report', label: 'Shift report' },
  { href: '/protocol', label: 'Protocol' },
];
/** Administration: who may log in, and who did what. */
const ADMIN_NAV = [
  { href: '/users', label: 'Users' },
  { href: '/audit', label: 'Audit trail' },
];

export function TopBar({ user, path }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const logout = useMutation(
    trpc.auth.logout.mutationOptions({
      onSettled: () => {
        navigate('/', { replace: true });
        // Nobody is logged in now: the login page replaces whatever screen was open (the board too,
        // whose address is already "/"), and nothing of the last user's data stays in memory. The
        // session query stays, answered null, so the next login updates the page through it.
        const session = trpc.auth.session.queryKey();
        queryClient.setQueryData(session, null);
        const kept = queryClient.getQueryCache().find({ queryKey: session, exact: true });
        queryClient.removeQueries({ predicate: (query) => query !== kept });
      },
    }),
  );
  return (
    <header className="top-bar">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <a
        className="brand"
        href="/"
        onClick={(e) => {
          e.preventDefault();
          navigate('/');
        }}
      >
        Detox Watch
      </a>
      <nav className="top-nav" aria-label="Main">
        {(user.role === 'admin' ? [...NAV, ...ADMIN_NAV] : NAV).map((item) => (
          <a
            key={item.href}
            href={item.href}
            aria-current={path === item.href ? 'page' : undefined}
            onClick={(e) => {
              e.preventDefault();
              navigate(item.href);
            }}
          >
            {item.label}
          </a>
        ))}
        {user.role === 'physician' && <CountersignLink current={path === '/countersign'} />}
      </nav>
      <span className="top-bar-user">
        {user.name} <span className="role-tag">{user.role}</span>
      </span>
      <button type="button" className="button ghost" onClick={() => logout.mutate()} disabled={logout.isPending}>
        Log out
      </button>
    </header>
  );
}
