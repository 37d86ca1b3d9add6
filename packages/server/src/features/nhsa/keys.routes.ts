import { Type } from "typebox";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { actorOf, requireRole } from "../../http/context.ts";
import { PageQuery, decodeCursor, encodeCursor } from "../../http/paging.ts";
import { IssuedKeyAnswer, KeyPage, RevokedKeyAnswer, RotatedKeyAnswer } from "./keys.responses.ts";
import { issueKey, listKeys, revokeKey, rotateKey } from "./keys.service.ts";
import { configureCrypto } from "./crypto.service.ts";
import { Nullable, answers } from "../../http/schemas.ts";

/** One algorithm or none (null). */
const Algorithm = <T extends string>(name: T) =>
  Type.Unsafe<T | null>({ type: ["string", "null"], enum: [name, null] });

const tags = ["nhsa"];
const CodeParams = Type.Object({ code: Type.String({ pattern: "^[A-Z0-9]{1,30}$" }) });
const KeyParams = Type.Object({
  code: Type.String({ pattern: "^[A-Z0-9]{1,30}$" }),
  id: Type.String({ pattern: "^\\d{1,18}$" }),
});
const KeysQuery = Type.Intersect([
  PageQuery,
  Type.Object({ fixmedinsCode: Type.Optional(Type.String({ maxLength: 30 })) }),
]);
const ADMIN = requireRole("admin");

/**
 * Institutions' gateway keys over REST (admin only, audited). Issue and rotate answer the secret
 * once; lists show access keys masked, with status and last use.
 */
export const keyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, now, gateway, settlement } = app.deps;
  // A new, rotated or revoked key takes effect in this process at once (others: within the reference TTL).
  const changed = () => settlement.reference.clear();

  app.get(
    "/institution-keys",
    {
      schema: {
        tags,
        querystring: KeysQuery,
        summary: "gateway keys, masked, newest first",
        response: answers({ 200: KeyPage }),
      },
      preHandler: ADMIN,
    },
    async (req) => {
      const q = req.query;
      const limit = q.limit ?? 50;
      const rows = await listKeys(
        db,
        now(),
        { code: q.fixmedinsCode, after: decodeCursor(q.cursor), limit: limit + 1 },
        (id) => gateway.lastUse.pendingFor(id),
      );
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
    },
  );

  app.post(
    "/institutions/:code/keys",
    {
      schema: {
        tags,
        params: CodeParams,
        summary: "issue a key; the secret is shown once",
        response: answers({ 201: IssuedKeyAnswer }),
      },
      preHandler: ADMIN,
    },
    async (req, reply) => {
      const { code } = req.params;
      const key = await issueKey(db, gateway.secrets, actorOf(req), code);
      changed();
      return reply.status(201).send(key);
    },
  );

  app.post(
    "/institutions/:code/keys/:id/rotate",
    {
      schema: {
        tags,
        params: KeyParams,
        summary: "a new key; the old one works until its expiresAt",
        response: answers({ 201: RotatedKeyAnswer }),
      },
      preHandler: ADMIN,
    },
    async (req, reply) => {
      const { code, id } = req.params;
      const key = await rotateKey(
        db,
        gateway.secrets,
        actorOf(req),
        code,
        BigInt(id),
        now(),
        gateway.keyGraceMs,
      );
      changed();
      return reply.status(201).send(key);
    },
  );

  app.post(
    "/institutions/:code/keys/:id/revoke",
    {
      schema: {
        tags,
        params: KeyParams,
        summary: "end a key at once",
        response: answers({ 200: RevokedKeyAnswer }),
      },
      preHandler: ADMIN,
    },
    async (req) => {
      const { code, id } = req.params;
      const r = await revokeKey(db, actorOf(req), code, BigInt(id), now());
      changed();
      return r;
    },
  );

  app.put(
    "/institutions/:code/crypto",
    {
      schema: {
        tags,
        params: CodeParams,
        summary:
          "national cryptography of the institution: SM2 cainfo, SM4 input/output (a new SM4 key, shown once)",
        body: Type.Object(
          {
            signType: Algorithm("SM2"),
            sm2PublicKey: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
            encType: Algorithm("SM4"),
          },
          { additionalProperties: false },
        ),
        response: answers({
          200: Type.Object({
            signType: Algorithm("SM2"),
            encType: Algorithm("SM4"),
            sm4Key: Nullable(Type.String({ description: "the SM4 key (hex), shown this once" })),
          }),
        }),
      },
      preHandler: ADMIN,
    },
    async (req) => {
      const r = await configureCrypto(db, gateway.secrets, actorOf(req), req.params.code, req.body, now());
      changed();
      return r;
    },
  );
};
