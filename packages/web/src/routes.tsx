import type { ReactNode } from "react";
import { lazyPage } from "./lazy.ts";

// Each page a chunk of its own, loaded when its URL is opened (lazy.ts).
const ApplicationPage = lazyPage(() => import("./pages/Applications.tsx"), "ApplicationPage");
const ApplicationsPage = lazyPage(() => import("./pages/Applications.tsx"), "ApplicationsPage");
const AuditPage = lazyPage(() => import("./pages/Audit.tsx"), "AuditPage");
const CataloguePage = lazyPage(() => import("./pages/Catalogue.tsx"), "CataloguePage");
const EmployerPage = lazyPage(() => import("./pages/Employers.tsx"), "EmployerPage");
const EmployersPage = lazyPage(() => import("./pages/Employers.tsx"), "EmployersPage");
const InstitutionPage = lazyPage(() => import("./pages/Institutions.tsx"), "InstitutionPage");
const InstitutionsPage = lazyPage(() => import("./pages/Institutions.tsx"), "InstitutionsPage");
const CasePage = lazyPage(() => import("./pages/Liquidations.tsx"), "CasePage");
const CasesPage = lazyPage(() => import("./pages/Liquidations.tsx"), "CasesPage");
const HospitalStatementPage = lazyPage(() => import("./pages/Liquidations.tsx"), "HospitalStatementPage");
const LiquidationPage = lazyPage(() => import("./pages/Liquidations.tsx"), "LiquidationPage");
const LiquidationsPage = lazyPage(() => import("./pages/Liquidations.tsx"), "LiquidationsPage");
const ReconciliationPage = lazyPage(() => import("./pages/Reconciliation.tsx"), "ReconciliationPage");
const CreditPeoplePage = lazyPage(() => import("./pages/CreditPeople.tsx"), "CreditPeoplePage");
const InspectionsPage = lazyPage(() => import("./pages/Inspections.tsx"), "InspectionsPage");
const InspectionPage = lazyPage(() => import("./pages/Inspections.tsx"), "InspectionPage");
const DisclosuresPage = lazyPage(() => import("./pages/Inspections.tsx"), "DisclosuresPage");
const ClearingPage = lazyPage(() => import("./pages/Clearing.tsx"), "ClearingPage");
const FundPage = lazyPage(() => import("./pages/Fund.tsx"), "FundPage");
const IndicatorsPage = lazyPage(() => import("./pages/Indicators.tsx"), "IndicatorsPage");
const ManualPage = lazyPage(() => import("./pages/Manual.tsx"), "ManualPage");
const OperatorsPage = lazyPage(() => import("./pages/Operators.tsx"), "OperatorsPage");
const OverviewPage = lazyPage(() => import("./pages/Overview.tsx"), "OverviewPage");
const PersonPage = lazyPage(() => import("./pages/Person.tsx"), "PersonPage");
const SettlementsOf = lazyPage(() => import("./pages/Person.tsx"), "SettlementsOf");
const PersonsPage = lazyPage(() => import("./pages/Persons.tsx"), "PersonsPage");
const SettlementPage = lazyPage(() => import("./pages/Settlement.tsx"), "SettlementPage");
const RolesPage = lazyPage(() => import("./pages/Roles.tsx"), "RolesPage");
const ImportsPage = lazyPage(() => import("./pages/Imports.tsx"), "ImportsPage");
const PoliciesPage = lazyPage(() => import("./pages/Policies.tsx"), "PoliciesPage");
const ContributionsPage = lazyPage(() => import("./pages/Contributions.tsx"), "ContributionsPage");
// fund supervision (pages/Supervision.tsx)
const FindingsPage = lazyPage(() => import("./pages/Supervision.tsx"), "FindingsPage");
const SupervisionCasesPage = lazyPage(() => import("./pages/Supervision.tsx"), "SupervisionCasesPage");
const SupervisionCasePage = lazyPage(() => import("./pages/Supervision.tsx"), "SupervisionCasePage");
const RulesPage = lazyPage(() => import("./pages/Supervision.tsx"), "RulesPage");
const RuleVersionPage = lazyPage(() => import("./pages/Supervision.tsx"), "RuleVersionPage");
const AuditJobsPage = lazyPage(() => import("./pages/Supervision.tsx"), "AuditJobsPage");
const EarlyWarningsPage = lazyPage(() => import("./pages/Supervision.tsx"), "EarlyWarningsPage");
const CreditPage = lazyPage(() => import("./pages/Supervision.tsx"), "CreditPage");

/** Roles as the server names them; admin may open every page (as requireRole admits admin). */
export type Role = "admin" | "agency" | "auditor" | "supervisor" | "leader" | "institution";
const STAFF: Role[] = ["agency", "auditor", "supervisor", "leader"];
/** Fund supervision's staff: the roles supervision.routes.ts admits (requireRole ACTORS). */
const SUPERVISION: Role[] = ["auditor", "supervisor"];

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
  // CSV imports and their history (issue 13): the roles POST/GET /imports admit
  { path: "/imports", roles: ["agency"], menu: "Imports", render: () => <ImportsPage /> },
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
  // contributions (issue 13): the agency's work; leaders read (the API admits every staff role to read)
  {
    path: "/contributions",
    roles: ["agency", "leader"],
    menu: "Contribution collection",
    render: () => <ContributionsPage />,
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
  {
    path: "/reconciliation",
    roles: STAFF,
    menu: "Reconciliation",
    render: () => <ReconciliationPage />,
  },
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
  { path: "/policies", roles: STAFF, menu: "Policies", render: () => <PoliciesPage /> },
  // fund supervision: the roles as the API admits them (supervision.routes.ts, supervision-read.routes.ts)
  { path: "/supervision/findings", roles: SUPERVISION, menu: "Findings", render: () => <FindingsPage /> },
  {
    path: "/supervision/cases",
    roles: [...SUPERVISION, "institution"],
    menu: "Supervision cases",
    render: () => <SupervisionCasesPage />,
  },
  {
    path: "/supervision/cases/:id",
    roles: [...SUPERVISION, "institution"],
    render: (p) => <SupervisionCasePage key={p.id} id={p.id!} />,
  },
  { path: "/supervision/rules", roles: SUPERVISION, menu: "Audit rules", render: () => <RulesPage /> },
  {
    path: "/supervision/rules/:id",
    roles: SUPERVISION,
    render: (p) => <RuleVersionPage key={p.id} id={p.id!} />,
  },
  {
    path: "/supervision/audit-jobs",
    roles: SUPERVISION,
    menu: "Audit jobs",
    render: () => <AuditJobsPage />,
  },
  {
    path: "/supervision/early-warnings",
    roles: ["agency", ...SUPERVISION],
    menu: "Early warnings",
    render: () => <EarlyWarningsPage />,
  },
  { path: "/supervision/credit", roles: SUPERVISION, menu: "Credit", render: () => <CreditPage /> },
  {
    path: "/supervision/credit/doctors",
    roles: [...SUPERVISION, "institution"],
    menu: "Doctors' points",
    render: () => <CreditPeoplePage key="d" of="doctors" />,
  },
  {
    path: "/supervision/credit/persons",
    roles: SUPERVISION,
    menu: "Scores of insured",
    render: () => <CreditPeoplePage key="p" of="persons" />,
  },
  // 双随机、一公开 and 典型案例曝光 (inspection.routes.ts)
  {
    path: "/supervision/inspections",
    roles: SUPERVISION,
    menu: "Random inspections",
    render: () => <InspectionsPage />,
  },
  {
    path: "/supervision/inspections/:id",
    roles: SUPERVISION,
    render: (p) => <InspectionPage key={p.id} id={p.id!} />,
  },
  {
    path: "/supervision/disclosures",
    roles: SUPERVISION,
    menu: "Disclosed cases",
    render: () => <DisclosuresPage />,
  },
  { path: "/institutions", roles: [], menu: "Institutions", render: () => <InstitutionsPage /> },
  // registry work (issue 13): an institution's page, for staff as GET /institutions admits them
  {
    path: "/institutions/:code",
    roles: STAFF,
    render: (p) => <InstitutionPage key={p.code} code={p.code!} />,
  },
  { path: "/operators", roles: [], menu: "Operators", render: () => <OperatorsPage /> },
  { path: "/roles", roles: [], menu: "Roles", render: () => <RolesPage /> },
  { path: "/audit-log", roles: [], menu: "Audit log", render: () => <AuditPage /> },
];

export const mayOpen = (r: ConsoleRoute, role: string | null) =>
  role === "admin" || r.roles.includes(role as Role);

/** Where a role lands after login when "/" is not theirs. */
export const homeOf = (role: string | null) => (role === "institution" ? "/settlements" : "/");
