import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { UserListView, type UserListViewProps } from "@/components/admin/users-page";

type Users = NonNullable<UserListViewProps["users"]>;

/** `n` accounts, newest first, as a page of users() gives them. */
function page(n: number, total: number, hasNextPage: boolean, from = 0): Users {
  return {
    totalCount: total,
    pageInfo: { hasNextPage, endCursor: n ? `cursor-${from + n}` : null },
    edges: Array.from({ length: n }, (_, i) => ({
      node: { id: `u${from + i}`, email: `user${from + i}@clinic.test`, displayName: `User ${from + i}`, role: "CLINICIAN" as const, isActive: i !== 1, createdAt: "2026-12-01T10:00:00.000Z", lastLoginAt: null },
    })),
  };
}

const noop = () => undefined;

function render(props: Partial<UserListViewProps> = {}): string {
  return renderToStaticMarkup(
    createElement(UserListView, {
      search: "",
      searched: "",
      users: page(25, 120, true),
      page: 0,
      pageSize: 25,
      viewerId: "u0",
      loading: false,
      onSearch: noop,
      onPrevious: noop,
      onNext: noop,
      onDeactivate: noop,
      onReactivate: noop,
      ...props,
    }),
  );
}

const text = (html: string) => html.replace(/<[^>]+>/g, "");
/** The paging buttons, each with whether it is disabled. */
const paging = (html: string) => [...html.matchAll(/<button class="btn"( disabled="")?>(Previous|Next)<\/button>/g)].map((m) => `${m[2]}${m[1] ? " (disabled)" : ""}`);
const range = (html: string) => text(/<span class="muted" data-testid="users-range">.*?<\/span>/.exec(html)?.[0] ?? "");

describe("the users page's list of accounts", () => {
  it("has a search box for a part of a name or email, as long as the API takes", () => {
    const html = render({ search: "ada" });
    expect(html).toMatch(/<label class="field"[^>]*>Search accounts<input type="search" placeholder="a part of a name or email" maxLength="200" autoComplete="off" spellCheck="false" value="ada"\/><\/label>/);
  });

  it("shows the first page with which accounts of how many, Next to the others and no Previous", () => {
    const html = render();
    expect(html.match(/data-testid="user-row"/g)).toHaveLength(25);
    expect(range(html)).toBe("accounts 1–25 of 120");
    expect(paging(html)).toEqual(["Previous (disabled)", "Next"]);
    // The viewer cannot deactivate themselves; an inactive account can be re-activated.
    expect(text(html)).toContain("Re-activate");
    expect(html.match(/>Deactivate</g)).toHaveLength(23);
  });

  it("shows a later page's range, and no Next on the last page", () => {
    const last = render({ users: page(20, 120, false, 100), page: 4 });
    expect(range(last)).toBe("accounts 101–120 of 120");
    expect(paging(last)).toEqual(["Previous", "Next (disabled)"]);
  });

  it("says how many accounts match a search, and that none does", () => {
    expect(range(render({ search: "ada", searched: "ada", users: page(3, 3, false) }))).toBe("matching accounts 1–3 of 3");
    const none = render({ search: "zzz", searched: "zzz", users: page(0, 0, false) });
    expect(none).not.toContain("users-table");
    expect(text(none)).toContain("No account matches");
    expect(text(none)).toContain("No name or email contains “zzz”.");
    expect(none).not.toContain("users-range");
    expect(paging(none)).toEqual(["Previous (disabled)", "Next (disabled)"]);
  });

  it("shows a placeholder and no paging before the first answer", () => {
    const html = render({ users: undefined, loading: true });
    expect(html).toContain("skeleton");
    expect(paging(html)).toEqual([]);
  });
});
