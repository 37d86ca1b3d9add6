import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { actorOf, citizenOf, requireCitizen, requireRole } from "../../http/context.ts";
import { PsnNo, answers } from "../../http/schemas.ts";
import { issueEVoucher, issueOwnEVoucher } from "./evoucher.service.ts";

const EVoucherAnswer = Type.Object({
  token: Type.String({ description: "the token the HIS sends as mdtrt_cert_no with mdtrt_cert_type 01" }),
  expiresAt: Type.String({ format: "date-time" }),
  qrSvg: Type.String({ description: "the token as a QR code (SVG)" }),
});

/**
 * E-vouchers over REST. Agency staff issue one for a person of their region (a counter showing it
 * to a patient without a phone, and the console); the signed-in insured person gets their own on
 * the online-service page (MyHome), from the same service (docs/nhsa.md).
 */
export const eVoucherRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, now, gateway } = app.deps;
  app.post(
    "/persons/:psnNo/e-voucher",
    {
      schema: {
        tags: ["nhsa"],
        summary: "a short-lived e-voucher token for the person, with its QR code",
        params: Type.Object({ psnNo: PsnNo }),
        response: answers({ 201: EVoucherAnswer }),
      },
      preHandler: requireRole("agency"),
    },
    async (req, reply) => {
      const v = await issueEVoucher(db, gateway.secrets, actorOf(req), req.params.psnNo, now());
      return reply.status(201).send({ ...v, expiresAt: v.expiresAt.toISOString() });
    },
  );

  app.post(
    "/selfservice/e-voucher",
    {
      schema: {
        tags: ["selfservice"],
        summary: "the signed-in insured person's own e-voucher token, with its QR code",
        response: answers({ 201: EVoucherAnswer }),
      },
      preHandler: requireCitizen("insured"),
    },
    async (req, reply) => {
      const c = citizenOf(req, "insured");
      const v = await issueOwnEVoucher(db, gateway.secrets, c, now(), req.id);
      return reply.status(201).send({ ...v, expiresAt: v.expiresAt.toISOString() });
    },
  );
};
