import { Card, Empty, Space, Tag } from "antd";
import { useCallback, useState } from "react";
import { when, yuan } from "../format.ts";
import { type Lang, useLang, useT } from "../i18n.ts";
import { label } from "../labels.ts";
import { Loaded, useResource } from "./common.tsx";
import { RegionYearPicker } from "./RegionYearPicker.tsx";

interface PolicyVersion {
  insutype: string;
  medType: string;
  version: number;
  inForce: boolean;
  inForceSince: string;
  createdBy: string;
  document: PolicyDoc;
}
/** The policy document (docs/policy.md): amounts yuan strings, ratios 4-decimal strings. */
interface PolicyDoc {
  deductible?: { scope: string; byLevel: Record<string, string>; repeatFactor?: string[] };
  pool?: { ratioByLevel: Record<string, string>; retireeBonus?: string; annualCap: string };
  largeAmount?: { ratio: string; annualCap: string };
  criticalIllness?: { segments: { from: string; to: string | null; ratio: string }[]; annualCap: string };
  assistance?: Record<string, { deductible: string; ratio: string; annualCap: string }>;
  outOfRegion?: { unfiled: string; unfiledRatio?: string };
}

/** "0.9000" as "90%" (display only: the engine computes with the string). */
const pct = (ratio: string) => `${(Number(ratio) * 100).toFixed(2).replace(/\.?0+$/, "")}%`;
const levels = (byLevel: Record<string, string>, lang: Lang, show: (v: string) => string) =>
  Object.entries(byLevel)
    .map(([l, v]) =>
      lang === "zh" ? `${label("level", l, lang).split(" ")[0]}医院 ${show(v)}` : `level ${l} ${show(v)}`,
    )
    .join(lang === "zh" ? "，" : ", ");
const money = (v: string, lang: Lang) => (lang === "zh" ? `${yuan(v)} 元` : `¥${yuan(v)}`);
const ASSISTANCE: Record<string, [string, string]> = {
  tk: ["特困人员", "extreme poverty (特困)"],
  db: ["低保对象", "minimum living allowance (低保)"],
  jc: ["监测/边缘人口", "monitored / marginal (监测)"],
};

/** A policy's values in words, one line each, in the chosen language. */
export function policyInWords(d: PolicyDoc, lang: Lang): [string, string][] {
  const zh = lang === "zh";
  const m = (v: string) => money(v, lang);
  const out: [string, string][] = [];
  if (d.deductible) {
    const repeat = d.deductible.repeatFactor?.length
      ? zh
        ? `；再次住院按 ${d.deductible.repeatFactor.map(pct).join("、")} 计`
        : `; a further admission at ${d.deductible.repeatFactor.map(pct).join(", ")}`
      : "";
    out.push([
      zh ? "起付线" : "Deductible",
      `${zh ? (d.deductible.scope === "annual" ? "一年一次：" : "每次住院：") : d.deductible.scope === "annual" ? "once a year: " : "each admission: "}${levels(d.deductible.byLevel, lang, m)}${repeat}`,
    ]);
  }
  if (d.pool) {
    out.push([
      zh ? "统筹基金支付比例" : "Pool pays",
      `${levels(d.pool.ratioByLevel, lang, pct)}${d.pool.retireeBonus && Number(d.pool.retireeBonus) > 0 ? (zh ? `；退休人员另加 ${pct(d.pool.retireeBonus)}` : `; retirees ${pct(d.pool.retireeBonus)} more`) : ""}`,
    ]);
    out.push([zh ? "统筹基金年度最高支付限额" : "Pool's annual cap", m(d.pool.annualCap)]);
  }
  if (d.largeAmount)
    out.push([
      zh ? "职工大额医疗补助" : "Employees' large-amount subsidy",
      zh
        ? `超过统筹限额的部分支付 ${pct(d.largeAmount.ratio)}，年度限额 ${m(d.largeAmount.annualCap)}`
        : `${pct(d.largeAmount.ratio)} of what the pool's cap leaves, up to ${m(d.largeAmount.annualCap)} a year`,
    ]);
  if (d.criticalIllness)
    out.push([
      zh ? "大病保险" : "Critical-illness insurance",
      `${d.criticalIllness.segments
        .map((s) =>
          s.to === null
            ? zh
              ? `${m(s.from)}以上支付 ${pct(s.ratio)}`
              : `above ${m(s.from)}: ${pct(s.ratio)}`
            : zh
              ? `${m(s.from)}至${m(s.to)}支付 ${pct(s.ratio)}`
              : `${m(s.from)} to ${m(s.to)}: ${pct(s.ratio)}`,
        )
        .join(
          zh ? "；" : "; ",
        )}${zh ? `；年度限额 ${m(d.criticalIllness.annualCap)}` : `; up to ${m(d.criticalIllness.annualCap)} a year`}`,
    ]);
  for (const [k, a] of Object.entries(d.assistance ?? {}))
    out.push([
      `${zh ? "医疗救助" : "Medical assistance"} · ${ASSISTANCE[k]?.[zh ? 0 : 1] ?? k}`,
      zh
        ? `起付 ${m(a.deductible)}，支付 ${pct(a.ratio)}，年度限额 ${m(a.annualCap)}`
        : `deductible ${m(a.deductible)}, pays ${pct(a.ratio)}, up to ${m(a.annualCap)} a year`,
    ]);
  if (d.outOfRegion)
    out.push([
      zh ? "未备案异地就医" : "Out of region without a filing",
      d.outOfRegion.unfiled === "ratio" && d.outOfRegion.unfiledRatio
        ? zh
          ? `统筹基金按 ${pct(d.outOfRegion.unfiledRatio)} 支付`
          : `the pool pays ${pct(d.outOfRegion.unfiledRatio)}`
        : zh
          ? "不予支付"
          : "not paid",
    ]);
  return out;
}

/**
 * Benefit policies (待遇政策) of a region and year, every version by the time it came into force
 * (the latest is the one settled with), each with its values in words (GET /policies/{region}/{year}).
 */
export function PoliciesPage() {
  const t = useT();
  const lang = useLang();
  const [region, setRegion] = useState<string | null>(null);
  const [year, setYear] = useState(new Date().getFullYear());
  const { data, error } = useResource<{ items: PolicyVersion[] }>(
    region ? `/policies/${region}/${year}` : null,
  );
  const pick = useCallback((r: string, y: number) => {
    setRegion(r);
    setYear(y);
  }, []);
  return (
    <>
      <RegionYearPicker region={region} year={year} onChange={pick} />
      <Loaded error={error} ready={data !== null}>
        {() =>
          data!.items.length === 0 ? (
            <Empty description={t("No policy of its own: the parent region's applies")} />
          ) : (
            <Space orientation="vertical" style={{ width: "100%" }}>
              {data!.items.map((p) => (
                <Card
                  key={`${p.insutype}-${p.medType}-${p.version}`}
                  size="small"
                  title={`${label("insutype", p.insutype, lang)} · ${label("medType", p.medType, lang)} · v${p.version}`}
                  extra={p.inForce ? <Tag color="green">{t("In force")}</Tag> : <Tag>{t("Superseded")}</Tag>}
                  style={{ opacity: p.inForce ? 1 : 0.7 }}
                >
                  <div style={{ marginBottom: 8 }}>
                    {t("In force since")} {when(p.inForceSince)} · {p.createdBy}
                  </div>
                  {policyInWords(p.document, lang).map(([k, v]) => (
                    <div key={k} style={{ marginBottom: 4 }}>
                      <b>{k}</b>：{v}
                    </div>
                  ))}
                </Card>
              ))}
            </Space>
          )
        }
      </Loaded>
    </>
  );
}
