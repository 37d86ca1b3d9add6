import { Writable } from "node:stream";
import { makeCertno } from "@yibao/core/registry";
import type { InjectOptions } from "fastify";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOSPITAL, setupRegion } from "../features/settlement/settlement.fixture.ts";
import { type TestApp, TEST_REGION, openTestApp } from "../test/test-app.ts";
import { safeError, safeLogger } from "./log.ts";

/**
 * No ID number, name or phone in any log line, on either engine (the suite runs on both), even
 * when the database's own error carries them; every 5xx is logged with its request id.
 */
const CERTNO = makeCertno("530102", "19660707", 21);
const OTHER = makeCertno("530102", "19770808", 23);
const NAME = "慕容复";
const DOOMED = "司马懿"; // a trigger refuses this name with the row's data in its error
const PHONE = "13700001111";
const SECRETS = [CERTNO, OTHER, NAME, DOOMED, PHONE, CERTNO.slice(6, 14), OTHER.slice(6, 14)];

describe("logs", () => {
  let t: TestApp;
  let agency: { authorization: string };
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  const answers: { status: number; requestId: string; body: string }[] = [];
  const request = async (opts: InjectOptions) => {
    const res = await t.app.inject(opts);
    answers.push({ status: res.statusCode, requestId: String(res.headers["x-request-id"]), body: res.body });
    return res;
  };
  const person = (certno: string, name: string) =>
    request({
      method: "POST",
      url: "/api/v1/persons",
      headers: agency,
      payload: { certno, name, phone: PHONE, regionCode: TEST_REGION },
    });
  const gateway = (infno: string, input: object, serial: number) =>
    request({
      method: "POST",
      url: "/fsi/api/rsfComIfsService/callService",
      payload: {
        infno,
        msgid: `${HOSPITAL}20260501093000${String(serial).padStart(4, "0")}`,
        fixmedins_code: HOSPITAL,
        inf_time: "2026-05-01 09:30:00",
        mdtrtarea_admvs: TEST_REGION,
        input,
      },
    });

  beforeAll(async () => {
    t = await openTestApp(() => new Date("2026-05-01T01:30:00Z"), {
      logger: { ...safeLogger("trace"), stream },
    });
    agency = await t.auth("agency");
    await setupRegion(t.handle.db);
    // A database error that carries the row: the message holds the ID number, detail the name and phone.
    await sql`create function refuse_doomed() returns trigger language plpgsql as $$
      begin raise exception 'refused %', new.certno using detail = new.name || ' ' || new.phone; end $$`.execute(
      t.handle.db,
    );
    await sql`create trigger refuse_doomed before insert on persons for each row
      when (new.name = ${sql.lit(DOOMED)}) execute function refuse_doomed()`.execute(t.handle.db);
  });
  afterAll(async () => t?.close());

  it("keeps personal data out of every line while requests fail in many ways", async () => {
    expect((await person(CERTNO, NAME)).statusCode).toBe(201);
    expect((await person(CERTNO, NAME)).statusCode).toBe(409); // duplicate person
    expect((await person(`${CERTNO.slice(0, 17)}0`, NAME)).statusCode).toBe(400); // bad certno
    expect((await person(OTHER, `${NAME}\u0000`)).statusCode).toBe(400);
    const broken = await request({
      method: "POST",
      url: "/api/v1/persons",
      headers: { ...agency, "content-type": "application/json" },
      payload: `{"certno": "${OTHER}", "name": "${NAME}", "phone": ${PHONE}x}`,
    });
    expect(broken.statusCode).toBe(400);
    const search = await request({ method: "GET", url: `/api/v1/persons?certno=${CERTNO}`, headers: agency });
    expect(search.json().items).toHaveLength(1);
    const forced = await person(OTHER, DOOMED); // forced internal error
    expect(forced.statusCode).toBe(500);
    expect(forced.json()).toMatchObject({
      code: "INTERNAL",
      details: { requestId: forced.headers["x-request-id"] },
    });
    expect(forced.body).not.toContain(OTHER);

    const found = await gateway("1101", { data: { mdtrt_cert_type: "02", mdtrt_cert_no: CERTNO } }, 1);
    expect(found.json().infcode).toBe(0);
    const unknown = await gateway("1101", { data: { mdtrt_cert_type: "02", mdtrt_cert_no: OTHER } }, 2);
    expect(unknown.json().infcode).toBe(-1);
    // A gateway transaction failing inside the database, its statement holding the ID number.
    await sql`alter table persons rename to persons_away`.execute(t.handle.db);
    let internal: Awaited<ReturnType<typeof gateway>>;
    try {
      internal = await gateway("1101", { data: { mdtrt_cert_type: "02", mdtrt_cert_no: CERTNO } }, 3);
    } finally {
      await sql`alter table persons_away rename to persons`.execute(t.handle.db);
    }
    expect(internal.json().err_msg).toMatch(/^\[INTERNAL\] /);
    const gatewayRequestId = internal.json().details.requestId;
    expect(gatewayRequestId).toBe(internal.headers["x-request-id"]);

    const log = lines.join("\n");
    expect(lines.length).toBeGreaterThan(20);
    for (const s of SECRETS) expect(log, s).not.toContain(s);
    expect(log).not.toMatch(/Key \(certno\)/);
    const entries = lines.map(
      (l) => JSON.parse(l) as { level: number; reqId?: string; err?: { message: string } },
    );
    const errors = entries.filter((e) => e.level >= 50);
    for (const e of errors) expect(e.reqId).toBeTruthy();
    // every 5xx and every [INTERNAL] answer has an error line with its request id
    const failed = answers.filter((a) => a.status >= 500).map((a) => a.requestId);
    expect(failed).toHaveLength(1);
    for (const id of [...failed, gatewayRequestId]) expect(errors.map((e) => e.reqId)).toContain(id);
    // the masked message still says what happened
    expect(errors.some((e) => e.err?.message.includes("refused 530102********"))).toBe(true);
  });

  it("serialises a real database error of this engine without its row or parameters", async () => {
    const row = {
      id: 999_999n,
      psn_no: "530100X",
      certno: CERTNO, // already registered above: a unique violation
      name: NAME,
      gender: "1" as const,
      birth_date: "1966-07-07",
      phone: PHONE,
      region_code: TEST_REGION,
      card_no: "Y00000000099",
    };
    const err = await t.handle.db
      .insertInto("persons")
      .values(row)
      .execute()
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect((err as { code?: string }).code).toBe("23505");
    const text = JSON.stringify(safeError(err));
    for (const s of SECRETS) expect(text, s).not.toContain(s);
    expect(JSON.parse(text)).toMatchObject({ code: "23505", constraint: expect.stringContaining("certno") });
    const bad = await sql`select ${"not a date " + CERTNO}::date`.execute(t.handle.db).then(
      () => null,
      (e: unknown) => e,
    );
    expect(JSON.stringify(safeError(bad))).not.toContain(CERTNO.slice(6));
  });
});
