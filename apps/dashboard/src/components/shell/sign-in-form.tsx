"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { siteConfig } from "@/config/site";
import { LoginMutation } from "@/graphql/auth";
import { useMutation } from "@/hooks/use-mutation";

/** Email and password; shows the API's own message when sign-in fails. */
export function SignInForm() {
  const router = useRouter();
  const params = useSearchParams();
  const next = params.get("next");
  const expired = params.get("expired") === "1";
  const login = useMutation(LoginMutation);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await login.mutate({ input: { email, password, bearer: false } });
    // Only same-site paths: never bounce a fresh session to another origin.
    if (result) router.replace(next && next.startsWith("/") && !next.startsWith("//") ? next : "/");
  }

  return (
    <div className="card">
      <h1>{siteConfig.name}</h1>
      <p className="muted" style={{ marginTop: 0 }}>Sign in to continue.</p>
      {expired && !login.error && (
        <p className="notice" data-testid="session-expired">Your session has expired. Please sign in again.</p>
      )}
      <form className="form" onSubmit={submit}>
        <label className="field">
          Email
          <input type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label className="field">
          Password
          <input type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {login.error !== undefined && (
          <div className="alert" role="alert" data-testid="sign-in-error">
            {login.error instanceof Error ? login.error.message : String(login.error)}
          </div>
        )}
        <button className="btn primary" type="submit" disabled={login.pending}>
          {login.pending ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </div>
  );
}
