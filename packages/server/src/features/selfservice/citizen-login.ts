import { randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import { YibaoError } from "@yibao/core/errors";
import { maskIdNumber } from "@yibao/core/pii";
import { type Actor, recordAudit } from "../../audit/audit.ts";
import type { Db } from "../../db/database.ts";
import type { LoginPolicy } from "../platform/login-policy.ts";
import { addressKey, beginAttempt, lock, settleSuccess } from "../platform/login-throttle.ts";
import { sha256 } from "../platform/operator.service.ts";
import {
  currentCode,
  deleteCitizenSession,
  findCitizenSession,
  findSubject,
  insertCitizenSession,
  insertCode,
  markCodeUsed,
} from "./citizen.repository.ts";
import type { CitizenKind } from "./selfservice.table.ts";

/**
 * Sign-in of insured persons (ID number) and employers (unified social credit code) with a
 * one-time code: no password. The code goes out through a `CodeDelivery`: the demo's prints it
 * to the server log (the only place it is in clear; the credential is masked there too); a real
 * deployment plugs in an SMS gateway here (not built). Codes and tokens are stored as hashes.
 * Wrong codes are throttled like operators' passwords (login-throttle.ts, same policy): per
 * credential and per address; asking for codes is limited per credential and per address too.
 */
export interface CodeDelivery {
  send(kind: CitizenKind, maskedCredential: string, code: string): void;
}

/** The demo's delivery: a log line (`log` is the server's logger). */
export const logDelivery = (log: (fields: object, msg: string) => void): CodeDelivery => ({
  send: (kind, to, code) => log({ kind, to, oneTimeCode: code }, "demo: one-time sign-in code"),
});

/** Outside the demo: no SMS gateway is built, so no code leaves the server (and none is logged). */
export const undeliveredCodes: CodeDelivery = {
  send: (kind, to) =>
    console.warn(`online services: no SMS gateway configured; no code sent to ${kind} ${to}`),
};

export interface CitizenPolicy {
  codeTtlMs: number;
  sessionMs: number;
  /** codes a credential (and, x4, an address) may ask for within the throttle window */
  codesPerWindow: number;
}

/** A signed-in insured person or employer. */
export interface Citizen {
  kind: CitizenKind;
  personId: bigint | null;
  employerId: bigint | null;
  /** psn_no or uscc: never the ID number */
  label: string;
  regionCode: string;
  expiresAt: Date;
}

export const CITIZEN_TOKEN_PREFIX = "c.";

const codeHash = (kind: CitizenKind, subjectId: bigint, code: string) =>
  sha256(`${kind}:${subjectId}:${code}`);
const credentialKey = (kind: CitizenKind, credential: string) => `otp:${sha256(`${kind}:${credential}`)}`;
const masked = (kind: CitizenKind, credential: string) =>
  kind === "insured" ? maskIdNumber(credential) : `${credential.slice(0, 6)}****${credential.slice(-4)}`;

/** Who signs in, as the audit log names them (person number or credit code, never the ID number). */
export const citizenActor = (label: string, kind: CitizenKind, requestId?: string): Actor => ({
  operatorId: null,
  login: `${kind}:${label}`,
  role: "system",
  regionCode: null,
  fixmedinsCode: null,
  requestId,
});

/**
 * Sends a code when the credential names someone; answers the same when it names no one (an
 * unknown ID number must not be told apart). Counts every request against the limits.
 */
export async function requestCode(
  db: Db,
  login: LoginPolicy,
  policy: CitizenPolicy,
  delivery: CodeDelivery,
  input: { kind: CitizenKind; credential: string; address: string },
  now: Date,
) {
  const attempt = await beginAttempt(
    db,
    login,
    [
      { key: `otp-send:${sha256(`${input.kind}:${input.credential}`)}`, max: policy.codesPerWindow },
      { key: `otp-send-addr:${input.address}`, max: policy.codesPerWindow * 4 },
    ],
    now,
  );
  if (attempt.retryAfter !== null)
    throw new YibaoError("AUTH_LOCKED", "Too many codes asked for: try again later", {
      retryAfter: attempt.retryAfter,
    });
  const subject = await findSubject(db, input.kind, input.credential);
  if (subject) {
    const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
    await insertCode(db, {
      kind: input.kind,
      subjectId: subject.id,
      codeHash: codeHash(input.kind, subject.id, code),
      now,
      expiresAt: new Date(now.getTime() + policy.codeTtlMs),
    });
    delivery.send(input.kind, masked(input.kind, input.credential), code);
  }
  return { sent: true, expiresInSeconds: Math.round(policy.codeTtlMs / 1000) };
}

const sameHash = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** Exchanges a valid, unused code for a session token (`c.` + 32 random bytes, stored hashed). */
export async function signIn(
  db: Db,
  login: LoginPolicy,
  policy: CitizenPolicy,
  input: { kind: CitizenKind; credential: string; code: string; address: string; requestId?: string },
  now: Date,
) {
  const key = credentialKey(input.kind, input.credential);
  const addr = `otp-${addressKey(input.address)}`;
  const attempt = await beginAttempt(
    db,
    login,
    [
      { key, max: login.maxFailuresPerName },
      { key: addr, max: login.maxFailuresPerAddress },
    ],
    now,
  );
  if (attempt.retryAfter !== null)
    throw new YibaoError("AUTH_LOCKED", "Too many wrong codes: try again later", {
      retryAfter: attempt.retryAfter,
    });
  const subject = await findSubject(db, input.kind, input.credential);
  const current = subject ? await currentCode(db, input.kind, subject.id, now) : undefined;
  const ok =
    subject !== undefined &&
    current !== undefined &&
    current.used_at === null &&
    sameHash(current.code_hash, codeHash(input.kind, subject.id, input.code));
  if (!ok || !subject || !current) {
    await db.transaction().execute(async (trx) => {
      await lock(trx, attempt.lastChance, new Date(now.getTime() + login.lockMs));
      await recordAudit(trx, citizenActor(subject?.label ?? "(unknown)", input.kind, input.requestId), {
        action: "citizen.login_failed",
        entity: input.kind === "insured" ? "persons" : "employers",
        entityId: subject?.id ?? null,
        after: { address: input.address },
      });
    });
    throw new YibaoError("AUTH_FAILED", "The code is wrong or has expired");
  }
  const token = CITIZEN_TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + policy.sessionMs);
  await db.transaction().execute(async (trx) => {
    await markCodeUsed(trx, current.id, now);
    await settleSuccess(trx, key, addr);
    await insertCitizenSession(trx, {
      tokenHash: sha256(token),
      kind: input.kind,
      subjectId: subject.id,
      now,
      expiresAt,
    });
    await recordAudit(trx, citizenActor(subject.label, input.kind, input.requestId), {
      action: "citizen.login",
      entity: input.kind === "insured" ? "persons" : "employers",
      entityId: subject.id,
      after: { address: input.address },
    });
  });
  return { token, kind: input.kind, expiresAt };
}

export async function citizenFromToken(db: Db, token: string, now: Date): Promise<Citizen | null> {
  const s = await findCitizenSession(db, sha256(token), now);
  if (!s) return null;
  const insured = s.kind === "insured";
  return {
    kind: s.kind,
    personId: s.person_id,
    employerId: s.employer_id,
    label: (insured ? s.psn_no : s.uscc) ?? "",
    regionCode: (insured ? s.person_region : s.employer_region) ?? "",
    expiresAt: s.expires_at,
  };
}

export async function signOut(db: Db, token: string) {
  await deleteCitizenSession(db, sha256(token));
}
