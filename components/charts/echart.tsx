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
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { DEPLOY_SERIES } from "./deploy-markers";

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
export type EChartClick = {
  seriesIndex?: number;
  seriesName?: string;
  dataIndex: number;
  name: string;
  value: unknown;
  data?: unknown;
};

type Props = {
  option: EChartOption;
  height?: number;
  onClick?: (event: EChartClick) => void;
  /** Describes the chart for screen readers (the canvas says nothing). */
  ariaLabel: string;
  testId?: string;
};

/** Where a deploy marker leads: the deploy's page in the project the chart is in (its first deploy, for a cluster). */
export function deployMarkerHref(pathname: string, event: EChartClick): string | null {
  const ids = (event.data as { deployIds?: number[] } | undefined)?.deployIds;
  const project = /^\/projects\/[^/]+/.exec(pathname)?.[0];
  return event.seriesName === DEPLOY_SERIES && ids?.[0] !== undefined && project
    ? `${project}/deploys/${ids[0]}`
    : null;
}

/**
 * The one ECharts wrapper: creates the chart, keeps it sized, replaces the option on change. A
 * click on a deploy marker opens that deploy's page, on every chart; other clicks reach `onClick`.
 */
export function EChart({ option, height = 320, onClick, ariaLabel, testId }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const router = useRouter();
  const clickHandler = useRef<(event: EChartClick) => void>(() => {});
  clickHandler.current = (event: EChartClick) => {
    const href = deployMarkerHref(window.location.pathname, event);
    if (href) router.push(href);
    else onClick?.(event);
  };

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const instance = echarts.init(element, undefined, { renderer: "canvas" });
    chart.current = instance;
    instance.on("click", (event) => clickHandler.current(event as unknown as EChartClick));
    // `data-settled` says the chart has finished drawing its last option (animations done):
    // what a click at a position must wait for.
    instance.on("finished", () => element.setAttribute("data-settled", "true"));
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    ref.current?.setAttribute("data-settled", "false");
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={ref} role="img" aria-label={ariaLabel} data-testid={testId} style={{ height }} className="w-full" />;
}
