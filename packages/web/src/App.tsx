import { Button, ConfigProvider, Layout, Menu, Segmented } from "antd";
import enUS from "antd/locale/en_US";
import zhCN from "antd/locale/zh_CN";
import { useEffect, useState } from "react";
import { api, getRole, getToken, onSessionEnded, setToken } from "./api.ts";
import { type Lang, LangContext, useT } from "./i18n.ts";
import { Login } from "./pages/Login.tsx";
import { ClearingPage } from "./pages/Clearing.tsx";
import { InstitutionsPage } from "./pages/Institutions.tsx";
import { OverviewPage } from "./pages/Overview.tsx";
import { IndicatorsPage } from "./pages/Indicators.tsx";
import { FundPage } from "./pages/Fund.tsx";
import { PagedTable } from "./pages/PagedTable.tsx";

type Page = "overview" | "persons" | "clearing" | "institutions" | "audit" | "indicators" | "fund";

function Shell({ lang, setLang }: { lang: Lang; setLang: (l: Lang) => void }) {
  const t = useT();
  const [loggedIn, setLoggedIn] = useState(Boolean(getToken()));
  const [notice, setNotice] = useState<string | null>(null);
  const [page, setPage] = useState<Page>("overview");
  // A 401 from any call (session expired, ended elsewhere, operator deactivated): back to the login page.
  useEffect(
    () =>
      onSessionEnded(() => {
        setLoggedIn(false);
        setPage("overview");
        setNotice(t("Your session has ended. Please log in again."));
      }),
    [t],
  );
  if (!loggedIn)
    return (
      <Login
        notice={notice}
        onLogin={() => {
          setNotice(null);
          setLoggedIn(true);
        }}
      />
    );
  const admin = getRole() === "admin";
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
            ...(getRole() === "institution" ? [] : [{ key: "clearing", label: t("Clearing") }]),
            ...(getRole() === "institution"
              ? []
              : [
                  { key: "indicators", label: t("Indicators") },
                  { key: "fund", label: t("Fund") },
                ]),
            ...(admin
              ? [
                  { key: "institutions", label: t("Institutions") },
                  { key: "audit", label: t("Audit log") },
                ]
              : []),
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
            // end the session on the server too, not only in this tab
            void api("/auth/logout", { method: "POST" }).catch(() => {});
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
        {page === "clearing" && <ClearingPage />}
        {page === "institutions" && <InstitutionsPage />}
        {page === "indicators" && <IndicatorsPage />}
        {page === "fund" && <FundPage />}
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
