"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, type MouseEvent, type ReactNode } from "react";
import { ErrorState, Skeleton } from "@/components/ui";
import { navFor, navItemOf, type NavItem } from "@/config/nav";
import { siteConfig } from "@/config/site";
import { LogoutMutation, MeQuery } from "@/graphql/auth";
import { useMutation } from "@/hooks/use-mutation";
import { useQuery } from "@/hooks/use-query";
import { ViewerContext } from "@/hooks/use-viewer";
import { isUnauthenticated } from "@/lib/api-error";
import { onUnauthenticated } from "@/lib/graphql-client";

/** Side navigation for the viewer's role, the signed-in account, and a role guard on the page. */
export function AppShell({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  const router = useRouter();
  const me = useQuery(MeQuery);
  const logout = useMutation(LogoutMutation);

  useEffect(() => {
    const toSignIn = (expired: boolean) => router.replace(`/sign-in?next=${encodeURIComponent(pathname)}${expired ? "&expired=1" : ""}`);
    if (isUnauthenticated(me.error)) toSignIn(false);
    // Any later UNAUTHENTICATED answer means the session expired or was revoked meanwhile.
    return onUnauthenticated(() => toSignIn(true));
  }, [me.error, pathname, router]);

  if (me.loading && !me.data) return <ShellSkeleton />;
  if (!me.data) {
    if (isUnauthenticated(me.error)) return <ShellSkeleton />;
    return (
      <main className="main">
        <ErrorState error={me.error} retry={me.refetch} />
      </main>
    );
  }
  const viewer = me.data.me;
  const items = navFor(viewer.role);
  const owner = navItemOf(pathname);
  const allowed = !owner || owner.roles.includes(viewer.role);

  return (
    <ViewerContext.Provider value={viewer}>
      {/* The first Tab stop: past the navigation's links to the page (WCAG 2.4.1), shown while focused. */}
      <a className="skip-link" href="#main" onClick={skipToMain}>
        Skip to content
      </a>
      <div className="shell">
        <nav className="sidebar" aria-label="Main">
          <div className="brand">{siteConfig.name}</div>
          <NavLinks items={items} current={owner} />
          <div className="who">
            <div data-testid="viewer-name" className="name">{viewer.displayName}</div>
            <div>{viewer.email}</div>
            <div data-testid="viewer-role" className="role">{viewer.role.toLowerCase()}</div>
            <button
              className="btn"
              onClick={async () => {
                await logout.mutate({});
                router.replace("/sign-in");
              }}
            >
              Sign out
            </button>
          </div>
        </nav>
        {/* Focusable by script only (tabIndex -1), for the skip link to move focus to. */}
        <main className="main" id="main" tabIndex={-1}>
          {allowed ? (
            children
          ) : (
            <div className="state error" role="alert" data-testid="forbidden">
              <h3>Not allowed</h3>
              <p>Your role ({viewer.role.toLowerCase()}) may not open {owner.title}.</p>
            </div>
          )}
        </main>
      </div>
    </ViewerContext.Provider>
  );
}

/**
 * Moves focus to the page's main content, which scrolls it into view: the next Tab goes on from
 * there. The link's own #main does the same without script, but leaves #main in the address.
 */
function skipToMain(event: MouseEvent<HTMLAnchorElement>) {
  const main = document.getElementById("main");
  if (!main) return;
  event.preventDefault();
  main.focus();
}

function NavLinks({ items, current }: { items: NavItem[]; current: NavItem | undefined }) {
  let section: string | undefined;
  return (
    <>
      {items.map((item) => {
        const header = item.section !== section ? <div className="section">{item.section}</div> : null;
        section = item.section;
        return (
          <div key={item.href}>
            {header}
            <Link href={item.href} aria-current={current?.href === item.href ? "page" : undefined}>
              {item.title}
            </Link>
          </div>
        );
      })}
    </>
  );
}

function ShellSkeleton() {
  return (
    <div className="shell" aria-busy="true">
      <nav className="sidebar">
        <div className="brand">{siteConfig.name}</div>
      </nav>
      <main className="main stack">
        <Skeleton width={240} height={24} />
        <Skeleton height={120} />
        <Skeleton height={240} />
      </main>
    </div>
  );
}
