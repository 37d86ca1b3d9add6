import { Button, ConfigProvider, Layout, Menu, Segmented } from "antd";
import enUS from "antd/locale/en_US";
import zhCN from "antd/locale/zh_CN";
import { useState } from "react";
import { getToken, setToken } from "./api.ts";
import { type Lang, LangContext, useT } from "./i18n.ts";
import { Login } from "./pages/Login.tsx";
import { OverviewPage } from "./pages/Overview.tsx";
import { PagedTable } from "./pages/PagedTable.tsx";

type Page = "overview" | "persons" | "audit";

function Shell({ lang, setLang }: { lang: Lang; setLang: (l: Lang) => void }) {
  const t = useT();
  const [loggedIn, setLoggedIn] = useState(Boolean(getToken()));
  const [page, setPage] = useState<Page>("overview");
  if (!loggedIn) return <Login onLogin={() => setLoggedIn(true)} />;
  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Layout.Header style={{ display: "flex", alignItems: "center", gap: 24 }}>
        <div style={{ color: "#fff", fontSize: 20, fontWeight: 600 }}>{t("Yibao")}</div>
        <Menu
          theme="dark"
          mode="horizontal"
          selectedKeys={[page]}
          onClick={(e) => setPage(e.key as Page)}
          style={{ flex: 1 }}
          items={[
            { key: "overview", label: t("Overview") },
            { key: "persons", label: t("Persons") },
            { key: "audit", label: t("Audit log") },
          ]}
        />
        <Segmented
          value={lang}
          onChange={(v) => setLang(v as Lang)}
          options={[
            { label: "中文", value: "zh" },
            { label: "EN", value: "en" },
          ]}
        />
        <Button
          onClick={() => {
            setToken(null);
            setLoggedIn(false);
          }}
        >
          {t("Log out")}
        </Button>
      </Layout.Header>
      <Layout.Content style={{ padding: 24, fontSize: 16 }}>
        {page === "overview" && <OverviewPage />}
        {page === "persons" && (
          <PagedTable
            path="/persons"
            rowKey="psn_no"
            columns={[
              { title: "psn_no", dataIndex: "psn_no" },
              { title: t("Name"), dataIndex: "name" },
              { title: t("ID number"), dataIndex: "certno" },
              { title: t("Gender"), dataIndex: "gender" },
              { title: t("Birth date"), dataIndex: "birth_date" },
              { title: t("Region"), dataIndex: "region_code" },
            ]}
          />
        )}
        {page === "audit" && (
          <PagedTable
            path="/audit-log"
            rowKey="id"
            columns={[
              { title: t("Time"), dataIndex: "at" },
              { title: t("Operator"), dataIndex: "operator_login" },
              { title: t("Action"), dataIndex: "action" },
              { title: t("Entity"), dataIndex: "entity" },
              { title: "id", dataIndex: "entity_id" },
            ]}
          />
        )}
      </Layout.Content>
    </Layout>
  );
}

export function App() {
  const [lang, setLang] = useState<Lang>("zh");
  return (
    <LangContext.Provider value={lang}>
      <ConfigProvider locale={lang === "zh" ? zhCN : enUS} theme={{ token: { fontSize: 16 } }}>
        <Shell lang={lang} setLang={setLang} />
      </ConfigProvider>
    </LangContext.Provider>
  );
}
