import { mkdtempSync, readFileSync, statSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SecretBox } from "./secret-box.ts";
import { loadSecretBox } from "./secret-key.ts";

describe("secrets at rest", () => {
  it("seals with AES-256-GCM: opens only under the same key and context", () => {
    const box = SecretBox.ephemeral();
    const sealed = box.seal("s3cret-value", "ak_1");
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain("s3cret");
    expect(box.open(sealed, "ak_1")).toBe("s3cret-value");
    expect(box.seal("s3cret-value", "ak_1")).not.toBe(sealed); // a fresh IV each time
    expect(() => box.open(sealed, "ak_2")).toThrow();
    expect(() => SecretBox.ephemeral().open(sealed, "ak_1")).toThrow();
    const tampered = `${sealed.slice(0, -2)}${sealed.endsWith("A") ? "B" : "A"}A`;
    expect(() => box.open(tampered, "ak_1")).toThrow();
  });

  it("creates the key file once with mode 0600 and reads it back", () => {
    const dir = mkdtempSync(join(tmpdir(), "yibao-key-"));
    const file = join(dir, "sub", "secret.key");
    const a = loadSecretBox({ secretKeyFile: file });
    const first = readFileSync(file, "utf8");
    if (process.platform !== "win32") expect(statSync(file).mode & 0o777).toBe(0o600);
    const b = loadSecretBox({ secretKeyFile: file });
    expect(readFileSync(file, "utf8")).toBe(first);
    expect(b.open(a.seal("x", "c"), "c")).toBe("x");
    if (process.platform !== "win32") {
      chmodSync(file, 0o644);
      expect(() => loadSecretBox({ secretKeyFile: file })).toThrow(/chmod 600/);
    }
  });

  it("takes the key from YIBAO_SECRET_KEY when set, and refuses a key of the wrong size", () => {
    const key = Buffer.alloc(32, 7).toString("base64");
    const a = loadSecretBox({ secretKey: key, secretKeyFile: "/nonexistent/never-created" });
    const b = loadSecretBox({ secretKey: key, secretKeyFile: "/nonexistent/never-created" });
    expect(b.open(a.seal("x", "c"), "c")).toBe("x");
    expect(() => loadSecretBox({ secretKey: "c2hvcnQ=", secretKeyFile: "" })).toThrow(/32 bytes/);
  });
});
