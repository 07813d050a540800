// p6-graphql: SQL statements to list 100 analyses with patient and requester (DataLoaders vs a
// naive per-row lookup), and throughput of performanceStats against a bare Apollo server with one
// trivial resolver, both measured in this run, interleaved, after warm-up.
import "reflect-metadata";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { benchLog, median, parseBenchArgs, printBench } from "@gma/core";
import { startTestApi } from "../tests/helpers/test-api";

const { quick } = parseBenchArgs();
const rounds = quick ? 3 : 7;
const requestsPerRound = quick ? 100 : 400;
const concurrency = 8;

const t = await startTestApi();
try {
  const patients = [];
  for (let i = 0; i < 20; i++) patients.push(await t.prisma.patient.create({ data: { code: `B${i}`, birthDate: new Date("2025-01-01"), gestationalAgeWeeks: 39, ownerId: t.users.CLINICIAN.id } }));
  for (let i = 0; i < 100; i++) await t.prisma.analysis.create({ data: { patientId: patients[i % 20]!.id, requestedById: t.users.CLINICIAN.id, videoFingerprint: `f${i}`, ageWeeks: 12, paramsHash: "p" } });
  const token = await t.login(t.users.ADMIN.email);

  t.sql.count = 0;
  await t.gql(`{ __typename }`, {}, { token });
  const baseline = t.sql.count;
  t.sql.count = 0;
  const r = await t.gql(`{ analyses(first: 100) { edges { node { id patient { code } requestedBy { email } } } } }`, {}, { token });
  if (r.errors || (r.data!.analyses as { edges: unknown[] }).edges.length !== 100) throw new Error(`listing failed: ${JSON.stringify(r.errors)}`);
  const sqlStatements = t.sql.count - baseline;
  // Naive: what resolvers without DataLoaders send, one lookup per relation per row.
  t.sql.count = 0;
  const rows = await t.prisma.analysis.findMany({ take: 100, orderBy: { createdAt: "desc" } });
  for (const row of rows) {
    await t.prisma.patient.findUnique({ where: { id: row.patientId } });
    if (row.requestedById) await t.prisma.user.findUnique({ where: { id: row.requestedById } });
  }
  const naiveStatements = t.sql.count;
  benchLog(`sql statements: ${sqlStatements} with DataLoaders, ${naiveStatements} naive`);

  const bare = new ApolloServer({ typeDefs: "type Query { hello: String! }", resolvers: { Query: { hello: () => "world" } } });
  const { url: bareUrl } = await startStandaloneServer(bare, { listen: { port: 0, host: "127.0.0.1" } });
  const post = (url: string, body: string, headers: Record<string, string>) => fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body }).then((res) => res.json() as Promise<{ errors?: unknown }>);
  const subject = () => post(`${t.api.url}/graphql`, JSON.stringify({ query: "{ performanceStats { aggregated { name count p95Ms } } }" }), { authorization: `Bearer ${token}` });
  const base = () => post(bareUrl, JSON.stringify({ query: "{ hello }" }), {});
  const measure = async (fn: () => Promise<{ errors?: unknown }>) => {
    let next = 0;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next++ < requestsPerRound) {
          const res = await fn();
          if (res.errors) throw new Error(`request failed: ${JSON.stringify(res.errors)}`);
        }
      }),
    );
    return requestsPerRound / ((performance.now() - start) / 1000);
  };
  await measure(subject);
  await measure(base);
  const subjectRps: number[] = [];
  const bareRps: number[] = [];
  for (let i = 0; i < rounds; i++) {
    subjectRps.push(await measure(subject));
    bareRps.push(await measure(base));
    benchLog(`round ${i + 1}/${rounds}: performanceStats ${subjectRps.at(-1)!.toFixed(0)} req/s, bare ${bareRps.at(-1)!.toFixed(0)} req/s`);
  }
  await bare.stop();
  printBench("p6-graphql", quick, {
    sql_statements_100_analyses: sqlStatements,
    sql_statements_100_analyses_naive: naiveStatements,
    performance_stats_rps: median(subjectRps),
    bare_apollo_rps: median(bareRps),
    throughput_ratio_vs_bare: median(subjectRps) / median(bareRps),
    concurrency,
  });
} finally {
  await t.close();
}
