import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PASSWORD, startTestApi, type TestApi } from "../helpers/test-api";

let t: TestApi;
beforeEach(async () => {
  t = await startTestApi({ LOGIN_MAX_PER_ACCOUNT: "3" });
});
afterEach(async () => {
  await t.close();
});

const LOGIN = `mutation($e: String!, $p: String!) { login(input: { email: $e, password: $p }) { user { email role } token } }`;

describe("auth", () => {
  it("sets an HttpOnly SameSite=Lax session cookie on login that then identifies the caller", async () => {
    const r = await t.gql(LOGIN, { e: t.users.CLINICIAN.email, p: PASSWORD });
    expect(r.errors).toBeUndefined();
    expect((r.data!.login as { token: string | null }).token).toBeNull();
    const setCookie = r.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/^gma_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/i);
    const me = await t.gql(`{ me { email role } }`, {}, { cookie: setCookie.split(";")[0]! });
    expect(me.data?.me).toEqual({ email: t.users.CLINICIAN.email, role: "CLINICIAN" });
  });

  it("marks the cookie Secure in the production profile", async () => {
    const prod = await startTestApi({ GMA_PROFILE: "production" });
    try {
      const r = await prod.gql(LOGIN, { e: prod.users.ADMIN.email, p: PASSWORD });
      expect(r.headers.get("set-cookie")).toMatch(/Secure/);
    } finally {
      await prod.close();
    }
  });

  it("answers a wrong password and an unknown email with the same UNAUTHENTICATED error", async () => {
    const wrong = await t.gql(LOGIN, { e: t.users.ADMIN.email, p: "not the password" });
    const unknown = await t.gql(LOGIN, { e: "nobody@test.local", p: "not the password" });
    expect(wrong.errors?.[0]?.extensions.code).toBe("UNAUTHENTICATED");
    expect(unknown.errors?.[0]?.message).toBe(wrong.errors?.[0]?.message);
  });

  it("rate-limits an account after repeated failures, even with the right password", async () => {
    for (let i = 0; i < 3; i++) await t.gql(LOGIN, { e: t.users.ADMIN.email, p: "wrong password" });
    const r = await t.gql(LOGIN, { e: t.users.ADMIN.email, p: PASSWORD });
    expect(r.errors?.[0]?.extensions.code).toBe("RATE_LIMITED");
    expect(r.errors?.[0]?.extensions.retryAfterSeconds).toBeGreaterThan(0);
    const other = await t.gql(LOGIN, { e: t.users.ANALYST.email, p: PASSWORD });
    expect(other.errors).toBeUndefined();
  });

  it("revokes the session on logout so the bearer token stops working", async () => {
    const token = await t.login(t.users.ANALYST.email);
    expect((await t.gql(`{ me { id } }`, {}, { token })).errors).toBeUndefined();
    expect((await t.gql(`mutation { logout }`, {}, { token })).data?.logout).toBe(true);
    expect((await t.gql(`{ me { id } }`, {}, { token })).errors?.[0]?.extensions.code).toBe("UNAUTHENTICATED");
  });

  it("lets an admin create, update and deactivate users, and a deactivated user cannot sign in", async () => {
    const token = await t.login(t.users.ADMIN.email);
    const created = await t.gql(
      `mutation { createUser(input: { email: "new@test.local", displayName: "New", password: "${PASSWORD}", role: CLINICIAN }) { id role isActive } }`,
      {},
      { token },
    );
    const id = (created.data!.createUser as { id: string }).id;
    const dup = await t.gql(`mutation { createUser(input: { email: "new@test.local", displayName: "N", password: "${PASSWORD}", role: ANALYST }) { id } }`, {}, { token });
    expect(dup.errors?.[0]?.extensions.code).toBe("CONFLICT");
    const updated = await t.gql(`mutation($id: ID!) { updateUser(input: { id: $id, role: ANALYST }) { role } }`, { id }, { token });
    expect(updated.data?.updateUser).toEqual({ role: "ANALYST" });
    await t.gql(`mutation($id: ID!) { deactivateUser(id: $id) { isActive } }`, { id }, { token });
    const login = await t.gql(LOGIN, { e: "new@test.local", p: PASSWORD });
    expect(login.errors?.[0]?.extensions.code).toBe("UNAUTHENTICATED");
  });

  it("rejects a too-short new password with BAD_USER_INPUT and a wrong current one with UNAUTHENTICATED", async () => {
    const token = await t.login(t.users.CLINICIAN.email);
    const short = await t.gql(`mutation { changePassword(input: { currentPassword: "${PASSWORD}", newPassword: "short" }) }`, {}, { token });
    expect(short.errors?.[0]?.extensions.code).toBe("BAD_USER_INPUT");
    const wrong = await t.gql(`mutation { changePassword(input: { currentPassword: "nope nope nope", newPassword: "a new long password" }) }`, {}, { token });
    expect(wrong.errors?.[0]?.extensions.code).toBe("UNAUTHENTICATED");
  });
});
