import { Select, Space } from "antd";
import { useEffect, useState } from "react";
import { api } from "../api.ts";
import { useT } from "../i18n.ts";

interface Region {
  code: string;
  name: string;
  level: string;
  parent_code?: string | null;
}

/**
 * The city an operator works for: their own region when it is a city, the city above it when it
 * is a county; the first city for an operator of the province (or of none).
 */
function homeCity(all: Region[], own: string | null): string | undefined {
  const cities = all.filter((r) => r.level === "city");
  const mine = all.find((r) => r.code === own);
  if (mine?.level === "city") return mine.code;
  if (mine?.level === "county" && cities.some((c) => c.code === mine.parent_code)) return mine.parent_code!;
  return cities[0]?.code;
}

/** The region (cities, the pooling regions) and year the fund and indicator pages show. */
export function RegionYearPicker(props: {
  region: string | null;
  year: number;
  onChange: (region: string, year: number) => void;
}) {
  const t = useT();
  const [regions, setRegions] = useState<Region[]>([]);
  const [home, setHome] = useState<string | undefined>();
  useEffect(() => {
    Promise.all([
      api<Region[]>("/regions"),
      api<{ regionCode: string | null }>("/auth/me").catch(() => ({ regionCode: null })),
    ]).then(
      ([rs, me]) => {
        setRegions(rs.filter((r) => r.level === "city"));
        setHome(homeCity(rs, me.regionCode));
      },
      () => setRegions([]),
    );
  }, []);
  const { region, year, onChange } = props;
  // the operator's own city until they pick one
  useEffect(() => {
    if (!region && home) onChange(home, year);
  }, [home, region, year, onChange]);
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
