import { Alert, Button, Card } from "antd";
import { useEffect, useState } from "react";
import { citizenApi, post } from "../../api.ts";
import { when } from "../../format.ts";
import { useErrorText, useT } from "../../i18n.ts";

interface EVoucher {
  token: string;
  expiresAt: string;
  qrSvg: string;
}

/**
 * 医保电子凭证: the signed-in person's e-voucher as a QR code for the hospital's counter to scan
 * (POST /selfservice/e-voucher), with when it stops being valid, the seconds left, and a button
 * for a new one. The code is fetched only when asked for, never kept after the page.
 */
export function MyEVoucher() {
  const t = useT();
  const errorText = useErrorText();
  const [voucher, setVoucher] = useState<EVoucher | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [nowMs, setNowMs] = useState(() => Date.now());
  useEffect(() => {
    if (!voucher) return;
    const timer = setInterval(() => setNowMs(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [voucher]);
  const fetchOne = async () => {
    setBusy(true);
    try {
      setVoucher(await citizenApi<EVoucher>("/selfservice/e-voucher", post({})));
      setNowMs(Date.now());
      setError(null);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const left = voucher ? Math.max(0, Math.round((Date.parse(voucher.expiresAt) - nowMs) / 1000)) : 0;
  const expired = voucher !== null && left === 0;
  return (
    <Card title={t("Medical insurance e-voucher")} id="my-evoucher-card">
      {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} />}
      {voucher && (
        <div style={{ textAlign: "center", marginBottom: 12 }}>
          <img
            id="my-evoucher-qr"
            alt={t("Medical insurance e-voucher")}
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(voucher.qrSvg)}`}
            style={{ width: "min(72vw, 260px)", opacity: expired ? 0.2 : 1 }}
          />
          <div id="my-evoucher-expiry">
            {t("Valid until")} {when(voucher.expiresAt)}
          </div>
          <div id="my-evoucher-left" style={{ fontWeight: 600 }}>
            {expired ? t("Expired: get a new code") : `${t("Seconds left")}: ${left}`}
          </div>
        </div>
      )}
      <div style={{ marginBottom: 8 }}>
        {t("Show this code at the hospital's counter instead of your card.")}
      </div>
      <Button
        size="large"
        block
        type={voucher && !expired ? "default" : "primary"}
        id={voucher ? "my-evoucher-refresh" : "my-evoucher"}
        loading={busy}
        onClick={fetchOne}
      >
        {voucher ? t("New code") : t("Show my e-voucher")}
      </Button>
    </Card>
  );
}
