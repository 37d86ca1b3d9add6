import { Select, Space } from "antd";
import { useEffect, useState } from "react";
import { api } from "../api.ts";
import { useT } from "../i18n.ts";

interface Region {
  code: string;
  name: string;
  level: string;
}

/** The region (cities, the pooling regions) and year the fund and indicator pages show. */
export function RegionYearPicker(props: {
  region: string | null;
  year: number;
  onChange: (region: string, year: number) => void;
}) {
  const t = useT();
  const [regions, setRegions] = useState<Region[]>([]);
  useEffect(() => {
    api<Region[]>("/regions").then(
      (rs) => setRegions(rs.filter((r) => r.level === "city")),
      () => setRegions([]),
    );
  }, []);
  const { region, year, onChange } = props;
  // the first city until the operator picks one
  useEffect(() => {
    if (!region && regions[0]) onChange(regions[0].code, year);
  }, [regions, region, year, onChange]);
  const years = [0, 1, 2, 3].map((k) => new Date().getFullYear() - k);
  return (
    <Space style={{ marginBottom: 16 }}>
      <span>{t("Region")}</span>
      <Select
        style={{ width: 200 }}
        value={props.region ?? undefined}
        options={regions.map((r) => ({ value: r.code, label: `${r.name} ${r.code}` }))}
        onChange={(v: string) => props.onChange(v, props.year)}
      />
      <span>{t("Year")}</span>
      <Select
        style={{ width: 110 }}
        value={props.year}
        options={years.map((y) => ({ value: y, label: String(y) }))}
        onChange={(v: number) => props.region && props.onChange(props.region, v)}
      />
    </Space>
  );
}
