"use client";

import { BarChart, LineChart, ScatterChart } from "echarts/charts";
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
} from "echarts/components";
import * as echarts from "echarts/core";
import { LabelLayout } from "echarts/features";
import { CanvasRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";

// Tree-shaken: only what Loupe's charts use is bundled.
echarts.use([
  BarChart,
  LineChart,
  ScatterChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  MarkLineComponent,
  DataZoomComponent,
  LabelLayout,
  CanvasRenderer,
]);

export type EChartOption = echarts.EChartsCoreOption;
export type EChartClick = { seriesIndex?: number; dataIndex: number; name: string; value: unknown };

type Props = {
  option: EChartOption;
  height?: number;
  onClick?: (event: EChartClick) => void;
  /** Describes the chart for screen readers (the canvas says nothing). */
  ariaLabel: string;
  testId?: string;
};

/** The one ECharts wrapper: creates the chart, keeps it sized, replaces the option on change. */
export function EChart({ option, height = 320, onClick, ariaLabel, testId }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickHandler = useRef(onClick);
  clickHandler.current = onClick;

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const instance = echarts.init(element, undefined, { renderer: "canvas" });
    chart.current = instance;
    instance.on("click", (event) => clickHandler.current?.(event as unknown as EChartClick));
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={ref} role="img" aria-label={ariaLabel} data-testid={testId} style={{ height }} className="w-full" />;
}
