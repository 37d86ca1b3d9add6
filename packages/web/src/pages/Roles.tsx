import { Card, Table, Tag } from "antd";
import { useLang, useT } from "../i18n.ts";
import { label } from "../labels.ts";
import { Link } from "../router.ts";
import { type Role, ROUTES, mayOpen } from "../routes.tsx";

const ROLES: Role[] = ["admin", "agency", "auditor", "supervisor", "leader", "institution"];
/** What each role is for, in words (the key is the English text, i18n.ts has the Chinese). */
const DUTY: Record<Role, string> = {
  admin: "Operators, roles, institutions and their keys, the audit log; may open every page",
  agency: "The agency's daily work: enrolment, contributions, settlements, reimbursements, applications",
  auditor: "Reviews settlements and cases; sees personal data masked",
  supervisor: "Fund supervision: findings and cases; sees personal data masked",
  leader: "Reads the figures: overview, fund, indicators; sees personal data masked",
  institution: "A designated hospital or pharmacy: its own settlements and the catalogue",
};
/** Who sees names, ID numbers and phones in clear (the API masks them for the others: canSeePii). */
const CLEAR: Role[] = ["admin", "agency"];

/**
 * Roles and what each may open (admin): one row per console page, one column per role, from the
 * same table the menus and the 403 answers use (routes.tsx), so it cannot say otherwise. Which
 * operators hold a role is on the operators page.
 */
export function RolesPage() {
  const t = useT();
  const lang = useLang();
  return (
    <>
      <Card size="small" title={t("Roles")} style={{ marginBottom: 16 }}>
        <Table
          size="small"
          rowKey="role"
          pagination={false}
          scroll={{ x: "max-content" }}
          dataSource={ROLES.map((role) => ({ role }))}
          columns={[
            { title: t("Role"), dataIndex: "role", render: (r: Role) => label("role", r, lang) },
            { title: t("What it is for"), dataIndex: "role", key: "duty", render: (r: Role) => t(DUTY[r]) },
            {
              title: t("Personal data"),
              dataIndex: "role",
              key: "pii",
              render: (r: Role) =>
                CLEAR.includes(r) ? <Tag color="orange">{t("in clear")}</Tag> : <Tag>{t("masked")}</Tag>,
            },
            {
              title: t("Pages"),
              dataIndex: "role",
              key: "pages",
              render: (r: Role) => ROUTES.filter((p) => mayOpen(p, r)).length,
            },
          ]}
        />
        <div style={{ marginTop: 8 }}>
          <Link to="/operators">{t("Operators")}</Link>
        </div>
      </Card>
      <Card size="small" title={t("Pages each role may open")}>
        <Table
          id="role-pages"
          size="small"
          rowKey="path"
          pagination={false}
          scroll={{ x: "max-content" }}
          dataSource={ROUTES}
          columns={[
            {
              title: t("Page"),
              dataIndex: "path",
              render: (path: string, r) => (
                <>
                  {r.menu ? t(r.menu) : t("(opened from another page)")} <code>{path}</code>
                </>
              ),
            },
            ...ROLES.map((role) => ({
              title: label("role", role, lang),
              key: role,
              render: (_: unknown, r: (typeof ROUTES)[number]) => (mayOpen(r, role) ? "✓" : "—"),
            })),
          ]}
        />
      </Card>
    </>
  );
}
