import type { ReactNode } from "react";
import { ApplicationPage, ApplicationsPage } from "./pages/Applications.tsx";
import { AuditPage } from "./pages/Audit.tsx";
import { CataloguePage } from "./pages/Catalogue.tsx";
import { EmployerPage, EmployersPage } from "./pages/Employers.tsx";
import { InstitutionsPage } from "./pages/Institutions.tsx";
import {
  CasePage,
  CasesPage,
  HospitalStatementPage,
  LiquidationPage,
  LiquidationsPage,
} from "./pages/Liquidations.tsx";
import { ClearingPage } from "./pages/Clearing.tsx";
import { FundPage } from "./pages/Fund.tsx";
import { IndicatorsPage } from "./pages/Indicators.tsx";
import { ManualPage } from "./pages/Manual.tsx";
import { OperatorsPage } from "./pages/Operators.tsx";
import { OverviewPage } from "./pages/Overview.tsx";
import { PersonPage, SettlementsOf } from "./pages/Person.tsx";
import { PersonsPage } from "./pages/Persons.tsx";
import { SettlementPage } from "./pages/Settlement.tsx";

/** Roles as the server names them; admin may open every page (as requireRole admits admin). */
export type Role = "admin" | "agency" | "auditor" | "supervisor" | "leader" | "institution";
const STAFF: Role[] = ["agency", "auditor", "supervisor", "leader"];

export interface ConsoleRoute {
  path: string;
  /** who may open it besides admin: the same roles the API admits for what it shows */
  roles: Role[];
  /** the menu entry's key text (i18n); pages reached from other pages have none */
  menu?: string;
  render: (p: Record<string, string>) => ReactNode;
}

/** Every page of the console, each with its URL (deep links: http/console.ts serves index.html). */
export const ROUTES: ConsoleRoute[] = [
  { path: "/", roles: STAFF, menu: "Overview", render: () => <OverviewPage /> },
  { path: "/persons", roles: STAFF, menu: "Persons", render: () => <PersonsPage /> },
  { path: "/persons/:psnNo", roles: STAFF, render: (p) => <PersonPage key={p.psnNo} psnNo={p.psnNo!} /> },
  { path: "/employers", roles: STAFF, menu: "Employers", render: () => <EmployersPage /> },
  { path: "/employers/:uscc", roles: STAFF, render: (p) => <EmployerPage uscc={p.uscc!} /> },
  {
    path: "/settlements",
    roles: [...STAFF, "institution"],
    menu: "Settlements",
    render: () => <SettlementsOf />,
  },
  {
    path: "/settlements/:setlId",
    roles: [...STAFF, "institution"],
    render: (p) => <SettlementPage key={p.setlId} setlId={p.setlId!} />,
  },
  {
    path: "/manual-reimbursements",
    roles: ["agency"],
    menu: "Manual reimbursement",
    render: () => <ManualPage />,
  },
  { path: "/liquidations", roles: STAFF, menu: "Liquidations", render: () => <LiquidationsPage /> },
  { path: "/liquidations/:id", roles: STAFF, render: (p) => <LiquidationPage id={p.id!} /> },
  {
    path: "/liquidations/:id/hospitals/:code",
    roles: STAFF,
    render: (p) => <HospitalStatementPage id={p.id!} code={p.code!} />,
  },
  { path: "/cases", roles: STAFF, menu: "DRG cases", render: () => <CasesPage /> },
  { path: "/cases/:id", roles: STAFF, render: (p) => <CasePage id={p.id!} /> },
  { path: "/clearing", roles: STAFF, menu: "Clearing", render: () => <ClearingPage /> },
  { path: "/fund", roles: STAFF, menu: "Fund", render: () => <FundPage /> },
  { path: "/indicators", roles: STAFF, menu: "Indicators", render: () => <IndicatorsPage /> },
  { path: "/applications", roles: STAFF, menu: "Applications", render: () => <ApplicationsPage /> },
  { path: "/applications/:id", roles: STAFF, render: (p) => <ApplicationPage key={p.id} id={p.id!} /> },
  {
    path: "/catalogue",
    roles: [...STAFF, "institution"],
    menu: "Catalogue",
    render: () => <CataloguePage />,
  },
  { path: "/institutions", roles: [], menu: "Institutions", render: () => <InstitutionsPage /> },
  { path: "/operators", roles: [], menu: "Operators", render: () => <OperatorsPage /> },
  { path: "/audit-log", roles: [], menu: "Audit log", render: () => <AuditPage /> },
];

export const mayOpen = (r: ConsoleRoute, role: string | null) =>
  role === "admin" || r.roles.includes(role as Role);

/** Where a role lands after login when "/" is not theirs. */
export const homeOf = (role: string | null) => (role === "institution" ? "/settlements" : "/");
