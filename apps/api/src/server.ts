import { randomUUID } from "node:crypto";
import http from "node:http";
import { createRequire } from "node:module";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { expressMiddleware } from "@as-integrations/express5";
import express, { type NextFunction, type Request, type Response } from "express";
import type { GraphQLError, GraphQLFormattedError, GraphQLSchema } from "graphql";
import type { Context } from "graphql-ws";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import type { GraphQLContext } from "./context.type";
import { createErrorPlugin, formatGraphQLError, REQUEST_ID_PLACEHOLDER } from "./errors/error-plugin";
import { PayloadTooLargeError } from "./errors/payload-too-large-error";
import { ServerShuttingDownError } from "./errors/server-shutting-down-error";
import { createComplexityPlugin } from "./graphql/complexity-plugin";
import { depthLimitRule } from "./graphql/depth-limit-rule";
import { SubscriptionGauge } from "./graphql/subscription-gauge";
import { createWebSocketOperationGuard } from "./graphql/websocket-operation-guard";
import { analysisKeypointsRouter } from "./http/analysis-keypoints.route";
import { analysisReportRouter } from "./http/analysis-report.route";
import { auditExportRouter } from "./http/audit-export.route";
import { healthRouter } from "./http/health.route";
import { metricsRouter } from "./http/metrics.route";
import { clearSessionCookie, clientIp, forwardedClientIp, resolveViewer, setSessionCookie, type TrustFunction } from "./http/request-auth";
import { sendError } from "./http/send-error";
import { uploadRouter } from "./http/upload.route";
import { createLoaders } from "./modules/loaders";
import { boardRouter } from "./queue/board";
import type { ApiServices } from "./services";

/** The HTTP server of the API, not yet listening. */
export interface ApiServer {
  app: express.Express;
  httpServer: http.Server;
  apollo: ApolloServer<GraphQLContext>;
}

const REQUEST_ID = /^[A-Za-z0-9_-]{8,64}$/;

// graphql-ws recognises only errors of graphql's CommonJS entry, the one it loads (see
// websocket-operation-guard).
const { GraphQLError: WsGraphQLError } = createRequire(import.meta.url)("graphql") as typeof import("graphql");

/** Wires Express, Apollo, the HTTP routes and bull-board around the services. */
export async function createApiServer(services: ApiServices, schema: GraphQLSchema): Promise<ApiServer> {
  const { config, logger } = services;
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", config.trustProxy);
  const httpServer = http.createServer(app);

  app.use((req, res, next) => {
    const given = req.headers["x-request-id"];
    const requestId = typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
    res.locals.requestId = requestId;
    res.setHeader("X-Request-Id", requestId);
    next();
  });
  app.use(corsMiddleware(config.corsOrigins));

  app.use(healthRouter(services));
  app.use(metricsRouter(services));
  app.use(uploadRouter(services));
  app.use(analysisKeypointsRouter(services));
  app.use(analysisReportRouter(services));
  app.use(auditExportRouter(services));
  app.use(boardRouter(services));

  // One error format for HTTP and websockets, whose hints say what this server allows.
  const formatError = (formatted: GraphQLFormattedError, error: unknown) => formatGraphQLError(formatted, error, { introspection: config.graphql.introspection });

  // Subscriptions (graphql-ws) on the same path; the upgrade request's cookie or a bearer token
  // in connectionParams.authorization identifies the viewer, as for HTTP.
  const wsServer = new WebSocketServer({ server: httpServer, path: "/graphql", maxPayload: config.graphql.maxBodyBytes });
  const guard = createWebSocketOperationGuard(schema, config.graphql);
  // formatError as HTTP applies it, with the subscription's id where HTTP names the request's.
  const formatSubscriptionError = (e: GraphQLError, id: string): GraphQLFormattedError => {
    const f = formatError(e.toJSON(), e);
    if (f.extensions?.requestId) logger.error("unexpected subscription error", { subscriptionId: id, error: e.originalError?.stack ?? e.message });
    return { ...f, message: f.message.replace(REQUEST_ID_PLACEHOLDER, id), extensions: { ...f.extensions, ...(f.extensions?.requestId ? { requestId: id } : {}) } };
  };
  // Connections that have subscribed, so that the drain can end their subscriptions (see below).
  const subscribed = new Set<Pick<Context, "subscriptions">>();
  const subscriptionGauge = new SubscriptionGauge();
  // Set when the drain begins: a client whose socket it is closing may still send a subscribe
  // (one that does not read the close, until the grace period ends its socket), which must not
  // start anything.
  let closing = false;
  const endSubscriptions = () => Promise.all([...subscribed].flatMap((ctx) => Object.values(ctx.subscriptions).map((s) => (s && "return" in s ? s.return(undefined) : undefined))));
  const wsCleanup = useServer<Record<string, unknown> | undefined>(
    {
      schema,
      // The same parse, validation, depth and complexity checks as HTTP, before anything runs.
      onSubscribe: (ctx, _id, payload) => {
        if (closing) {
          const refused = new ServerShuttingDownError();
          return [new WsGraphQLError(refused.message, { originalError: refused })];
        }
        subscribed.add(ctx);
        return guard(payload);
      },
      // Every subscription's stream (a resolver's refusal is a plain result), counted while open.
      onOperation: (_ctx, _id, _payload, _args, result) => (isAsyncGenerator(result) ? subscriptionGauge.track(result) : undefined),
      onClose: (ctx) => void subscribed.delete(ctx),
      context: async (ctx): Promise<GraphQLContext> => {
        const upgrade = ctx.extra.request;
        const auth = ctx.connectionParams?.authorization;
        const headers = { ...upgrade.headers, ...(typeof auth === "string" ? { authorization: auth } : {}) };
        return {
          requestId: randomUUID(),
          viewer: await resolveViewer({ headers } as Request, services),
          ip: forwardedClientIp(upgrade, app.get("trust proxy fn") as TrustFunction),
          userAgent: upgrade.headers["user-agent"],
          services,
          loaders: createLoaders(services.prisma),
          setSessionCookie: () => {},
          clearSessionCookie: () => {},
        };
      },
      // Same public error shape as HTTP: coded, with HTTP's hints, unexpected ones hidden behind
      // a request id; for errors in results, operations refused before they run (onSubscribe's
      // guard) and a stream that fails alike.
      onNext: (_ctx, id, _payload, _args, result) => {
        if (!result.errors?.length) return;
        return { ...result, errors: result.errors.map((e) => formatSubscriptionError(e, id)) } as unknown as typeof result;
      },
      onError: (_ctx, id, _payload, errors) => errors.map((e) => formatSubscriptionError(e, id)),
    },
    wsServer,
  );

  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    introspection: config.graphql.introspection,
    csrfPrevention: true,
    validationRules: [depthLimitRule(config.graphql.maxDepth)],
    formatError,
    includeStacktraceInErrorResponses: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      {
        serverWillStart: async () => ({
          // dispose() tells every client to go away (1001: it resubscribes elsewhere) at once, but
          // resolves only when their sockets are gone, and a client that does not answer holds
          // its socket until the drain's grace period ends. graphql-ws ends a socket's
          // subscriptions only when it closes; ended here, they stop reading the database now,
          // and their completion goes nowhere (graphql-ws sends nothing on a closing socket).
          // Closing the change feed (and its Redis connection) also ends the subscriptions whose
          // resolver was still running when the drain began (graphql-ws holds no stream of
          // theirs to end yet), and refuses any resolver that runs later.
          drainServer: async () => {
            closing = true;
            const disposed = wsCleanup.dispose();
            services.analysisChanges.close();
            await Promise.all([disposed, endSubscriptions()]);
            subscriptionGauge.close();
          },
        }),
      },
      createErrorPlugin<GraphQLContext>(logger),
      createComplexityPlugin<GraphQLContext>(schema, config.graphql.maxComplexity),
    ],
  });
  await apollo.start();

  app.use(
    "/graphql",
    express.json({ limit: config.graphql.maxBodyBytes }),
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<GraphQLContext> => ({
        requestId: res.locals.requestId as string,
        viewer: await resolveViewer(req, services),
        ip: clientIp(req),
        userAgent: req.headers["user-agent"],
        services,
        loaders: createLoaders(services.prisma),
        setSessionCookie: (token, expiresAt) => setSessionCookie(res, services, token, expiresAt),
        clearSessionCookie: () => clearSessionCookie(res, services),
      }),
    }),
  );

  // Body-parser errors (too large, malformed JSON) and anything else thrown by a route.
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = (error as { status?: unknown }).status;
    const mapped = status === 413 ? new PayloadTooLargeError(`The request body exceeds ${config.graphql.maxBodyBytes} bytes.`) : error;
    if (status === 400) return void res.status(400).json({ errors: [{ message: "Malformed JSON body.", extensions: { code: "BAD_REQUEST" } }] });
    sendError(res, mapped, res.locals.requestId as string, logger);
  });
  return { app, httpServer, apollo };
}

function isAsyncGenerator<T>(value: AsyncGenerator<T> | AsyncIterable<T> | unknown): value is AsyncGenerator<T> {
  return typeof value === "object" && value !== null && Symbol.asyncIterator in value && typeof (value as { return?: unknown }).return === "function";
}

/** CORS for the configured origins only, with credentials (the dashboard's cookie). */
function corsMiddleware(origins: string[]) {
  const allowed = new Set(origins);
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.headers.origin;
    if (origin && allowed.has(origin)) {
      res.setHeader("Access-Control-Allow-Origin", origin);
      res.setHeader("Access-Control-Allow-Credentials", "true");
      res.setHeader("Vary", "Origin");
      if (req.method === "OPTIONS") {
        res.setHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
        res.setHeader("Access-Control-Allow-Headers", "Content-Type, Authorization, Apollo-Require-Preflight, X-Request-Id");
        res.setHeader("Access-Control-Max-Age", "600");
        return void res.status(204).end();
      }
    }
    next();
  };
}
