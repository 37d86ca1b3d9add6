import type React from "react";
import { Button, ConfigProvider, Layout, Menu, Result, Segmented, Spin, Switch } from "antd";
import enUS from "antd/locale/en_US";
import zhCN from "antd/locale/zh_CN";
import { Suspense, useEffect, useState } from "react";
import { api, getCitizenKind, getRole, getToken, onSessionEnded, setToken } from "./api.ts";
import { type Lang, LangContext, useT } from "./i18n.ts";
import { setRegionNames } from "./labels.ts";
import { lazyPage } from "./lazy.ts";
import { MyLoginPage } from "./pages/citizen/MyLogin.tsx";
import { Login } from "./pages/Login.tsx";
import { match, navigate, useLocation } from "./router.ts";
import { ROUTES, homeOf, mayOpen } from "./routes.tsx";

// the login pages come with the shell; every other page is loaded when opened (lazy.ts)
const MyApplicationPage = lazyPage(() => import("./pages/citizen/MyApplication.tsx"), "MyApplicationPage");
const MyApplyPage = lazyPage(() => import("./pages/citizen/MyApply.tsx"), "MyApplyPage");
const MyHomePage = lazyPage(() => import("./pages/citizen/MyHome.tsx"), "MyHomePage");
/** What shows while a page's chunk loads. */
const pageLoading = <Spin style={{ display: "block", margin: 48 }} />;

/** The operators' console: a menu of the pages the role may open, the page of the URL. */
function Console({ lang, setLang, large, setLarge }: ShellProps) {
  const t = useT();
  const { path } = useLocation();
  const [loggedIn, setLoggedIn] = useState(Boolean(getToken()));
  const [notice, setNotice] = useState<string | null>(null);
  const [, setRegions] = useState(0);
  useEffect(
    () =>
      onSessionEnded((slot) => {
        if (slot !== "operator") return;
        setLoggedIn(false);
        setNotice(t("Your session has ended. Please log in again."));
      }),
    [t],
  );
  useEffect(() => {
    if (!loggedIn) return;
    api<{ code: string; name: string }[]>("/regions").then(
      (rows) => {
        setRegionNames(rows);
        setRegions((n) => n + 1);
      },
      () => {},
    );
  }, [loggedIn]);
  if (!loggedIn)
    return (
      <Login
        notice={notice}
        onLogin={() => {
          setNotice(null);
          setLoggedIn(true);
          const role = getRole();
          const here = ROUTES.find((r) => match(r.path, location.pathname));
          if (!here || !mayOpen(here, role)) navigate(homeOf(role), true);
        }}
      />
    );
  const role = getRole();
  const found = ROUTES.map((r) => ({ r, params: match(r.path, path) })).find((x) => x.params !== null);
  const menu = ROUTES.filter((r) => r.menu && mayOpen(r, role));
  const selected = menu.filter((r) => r.path !== "/" && path.startsWith(r.path)).map((r) => r.path);
  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Layout.Header
        className="no-print"
        style={{
          display: "flex",
          alignItems: "center",
          gap: 12,
          flexWrap: "wrap",
          height: "auto",
          lineHeight: "48px",
          paddingInline: 16,
        }}
      >
        <div style={{ color: "#fff", fontSize: 20, fontWeight: 600, flex: 1 }}>{t("Yibao")}</div>
        <span style={{ color: "#fff" }}>
          {t("Large text")} <Switch size="small" checked={large} onChange={setLarge} />
        </span>
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
      <Layout>
        {/* the pages' menu: a side bar on a desk, folded away (its button) at phone width */}
        <Layout.Sider className="no-print" breakpoint="lg" collapsedWidth={0} width={200} theme="light">
          <Menu
            mode="inline"
            selectedKeys={selected.length ? selected : [path === "/" ? "/" : ""]}
            onClick={(e) => navigate(e.key)}
            items={menu.map((r) => ({ key: r.path, label: t(r.menu!) }))}
          />
        </Layout.Sider>
        <Layout.Content style={{ padding: 16 }}>
          {!found ? (
            <Result status="404" title="404" subTitle={path} />
          ) : !mayOpen(found.r, role) ? (
            <Result status="403" title="403" subTitle={t("error.FORBIDDEN")} />
          ) : (
            <Suspense fallback={pageLoading}>{found.r.render(found.params!)}</Suspense>
          )}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

const CITIZEN_ROUTES: { path: string; render: (p: Record<string, string>) => React.ReactNode }[] = [
  { path: "/my", render: () => <MyHomePage /> },
  { path: "/my/apply", render: () => <MyApplyPage /> },
  { path: "/my/applications/:id", render: (p) => <MyApplicationPage id={p.id!} /> },
];

/** The online services for insured persons and employers (/my...): phone first, large type. */
function CitizenArea() {
  const { path } = useLocation();
  const [notice, setNotice] = useState<string | null>(null);
  const [, rerender] = useState(0);
  useEffect(
    () =>
      onSessionEnded((slot) => {
        if (slot !== "citizen") return;
        setNotice("登录已超时，请重新登录");
        navigate("/my/login", true);
        rerender((n) => n + 1);
      }),
    [],
  );
  const signedIn = Boolean(getToken("citizen") && getCitizenKind());
  let page: React.ReactNode;
  // signed in: the page asked for (a deep link), or the home page after /my/login
  const signedInNow = () => {
    setNotice(null);
    if (path === "/my/login") navigate("/my", true);
    rerender((n) => n + 1);
  };
  if (path === "/my/login" || !signedIn) page = <MyLoginPage notice={notice} onSignedIn={signedInNow} />;
  else {
    const found = CITIZEN_ROUTES.map((r) => ({ r, p: match(r.path, path) })).find((x) => x.p);
    page = found ? found.r.render(found.p!) : <Result status="404" title="404" />;
  }
  return (
    <div style={{ maxWidth: 560, margin: "0 auto", padding: 12 }}>
      <Suspense fallback={pageLoading}>{page}</Suspense>
    </div>
  );
}

interface ShellProps {
  lang: Lang;
  setLang: (l: Lang) => void;
  large: boolean;
  setLarge: (b: boolean) => void;
}

export function App() {
  const [lang, setLang] = useState<Lang>(() => (localStorage.getItem("yibao.lang") as Lang) ?? "zh");
  const [large, setLarge] = useState(() => localStorage.getItem("yibao.large") === "1");
  const { path } = useLocation();
  const citizen = path === "/my" || path.startsWith("/my/");
  const keep = {
    lang,
    setLang: (l: Lang) => {
      localStorage.setItem("yibao.lang", l);
      setLang(l);
    },
    large,
    setLarge: (b: boolean) => {
      localStorage.setItem("yibao.large", b ? "1" : "0");
      setLarge(b);
    },
  };
  // 适老: the online services are always in large type; the console when asked
  const fontSize = citizen ? 20 : large ? 20 : 16;
  return (
    <LangContext.Provider value={lang}>
      <ConfigProvider locale={lang === "zh" ? zhCN : enUS} theme={{ token: { fontSize } }}>
        <div style={{ fontSize }}>{citizen ? <CitizenArea /> : <Console {...keep} />}</div>
      </ConfigProvider>
    </LangContext.Provider>
  );
}
