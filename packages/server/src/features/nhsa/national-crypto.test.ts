import smCrypto from "sm-crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Answer, HisClient, type Transport } from "../../his-sim/his-client.ts";
import { type TestApp, openTestApp } from "../../test/test-app.ts";
import { HOSPITAL, insuredPerson, setupRegion } from "../settlement/settlement.fixture.ts";
import { signedText } from "./national-crypto.ts";

const NOW = new Date("2026-05-01T01:30:00Z");

describe("what an SM2 cainfo signs (test vectors of docs/nhsa.md)", () => {
  it("is the five envelope fields sorted, k=v joined by &, input as sent", () => {
    const body = {
      infno: "1101",
      msgid: "H53010000001202605010930000001",
      fixmedins_code: "H53010000001",
      inf_time: "2026-05-01 09:30:00",
      opter: "not signed",
      input: { data: { mdtrt_cert_type: "02", mdtrt_cert_no: "530102198001010011" } },
    };
    expect(signedText(body)).toBe(
      'fixmedins_code=H53010000001&inf_time=2026-05-01 09:30:00&infno=1101&input={"data":{"mdtrt_cert_type":"02","mdtrt_cert_no":"530102198001010011"}}&msgid=H53010000001202605010930000001',
    );
    expect(signedText({ ...body, input: "0a1b" })).toContain("&input=0a1b&");
  });

  it("verifies with the library as the gateway calls it, and fails for another text or key", () => {
    const { privateKey, publicKey } = smCrypto.sm2.generateKeyPairHex();
    const text = "fixmedins_code=H1&inf_time=2026-05-01 09:30:00&infno=9001&input={}&msgid=M1";
    const sig = smCrypto.sm2.doSignature(text, privateKey, { hash: true });
    expect(sig).toMatch(/^[0-9a-f]{128}$/);
    expect(smCrypto.sm2.doVerifySignature(text, sig, publicKey, { hash: true })).toBe(true);
    expect(smCrypto.sm2.doVerifySignature(`${text} `, sig, publicKey, { hash: true })).toBe(false);
    const other = smCrypto.sm2.generateKeyPairHex().publicKey;
    expect(smCrypto.sm2.doVerifySignature(text, sig, other, { hash: true })).toBe(false);
  });

  it("SM4-ECB PKCS#7 hex: the GM/T 0002 example key, and a round trip", () => {
    // GM/T 0002-2012 appendix A: key = plain = 0123456789abcdeffedcba9876543210
    const key = "0123456789abcdeffedcba9876543210";
    const block = smCrypto.sm4.encrypt(
      [0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10],
      key,
      { padding: "none" },
    );
    expect(block).toBe("681edf34d206965e86b3e94f536e4246");
    const c = smCrypto.sm4.encrypt('{"data":{}}', key);
    expect(smCrypto.sm4.decrypt(c, key)).toBe('{"data":{}}');
  });
});

describe("an institution configured for SM2 signatures and SM4 encryption", () => {
  let t: TestApp;
  let certno: string;
  let sm4Key: string;
  const pair = smCrypto.sm2.generateKeyPairHex();
  const transport: Transport = async (url, payload, headers) => {
    const r = await t.app.inject({ method: "POST", url, payload, headers });
    return { status: r.statusCode, body: r.body };
  };
  const client = (o: { sm2PrivateKey?: string; sm4Key?: string }) =>
    new HisClient({
      transport,
      fixmedinsCode: HOSPITAL,
      region: "530100",
      style: { contentType: "application/json", path: "callService", msgid: "uuid" },
      now: () => NOW,
      ...o,
    });
  const refused = (a: Answer, code: string, field: string) => {
    expect(a.infcode, a.raw).toBe(-1);
    expect(a.err_msg).toMatch(new RegExp(`^\\[${code}\\] `));
    expect(JSON.parse(a.raw).details.field).toBe(field);
  };
  const lookup = (his: HisClient) =>
    his.send("1101", { data: { mdtrt_cert_type: "02", mdtrt_cert_no: certno } });

  beforeAll(async () => {
    t = await openTestApp(() => NOW);
    await setupRegion(t.handle.db);
    certno = (await insuredPerson(t.handle.db, 950, 20_000n)).certno;
  });
  afterAll(async () => t?.close());

  it("is configured by an admin: the SM4 key shown once, stored sealed, audited without it", async () => {
    const res = await t.app.inject({
      method: "PUT",
      url: `/api/v1/institutions/${HOSPITAL}/crypto`,
      headers: await t.auth("admin"),
      payload: { signType: "SM2", sm2PublicKey: pair.publicKey, encType: "SM4" },
    });
    expect(res.statusCode, res.body).toBe(200);
    sm4Key = res.json().sm4Key;
    expect(sm4Key).toMatch(/^[0-9a-f]{32}$/);
    const row = await t.handle.db.selectFrom("nhsa_crypto").selectAll().executeTakeFirstOrThrow();
    expect(row.sm4_key_enc).toMatch(/^v1\./);
    const audit = await t.handle.db
      .selectFrom("audit_log")
      .select("after")
      .where("action", "=", "nhsa_crypto.configure")
      .execute();
    expect(JSON.stringify(audit)).not.toContain(sm4Key);
    const bad = await t.app.inject({
      method: "PUT",
      url: `/api/v1/institutions/${HOSPITAL}/crypto`,
      headers: await t.auth("admin"),
      payload: { signType: "SM2", sm2PublicKey: "04abc", encType: null },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: "FIELD_INVALID", details: { field: "sm2PublicKey" } });
  });

  it("accepts signed, encrypted messages and answers with the output encrypted", async () => {
    const his = client({ sm2PrivateKey: pair.privateKey, sm4Key });
    const a = await lookup(his);
    expect(a.infcode, a.err_msg ?? "").toBe(0);
    expect(JSON.parse(a.raw).enctype).toBe("SM4");
    expect(typeof JSON.parse(a.raw).output).toBe("string");
    expect(a.output.baseinfo.certno).toBe(certno);
    expect(a.output.insuinfo[0].balc).toBe("200.00"); // decrypted, the digits kept
  });

  it("refuses a bad SM2 signature by field", async () => {
    const his = client({ sm2PrivateKey: smCrypto.sm2.generateKeyPairHex().privateKey, sm4Key });
    refused(await lookup(his), "NHSA_CAINFO_INVALID", "cainfo");
    refused(await lookup(client({ sm4Key })), "NHSA_CAINFO_INVALID", "cainfo");
    // a signature of other content: the input changed after signing
    const good = client({ sm2PrivateKey: pair.privateKey, sm4Key });
    const env = good.sealed("1101", { data: { mdtrt_cert_type: "02", mdtrt_cert_no: certno } });
    env.msgid = "ALTERED0001";
    const res = await transport(
      "/fsi/api/rsfComIfsService/callService",
      JSON.stringify(env),
      good.headers("1101"),
    );
    expect(JSON.parse(res.body)).toMatchObject({ infcode: -1, details: { field: "cainfo" } });
  });

  it("refuses undecryptable SM4 input, and clear input, by field", async () => {
    const wrongKey = client({ sm2PrivateKey: pair.privateKey, sm4Key: "00112233445566778899aabbccddeeff" });
    refused(await lookup(wrongKey), "NHSA_DECRYPT_FAILED", "input");
    const his = client({ sm2PrivateKey: pair.privateKey, sm4Key });
    const env = his.envelope("1101", {});
    const garbage = { ...env, enctype: "SM4", input: "zz-not-hex", signtype: "SM2" };
    garbage.cainfo = smCrypto.sm2.doSignature(signedText(garbage), pair.privateKey, { hash: true });
    const res = await transport(
      "/fsi/api/rsfComIfsService/callService",
      JSON.stringify(garbage),
      his.headers("1101"),
    );
    expect(JSON.parse(res.body)).toMatchObject({ infcode: -1, details: { field: "input" } });
    refused(await lookup(client({ sm2PrivateKey: pair.privateKey })), "NHSA_ENCRYPTION_REQUIRED", "enctype");
  });

  it("is switched off again: plain messages work", async () => {
    const res = await t.app.inject({
      method: "PUT",
      url: `/api/v1/institutions/${HOSPITAL}/crypto`,
      headers: await t.auth("admin"),
      payload: { signType: null, encType: null },
    });
    expect(res.json()).toEqual({ signType: null, encType: null, sm4Key: null });
    expect((await lookup(client({}))).infcode).toBe(0);
    refused(await lookup(client({ sm4Key })), "NHSA_DECRYPT_FAILED", "input");
  });
});
