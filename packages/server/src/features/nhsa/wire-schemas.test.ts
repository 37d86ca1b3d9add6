import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { WIRE_SCHEMA_DIR, renderWireSchemas } from "./gen-wire-schemas.ts";
import { TRANSACTIONS } from "./transactions.ts";

describe("the answer schemas of docs/nhsa-schemas", () => {
  it("are current (run npm run docs:nhsa-schemas) and one per supported infno", () => {
    const files = renderWireSchemas();
    expect(readdirSync(WIRE_SCHEMA_DIR).sort()).toEqual(Object.keys(files).sort());
    for (const [name, text] of Object.entries(files))
      expect(readFileSync(join(WIRE_SCHEMA_DIR, name), "utf8"), name).toBe(text);
    expect(Object.keys(files).map((f) => f.slice(0, 4))).toEqual(Object.keys(TRANSACTIONS).sort());
  });

  it("refuse an amount sent as a string, an id sent as a number, and a field they do not know", () => {
    const ajv = new Ajv({ strict: false });
    const check = ajv.compile(JSON.parse(readFileSync(join(WIRE_SCHEMA_DIR, "2201.json"), "utf8")));
    const head = {
      inf_refmsgid: "530100202605010930000000000001",
      refmsg_time: "20260501093000000",
      respond_time: "20260501093000001",
      err_msg: null,
      warn_msg: null,
      cainfo: null,
      signtype: null,
      enctype: null,
    };
    const data = { mdtrt_id: "M1", psn_no: "P1", ipt_otp_no: null };
    expect(check({ infcode: 0, ...head, output: { data } })).toBe(true);
    expect(check({ infcode: 0, ...head, output: { data: { ...data, mdtrt_id: 1 } } })).toBe(false);
    expect(check({ infcode: 0, ...head, output: { data: { ...data, extra: "x" } } })).toBe(false);
    const fees = ajv.compile(JSON.parse(readFileSync(join(WIRE_SCHEMA_DIR, "1101.json"), "utf8")));
    const person = {
      psn_no: "P",
      psn_cert_type: "01",
      certno: "C",
      psn_name: "N",
      gend: "1",
      naty: "01",
      brdy: "1980-01-01",
    };
    const output = { baseinfo: { ...person, age: 46 }, insuinfo: [], idetinfo: [] };
    expect(fees({ infcode: 0, ...head, output })).toBe(true);
    expect(fees({ infcode: 0, ...head, output: { ...output, baseinfo: { ...person, age: "46" } } })).toBe(
      false,
    );
    const refusal = { infcode: -1, ...head, err_msg: "[FIELD_REQUIRED] x", output: null, details: {} };
    expect(fees(refusal)).toBe(true);
    expect(fees({ ...refusal, err_msg: "no code" })).toBe(false);
  });
});
