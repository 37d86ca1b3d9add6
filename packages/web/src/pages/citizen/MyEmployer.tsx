import { Button, Card, List, Space, Statistic } from "antd";
import { citizenApi } from "../../api.ts";
import { yuan } from "../../format.ts";
import { useLang } from "../../i18n.ts";
import { label, word } from "../../labels.ts";
import { Loaded, useResource } from "../common.tsx";
import { signOutCitizen } from "./MyHome.tsx";

/** An employer's own page: its staff and its contributions (what was assessed, paid, owed). */
export function MyEmployerPage() {
  const lang = useLang();
  const { data: e, error } = useResource<{ name: string; uscc: string; activeStaff: string }>(
    "/selfservice/employer",
    0,
    citizenApi,
  );
  const staff = useResource<{ items: { psnNo: string; name: string; insutype: string; status: string }[] }>(
    "/selfservice/employer/staff",
    0,
    citizenApi,
  );
  const money = useResource<{
    items: { assessmentId: string; period: string; psnNo: string; total: string; owed: string }[];
  }>("/selfservice/employer/contributions", 0, citizenApi);
  return (
    <Loaded error={error} ready={e !== null}>
      {() => (
        <Space orientation="vertical" style={{ width: "100%" }}>
          <Card>
            <div style={{ fontSize: 22, fontWeight: 600 }}>{e!.name}</div>
            <div>{e!.uscc}</div>
            <Statistic title="在职参保人数" value={e!.activeStaff} />
          </Card>
          <Card title="职工">
            <List
              dataSource={staff.data?.items ?? []}
              renderItem={(s) => (
                <List.Item>{`${s.name} ${s.psnNo} · ${label("insutype", s.insutype, lang)} · ${word("status", s.status, lang)}`}</List.Item>
              )}
            />
          </Card>
          <Card title="缴费">
            <List
              dataSource={money.data?.items ?? []}
              renderItem={(c) => (
                <List.Item>{`${c.period} ${c.psnNo} 应缴 ¥${yuan(c.total)} 欠缴 ¥${yuan(c.owed)}`}</List.Item>
              )}
            />
          </Card>
          <Button size="large" block onClick={signOutCitizen}>
            退出
          </Button>
        </Space>
      )}
    </Loaded>
  );
}
