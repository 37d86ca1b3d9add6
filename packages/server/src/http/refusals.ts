import { STATUS_CODES } from "node:http";
import { consolePage } from "./console.ts";
import type { Socket } from "node:net";
import { YibaoError } from "@yibao/core/errors";
import { maskText } from "@yibao/core/pii";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { errorBody, httpStatusOf, toYibaoError } from "../errors/http-errors.ts";
import { coercedGuard, inputGuard } from "./input-guard.ts";
import { RouteIndex } from "./route-index.ts";

/**
 * How the app refuses: input checks before the schemas (input-guard.ts), one error handler that
 * maps anything thrown to {code, message, details} with its documented status (and logs a 5xx
 * with the request id), 404 and 405 (with Allow) for paths and methods that do not exist.
 */
export function registerRefusals(app: FastifyInstance): void {
  const routes = new RouteIndex();
  app.decorate("routeIndex", routes);
  app.addHook("onRoute", (route) => routes.add(route.url, route.method));
  app.addHook("preValidation", inputGuard);
  app.addHook("preHandler", coercedGuard);

  app.setErrorHandler((err, request, reply) => {
    const e = toYibaoError(err);
    const status = httpStatusOf(e);
    if (status >= 500) request.log.error({ err }, "internal error");
    if (e.code === "METHOD_NOT_ALLOWED")
      void reply.header("allow", routes.methodsFor(request.url.split("?")[0]!).join(", "));
    // Throttled and locked answers (AUTH_LOCKED, NHSA_RATE_LIMITED) say when to try again.
    const retryAfter = e.details.retryAfter;
    if (typeof retryAfter === "number") void reply.header("retry-after", String(retryAfter));
    void reply.status(status).send(errorBody(e, request.id));
  });
  app.setNotFoundHandler((request, reply) => {
    if (consolePage(app, request, reply)) return;
    const path = request.url.split("?")[0]!;
    const allowed = routes.methodsFor(path);
    const e =
      allowed.length > 0
        ? new YibaoError("METHOD_NOT_ALLOWED", `${request.method} is not served on ${maskText(path)}`, {
            allowed,
          })
        : new YibaoError("NOT_FOUND", `No route ${request.method} ${maskText(path)}`, {});
    if (allowed.length > 0) void reply.header("allow", allowed.join(", "));
    void reply.status(httpStatusOf(e)).send(errorBody(e));
  });
}

/** Fastify's refusals before routing (bad URL encoding, over-long parameters), as our error body. */
export function frameworkErrors(err: Error, request: FastifyRequest, reply: FastifyReply): void {
  const e = toYibaoError(err);
  void reply.code(httpStatusOf(e)).send(errorBody(e, request.id));
}

/** A request Node's HTTP parser cannot read at all: a 400 with our error body, then close. */
export function clientErrorHandler(_err: Error, socket: Socket) {
  if (!socket.writable) return socket.destroy();
  const e = new YibaoError("REQUEST_INVALID", "The HTTP request cannot be parsed", {});
  const status = httpStatusOf(e);
  const body = JSON.stringify(errorBody(e));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
