import { describe, expect, it } from "vitest";
import { useTestApis, type TestApi } from "../helpers/test-api";

const { api } = useTestApis();

const LIST = `query($filter: UserFilter, $first: Int!, $after: String) {
  users(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { email displayName } }
  }
}`;

interface ListPage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: { email: string; displayName: string } }[];
}

async function list(t: TestApi, token: string, filter: Record<string, unknown> | null, first = 100, after?: string) {
  const r = await t.gql(LIST, { filter, first, after }, { token });
  return { page: r.data?.users as ListPage | undefined, code: r.errors?.[0]?.extensions.code, message: r.errors?.[0]?.message, hint: r.errors?.[0]?.extensions.hint };
}

const T0 = Date.UTC(2026, 10, 1);

/** Accounts as AccountService stores them (email lower-cased), created one second apart in this order from `start`. */
async function seed(t: TestApi, accounts: { displayName: string; email: string; isActive?: boolean }[], start = T0) {
  for (const [i, a] of accounts.entries()) {
    await t.prisma.user.create({ data: { ...a, passwordHash: "$argon2id$unused", role: "CLINICIAN", createdAt: new Date(start + i * 1000) } });
  }
}

/** The emails of the accounts a search finds, newest first. */
async function found(t: TestApi, token: string, search: string, filter: Record<string, unknown> = {}) {
  const { page, message } = await list(t, token, { ...filter, search });
  expect(message).toBeUndefined();
  return page!.edges.map((e) => e.node.email);
}

describe("the users list's search", () => {
  it("finds accounts by a part of the display name, whatever its case, among deactivated ones too", async () => {
    const t = await api();
    await seed(t, [
      { displayName: "Dr Ada Osei", email: "a.osei@clinic.test" },
      { displayName: "Nurse Bea Adams", email: "bea@clinic.test", isActive: false },
      { displayName: "Carl Smith", email: "carl@clinic.test" },
    ]);
    const admin = await t.login(t.users.ADMIN.email);
    expect(await found(t, admin, "osei")).toEqual(["a.osei@clinic.test"]);
    expect(await found(t, admin, "ADA")).toEqual(["bea@clinic.test", "a.osei@clinic.test"]);
    expect(await found(t, admin, "bEa aD")).toEqual(["bea@clinic.test"]);
    // The other filters still apply with it.
    expect(await found(t, admin, "ada", { isActive: true })).toEqual(["a.osei@clinic.test"]);
  });

  it("finds accounts by a part of the email address, whatever its case", async () => {
    const t = await api();
    await seed(t, [
      { displayName: "Dr Ada Osei", email: "a.osei@north.test" },
      { displayName: "Carl Smith", email: "carl@south.test" },
    ]);
    const admin = await t.login(t.users.ADMIN.email);
    expect(await found(t, admin, "@south")).toEqual(["carl@south.test"]);
    expect(await found(t, admin, "NORTH.T")).toEqual(["a.osei@north.test"]);
    expect(await found(t, admin, "nobody")).toEqual([]);
  });

  it("ignores the spaces around the text, and a blank search filters nothing", async () => {
    const t = await api();
    await seed(t, [{ displayName: "Carl Smith", email: "carl@clinic.test" }]);
    const admin = await t.login(t.users.ADMIN.email);
    expect(await found(t, admin, "  smith \t")).toEqual(["carl@clinic.test"]);
    const all = (await list(t, admin, {})).page!.totalCount;
    expect(all).toBe(5);
    for (const blank of ["", "   "]) expect((await list(t, admin, { search: blank })).page!.totalCount).toBe(all);
  });

  it("takes a percent sign and an underscore as the characters they are, not as wildcards", async () => {
    const t = await api();
    await seed(t, [
      { displayName: "Ward 100% cover", email: "cover@clinic.test" },
      { displayName: "Ward 1000", email: "ward_a@clinic.test" },
      { displayName: "Ward 1x00", email: "wardba@clinic.test" },
    ]);
    const admin = await t.login(t.users.ADMIN.email);
    expect(await found(t, admin, "100%")).toEqual(["cover@clinic.test"]);
    expect(await found(t, admin, "WARD_")).toEqual(["ward_a@clinic.test"]);
    expect(await found(t, admin, "%")).toEqual(["cover@clinic.test"]);
    // Pages and counts hold the real matches only.
    await seed(t, Array.from({ length: 3 }, (_, i) => ({ displayName: `Ward_${i}`, email: `w${i}@clinic.test` })), T0 + 10_000);
    const first = await list(t, admin, { search: "d_" }, 2);
    expect(first.page!.totalCount).toBe(4);
    expect(first.page!.edges.map((e) => e.node.email)).toEqual(["w2@clinic.test", "w1@clinic.test"]);
    const rest = await list(t, admin, { search: "d_" }, 2, first.page!.pageInfo.endCursor!);
    expect(rest.page!.edges.map((e) => e.node.email)).toEqual(["w0@clinic.test", "ward_a@clinic.test"]);
    expect(rest.page!.pageInfo.hasNextPage).toBe(false);
  });

  it("pages through every match exactly once, counting only the matches", async () => {
    const t = await api();
    await seed(t, [
      ...Array.from({ length: 5 }, (_, i) => ({ displayName: `Team member ${i}`, email: `m${i}@team.test` })),
      { displayName: "Someone else", email: "else@clinic.test" },
    ]);
    const admin = await t.login(t.users.ADMIN.email);
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const { page } = await list(t, admin, { search: "TEAM" }, 2, after);
      expect(page!.totalCount).toBe(5);
      seen.push(...page!.edges.map((e) => e.node.email));
      if (!page!.pageInfo.hasNextPage) break;
      after = page!.pageInfo.endCursor!;
    }
    expect(seen).toEqual(["m4@team.test", "m3@team.test", "m2@team.test", "m1@team.test", "m0@team.test"]);
  });

  it("refuses a search over 200 characters with BAD_USER_INPUT saying what to search by", async () => {
    const t = await api();
    const admin = await t.login(t.users.ADMIN.email);
    const long = await list(t, admin, { search: "a".repeat(201) });
    expect(long.code).toBe("BAD_USER_INPUT");
    expect(long.message).toMatch(/longer than 200 characters: search by a part of the account's name or email address/);
    expect(long.hint).toMatch(/at most 200 characters/);
    expect(long.page).toBeUndefined();
    // 200 is allowed, and so is a longer text that is blank around 200 characters of search.
    expect((await list(t, admin, { search: "a".repeat(200) })).code).toBeUndefined();
    expect((await list(t, admin, { search: ` ${"a".repeat(200)} ` })).code).toBeUndefined();
  });

  it("is refused to clinicians and analysts", async () => {
    const t = await api();
    for (const who of [t.users.CLINICIAN, t.users.ANALYST]) {
      expect((await list(t, await t.login(who.email), { search: "admin" })).code).toBe("FORBIDDEN");
    }
  });
});
