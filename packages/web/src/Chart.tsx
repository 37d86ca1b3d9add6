import * as echarts from "echarts";
import { useEffect, useRef } from "react";

/** An ECharts chart bound to a div; re-renders when the option changes. */
export function Chart({ option, height = 280 }: { option: echarts.EChartsOption; height?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current);
    // No animation: the figures appear at once (and screenshots show them).
    chart.setOption({ animation: false, ...option });
    const onResize = () => chart.resize();
    window.addEventListener("resize", onResize);
    return () => {
      window.removeEventListener("resize", onResize);
      chart.dispose();
    };
  }, [option]);
  return <div ref={ref} style={{ width: "100%", height }} />;
}
