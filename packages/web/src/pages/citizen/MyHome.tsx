import { Button, Card, List, Progress, Space, Statistic, Tag } from "antd";
import { citizenApi, getCitizenKind, post, setCitizenToken } from "../../api.ts";
import { yuan } from "../../format.ts";
import { useLang } from "../../i18n.ts";
import { label, regionLabel, word } from "../../labels.ts";
import { Link, navigate } from "../../router.ts";
import { Loaded, useResource } from "../common.tsx";
import { MyEmployerPage } from "./MyEmployer.tsx";
import { MyEVoucher } from "./MyEVoucher.tsx";

interface Me {
  psnNo: string;
  name: string;
  certno: string;
  regionName: string | null;
  balance: string | null;
  coverage: {
    insutype: string;
    psnType: string;
    status: string;
    startDate: string;
    regionCode: string;
    employerName: string | null;
  }[];
  year: number;
  used: { deductiblePaid: string; poolPaid: string; largeAmountPaid: string; criticalIllnessPaid: string };
  policies: {
    medType: string;
    deductibleScope: string;
    deductibleByLevel: Record<string, string>;
    poolAnnualCap: string;
  }[];
  settlements: {
    setlId: string;
    setlTime: string;
    medType: string;
    institutionName: string | null;
    medfee: string;
    fundPay: string;
    cashPay: string;
    kind: string;
  }[];
}

export function signOutCitizen() {
  void citizenApi("/selfservice/logout", post({})).catch(() => {});
  setCitizenToken(null);
  navigate("/my/login", true);
}

/** Share of a cap used, for the progress bars (whole percent; display only). */
const percent = (used: string, cap: string) =>
  Number(cap) > 0 ? Math.min(100, Math.round((Number(used) / Number(cap)) * 100)) : 0;

/** The insured person's own page on a phone: coverage, account, this year's settlements, limits used. */
export function MyHomePage() {
  if (getCitizenKind() === "employer") return <MyEmployerPage />;
  return <MyInsured />;
}

function MyInsured() {
  const lang = useLang();
  const { data: me, error } = useResource<Me>("/selfservice/me", 0, citizenApi);
  const apps = useResource<{ items: { id: string; itemName: string; status: string }[] }>(
    "/selfservice/applications",
    0,
    citizenApi,
  );
  return (
    <Loaded error={error} ready={me !== null}>
      {() => (
        <Space orientation="vertical" style={{ width: "100%" }} size="middle">
          <Card>
            <div style={{ fontSize: 24, fontWeight: 600 }}>{me!.name}</div>
            <div>
              {me!.certno} · {me!.regionName}
            </div>
            {me!.coverage.map((c) => (
              <div key={`${c.insutype}${c.startDate}`} style={{ marginTop: 8 }}>
                <Tag color={c.status === "active" ? "green" : "default"}>
                  {word("status", c.status, lang)}
                </Tag>
                {label("insutype", c.insutype, lang)} · {label("psnType", c.psnType, lang)} ·{" "}
                {regionLabel(c.regionCode)}
              </div>
            ))}
          </Card>
          <MyEVoucher />
          {me!.balance !== null && (
            <Card>
              <Statistic title="个人账户余额（元）" value={yuan(me!.balance)} />
            </Card>
          )}
          <Card title={`${me!.year} 年已用额度`}>
            {me!.policies.map((p) => (
              <div key={p.medType} style={{ marginBottom: 12 }}>
                <div>
                  {label("medType", p.medType, lang)}：统筹基金已付 ¥{yuan(me!.used.poolPaid)} / 年度限额 ¥
                  {yuan(p.poolAnnualCap)}
                </div>
                <Progress percent={percent(me!.used.poolPaid, p.poolAnnualCap)} />
                <div>
                  起付线已付 ¥{yuan(me!.used.deductiblePaid)}（起付标准：
                  {Object.entries(p.deductibleByLevel)
                    .map(([l, v]) => `${l}级医院 ¥${yuan(v)}`)
                    .join("，")}
                  {p.deductibleScope === "annual" ? "，一年一次" : "，每次住院"}）
                </div>
              </div>
            ))}
          </Card>
          <Card title="今年的结算">
            <List
              dataSource={me!.settlements}
              locale={{ emptyText: "今年还没有结算" }}
              renderItem={(s) => (
                <List.Item>
                  <div>
                    <div>
                      {s.setlTime.slice(0, 10)} · {s.institutionName ?? "零星报销"} ·{" "}
                      {label("medType", s.medType, lang)}
                    </div>
                    <div>
                      花费 ¥{yuan(s.medfee)}，医保付 ¥{yuan(s.fundPay)}，自己付 ¥{yuan(s.cashPay)}
                    </div>
                  </div>
                </List.Item>
              )}
            />
          </Card>
          <Card title="我的办件">
            <List
              dataSource={apps.data?.items ?? []}
              locale={{ emptyText: "还没有办件" }}
              renderItem={(a) => (
                <List.Item>
                  <Link
                    to={`/my/applications/${a.id}`}
                  >{`${a.itemName} · ${word("status", a.status, lang)}`}</Link>
                </List.Item>
              )}
            />
            <Button type="primary" size="large" block id="my-apply" onClick={() => navigate("/my/apply")}>
              网上办事
            </Button>
          </Card>
          <Button size="large" block onClick={signOutCitizen}>
            退出
          </Button>
        </Space>
      )}
    </Loaded>
  );
}
