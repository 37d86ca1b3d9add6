import { randomUUID } from "node:crypto";
import { parseKeepingDecimals } from "@yibao/core/nhsa";
import { compactTime, displayTime } from "@yibao/core/time";
import smCrypto from "sm-crypto";
import { hmacSignature } from "../features/nhsa/hmac.ts";
import { signedText } from "../features/nhsa/national-crypto.ts";

/** How a message reaches the gateway: HTTP in his-sim, app.inject in tests. */
export type Transport = (
  path: string,
  body: string,
  headers: Record<string, string>,
) => Promise<{ status: number; body: string }>;

/** The ways real HIS clients build a msgid (1-30 letters and digits, unique per institution). */
export type MsgidStyle = "institution" | "uuid" | "timestamp";
/** The ways real clients post: content type, and where the infno goes in the URL. */
export interface WireStyle {
  contentType: "application/json;charset=UTF-8" | "text/plain;charset=utf-8" | "application/json";
  path: "callService" | "callService/infno";
  msgid: MsgidStyle;
}

export interface HisClientOptions {
  transport: Transport;
  fixmedinsCode: string;
  region: string;
  /** the insured region sent in the envelope (the treatment region unless given) */
  insuredRegion?: string;
  /** HMAC variant: the institution's key; absent: unsigned (an open gateway) */
  key?: { accessKey: string; secret: string };
  style: WireStyle;
  now: () => Date;
  /** national cryptography: the institution's SM2 private key (signs cainfo), its SM4 key (hex) */
  sm2PrivateKey?: string;
  sm4Key?: string;
}

/** A gateway answer, its numeric fields read back as the exact decimal strings they were written with. */
export interface Answer {
  infcode: number;
  err_msg: string | null;
  warn_msg: string | null;
  // biome-ignore lint/suspicious/noExplicitAny: the output's shape depends on the infno
  output: any;
  raw: string;
}

/**
 * A HIS as third-party integration code builds it, knowing only the interface: the full envelope
 * with every field a client fills in (empty strings where it has nothing), amounts sent as JSON
 * numbers, the sign_no from 9001 in later messages, the _api_* headers signed per message.
 */
/** One counter for every client of the process: two clients of one institution never share a msgid. */
let serial = 0;

export class HisClient {
  signNo = "";
  constructor(private readonly o: HisClientOptions) {}

  msgid(): string {
    const n = ++serial;
    const t = compactTime(this.o.now(), true);
    switch (this.o.style.msgid) {
      case "uuid":
        return randomUUID().replaceAll("-", "").slice(0, 30);
      case "timestamp":
        return `${t}${String(n).padStart(6, "0")}`.slice(-30);
      default:
        return `${this.o.fixmedinsCode}${t.slice(0, 14)}${String(n % 10_000).padStart(4, "0")}`;
    }
  }

  envelope(infno: string, input: Record<string, unknown>, msgid = this.msgid()) {
    return {
      infno,
      msgid,
      mdtrtarea_admvs: this.o.region,
      insuplc_admdvs: this.o.insuredRegion ?? this.o.region,
      recer_sys_code: "MBS_LOCAL",
      dev_no: "",
      dev_safe_info: "",
      cainfo: "",
      signtype: "",
      infver: "V1.0",
      opter_type: "1",
      opter: "001",
      opter_name: "收费员",
      inf_time: displayTime(this.o.now()),
      fixmedins_code: this.o.fixmedinsCode,
      fixmedins_name: "",
      sign_no: this.signNo,
      input,
    };
  }

  /** The envelope with the institution's national cryptography: input SM4-encrypted, cainfo SM2-signed. */
  sealed(infno: string, input: Record<string, unknown>, msgid?: string): Record<string, unknown> {
    const env: Record<string, unknown> = this.envelope(infno, input, msgid);
    if (this.o.sm4Key) {
      env.enctype = "SM4";
      env.input = smCrypto.sm4.encrypt(JSON.stringify(input), this.o.sm4Key);
    }
    if (this.o.sm2PrivateKey) {
      env.signtype = "SM2";
      env.cainfo = smCrypto.sm2.doSignature(signedText(env), this.o.sm2PrivateKey, { hash: true });
    }
    return env;
  }

  headers(infno: string): Record<string, string> {
    const h: Record<string, string> = { "content-type": this.o.style.contentType };
    if (!this.o.key) return h;
    const api = {
      _api_name: `hsa.fsi.${infno}`,
      _api_version: "1.0.0",
      _api_timestamp: String(this.o.now().getTime()),
      _api_access_key: this.o.key.accessKey,
    };
    return { ...h, ...api, _api_signature: hmacSignature(this.o.key.secret, api) };
  }

  /** Sends one message; `body` overrides the envelope (a raw text, as sent). */
  async send(infno: string, input: Record<string, unknown>, msgid?: string): Promise<Answer> {
    const path =
      this.o.style.path === "callService/infno"
        ? `/fsi/api/rsfComIfsService/callService/${infno}`
        : "/fsi/api/rsfComIfsService/callService";
    const res = await this.o.transport(
      path,
      JSON.stringify(this.sealed(infno, input, msgid)),
      this.headers(infno),
    );
    if (res.status !== 200) throw new Error(`HTTP ${res.status} for ${infno}: ${res.body.slice(0, 200)}`);
    const a = parseKeepingDecimals(res.body) as Omit<Answer, "raw"> & { enctype?: string };
    if (a.enctype === "SM4" && this.o.sm4Key && typeof a.output === "string")
      a.output = parseKeepingDecimals(smCrypto.sm4.decrypt(a.output, this.o.sm4Key));
    if (infno === "9001" && a.infcode === 0) this.signNo = a.output.signinoutb.sign_no;
    return { ...a, raw: res.body };
  }
}
