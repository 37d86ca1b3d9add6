import type React from "react";
import { Alert, Button, Card, Input, Modal, Space, Table, Tag } from "antd";
import { useState } from "react";
import { api, getRole, post } from "../api.ts";
import { yuan } from "../format.ts";
import { useErrorText, useLang, useT } from "../i18n.ts";
import { label, regionLabel } from "../labels.ts";
import { Link, navigate } from "../router.ts";
import { Facts, Loaded, useResource } from "./common.tsx";

interface Line {
  feedetlSn: string;
  code: string;
  name: string | null;
  class: string;
  price: string;
  quantity: string;
  amount: string;
  fullOwnPay: string;
  overLimit: string;
  preSelfPay: string;
  inScope: string;
  cancelled: boolean;
}
interface Statement {
  setlId: string;
  kind: string;
  reversesSetlId: string | null;
  reversedBy: string | null;
  setlTime: string;
  mdtrtId: string;
  medType: string;
  insutype: string;
  level: string;
  institutionCode: string | null;
  institutionName: string | null;
  invoice: { issuer: string; number: string } | null;
  person: {
    psnNo: string;
    name: string;
    certno: string;
    gender: string;
    psnType: string;
    regionCode: string;
  };
  setlinfo: Record<string, string>;
  setldetail: { fundPayType: string; fundPayTypeName: string; amount: string }[];
  lines: Line[];
}

/** The setlinfo figures the statement shows, in the order of the bill (SETTLEMENT.md section 4). */
const FIGURES: [string, string][] = [
  ["medfee_sumamt", "Total cost"],
  ["fulamt_ownpay_amt", "Full own pay"],
  ["overlmt_selfpay", "Over cap"],
  ["preselfpay_amt", "Self-pay first"],
  ["inscp_scp_amt", "In scope"],
  ["act_pay_dedc", "Deductible"],
  ["hifp_pay", "Pool paid"],
  ["hifob_pay", "Large-amount paid"],
  ["hifmi_pay", "Critical illness paid"],
  ["maf_pay", "Assistance paid"],
  ["fund_pay_sumamt", "Fund paid"],
  ["psn_part_amt", "Person part"],
  ["acct_pay", "Account paid"],
  ["psn_cash_pay", "Cash paid"],
];

/** 一单制结算单: one bill with every fund and every fee line; printable; reversible by the agency. */
export function SettlementPage({ setlId }: { setlId: string }) {
  const t = useT();
  const lang = useLang();
  const { data: s, error } = useResource<Statement>(`/settlements/${setlId}`);
  return (
    <Loaded error={error} ready={s !== null}>
      {() => (
        <div className="statement">
          <Space className="no-print" style={{ marginBottom: 12 }}>
            <Button onClick={() => window.print()}>{t("Print")}</Button>
            {["admin", "agency"].includes(getRole() ?? "") && s!.kind === "settle" && !s!.reversedBy && (
              <ReverseButton setlId={s!.setlId} />
            )}
          </Space>
          {s!.reversedBy && (
            <Alert
              type="warning"
              style={{ marginBottom: 12 }}
              title={
                <>
                  {t("Reversed by")} <Link to={`/settlements/${s!.reversedBy}`}>{s!.reversedBy}</Link>
                </>
              }
            />
          )}
          <Facts
            title={`${t("Settlement")} ${s!.setlId} · ${label("settleKind", s!.kind, lang)}`}
            items={[
              [t("Time"), s!.setlTime],
              [
                t("Person"),
                <Link
                  key="person"
                  to={`/persons/${s!.person.psnNo}`}
                >{`${s!.person.name} ${s!.person.psnNo}`}</Link>,
              ],
              [t("ID number"), s!.person.certno],
              [t("Gender"), label("gender", s!.person.gender, lang)],
              [t("Person type"), label("psnType", s!.person.psnType, lang)],
              [t("Region"), regionLabel(s!.person.regionCode)],
              [t("Insutype"), label("insutype", s!.insutype, lang)],
              [t("Medical type"), label("medType", s!.medType, lang)],
              [
                t("Institution"),
                s!.institutionName
                  ? `${s!.institutionName} (${s!.institutionCode})`
                  : t("Manual reimbursement"),
              ],
              [t("Level"), label("level", s!.level, lang)],
              ...(s!.invoice
                ? [[t("Invoice number"), `${s!.invoice.issuer} / ${s!.invoice.number}`] as [string, string]]
                : []),
              ...(s!.reversesSetlId
                ? [
                    [
                      t("Reverses"),
                      <Link key="reverses" to={`/settlements/${s!.reversesSetlId}`}>
                        {s!.reversesSetlId}
                      </Link>,
                    ] as [string, React.ReactNode],
                  ]
                : []),
            ]}
          />
          <Card size="small" title={t("Settlement")} style={{ marginBottom: 16 }}>
            <Table
              size="small"
              pagination={false}
              rowKey="0"
              dataSource={FIGURES.map(([k, name]) => ({ k, name: t(name), v: s!.setlinfo[k] ?? "" }))}
              columns={[
                { title: "", dataIndex: "name" },
                { title: "NHSA", dataIndex: "k" },
                {
                  title: t("Amount"),
                  dataIndex: "v",
                  align: "right",
                  render: (v: string) => <span data-field>{yuan(v)}</span>,
                },
              ]}
            />
          </Card>
          <Card size="small" title={t("Fund breakdown")} style={{ marginBottom: 16 }}>
            <Table
              size="small"
              pagination={false}
              rowKey="fundPayType"
              dataSource={s!.setldetail}
              columns={[
                { title: t("Code"), dataIndex: "fundPayType" },
                { title: t("Name"), dataIndex: "fundPayTypeName" },
                { title: t("Amount"), dataIndex: "amount", align: "right", render: yuan },
              ]}
            />
          </Card>
          <Card size="small" title={t("Fee lines")}>
            <Table<Line>
              size="small"
              pagination={false}
              rowKey="feedetlSn"
              dataSource={s!.lines}
              scroll={{ x: "max-content" }}
              columns={[
                { title: "#", dataIndex: "feedetlSn" },
                { title: t("Item code"), dataIndex: "code" },
                { title: t("Item name"), dataIndex: "name" },
                {
                  title: t("Class"),
                  dataIndex: "class",
                  render: (v: string, r) => (
                    <>
                      {label("class", v, lang)} {r.cancelled && <Tag>cancelled</Tag>}
                    </>
                  ),
                },
                { title: t("Price"), dataIndex: "price", align: "right" },
                { title: t("Quantity"), dataIndex: "quantity", align: "right" },
                { title: t("Amount"), dataIndex: "amount", align: "right", render: yuan },
                { title: t("Own pay"), dataIndex: "fullOwnPay", align: "right", render: yuan },
                { title: t("Over cap"), dataIndex: "overLimit", align: "right", render: yuan },
                { title: t("Self-pay first"), dataIndex: "preSelfPay", align: "right", render: yuan },
                { title: t("In scope"), dataIndex: "inScope", align: "right", render: yuan },
              ]}
            />
          </Card>
        </div>
      )}
    </Loaded>
  );
}

function ReverseButton({ setlId }: { setlId: string }) {
  const t = useT();
  const errorText = useErrorText();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const reverse = async () => {
    try {
      const r = await api<{ setlId: string }>(`/settlements/${setlId}/reverse`, post({ reason }));
      setOpen(false);
      navigate(`/settlements/${r.setlId}`);
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <>
      <Button danger onClick={() => setOpen(true)}>
        {t("Reverse")}
      </Button>
      <Modal
        open={open}
        title={t("Reverse")}
        onCancel={() => setOpen(false)}
        onOk={reverse}
        okButtonProps={{ disabled: reason.trim().length < 2 }}
      >
        {error && <Alert type="error" title={error} />}
        <Input.TextArea
          id="reverse-reason"
          placeholder={t("Reason")}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </>
  );
}
