"use client";

import { useId } from "react";
import { useAnalyticsQuery } from "@/components/analytics/use-analytics-query";
import { type Filter, filterOps } from "@/lib/analytics/filters";
import { promotedColumns } from "@/lib/analytics/properties";
import type { PropertyValues } from "@/lib/analytics/property-values/get-property-values";

const OP_LABELS: Record<Filter["op"], string> = {
  eq: "is",
  neq: "is not",
  contains: "contains",
  not_contains: "does not contain",
  gt: ">",
  lt: "<",
  in: "is one of",
  is_set: "is set",
  is_not_set: "is not set",
};

/** Property names to pick from: the promoted columns; person.* and account.* are typed. */
const SUGGESTED = [...promotedColumns, "person.email", "person.plan", "account.plan", "account.name"];

/**
 * The one filter row of every analysis: a property (event property, promoted column, person.* or
 * account.*), an operator, a value with the property's most frequent values suggested.
 */
export function FilterRow({
  project,
  event,
  filter,
  range,
  onChange,
  onRemove,
}: {
  project: string;
  /** Suggest values of this event's properties. */
  event?: string;
  filter: Filter;
  range: { from: string; to: string };
  onChange: (filter: Filter) => void;
  onRemove: () => void;
}) {
  const id = useId();
  const suggestions = useAnalyticsQuery<PropertyValues>(project, {
    kind: "property_values",
    property: filter.property || "os",
    ...(event && !filter.property.startsWith("person.") && !filter.property.startsWith("account.") ? { event } : {}),
    ...range,
    limit: 20,
  } as { kind: string });
  const needsValue = filter.op !== "is_set" && filter.op !== "is_not_set";
  const valueText = Array.isArray(filter.value) ? filter.value.join(", ") : (filter.value ?? "").toString();
  const setValue = (text: string) => {
    const value =
      filter.op === "in"
        ? text
            .split(",")
            .map((v) => v.trim())
            .filter(Boolean)
        : filter.op === "gt" || filter.op === "lt"
          ? Number(text)
          : text;
    onChange({ ...filter, value });
  };
  return (
    <div className="flex flex-wrap items-center gap-1.5 text-xs" data-testid="filter-row">
      <span className="text-slate-400">where</span>
      <input
        aria-label="Property"
        list={`${id}-properties`}
        defaultValue={filter.property}
        onBlur={(e) => e.target.value !== filter.property && onChange({ ...filter, property: e.target.value.trim() })}
        placeholder="property"
        className="w-36 rounded border border-slate-200 px-1.5 py-0.5 font-mono"
      />
      <datalist id={`${id}-properties`}>
        {SUGGESTED.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      <select
        aria-label="Operator"
        value={filter.op}
        onChange={(e) => {
          const op = e.target.value as Filter["op"];
          const value =
            op === "is_set" || op === "is_not_set"
              ? undefined
              : op === "in"
                ? [valueText].filter(Boolean)
                : filter.value;
          onChange({ ...filter, op, value: Array.isArray(value) && op !== "in" ? value[0] : value });
        }}
        className="rounded border border-slate-200 px-1 py-0.5"
      >
        {filterOps.map((op) => (
          <option key={op} value={op}>
            {OP_LABELS[op]}
          </option>
        ))}
      </select>
      {needsValue && (
        <>
          <input
            aria-label="Value"
            list={`${id}-values`}
            defaultValue={valueText}
            onBlur={(e) => e.target.value !== valueText && setValue(e.target.value)}
            placeholder="value"
            className="w-32 rounded border border-slate-200 px-1.5 py-0.5 font-mono"
          />
          <datalist id={`${id}-values`}>
            {suggestions.data?.values.map((v) => (
              <option key={v.value} value={v.value}>
                {v.count}
              </option>
            ))}
          </datalist>
        </>
      )}
      <button type="button" onClick={onRemove} className="text-slate-400 hover:text-red-600" aria-label="Remove filter">
        ✕
      </button>
    </div>
  );
}
