/** Properties or traits as name → value (JSON for what is not text), or `empty` when there are none. */
export function PropertiesList({
  values,
  empty,
  testId,
}: {
  values: Record<string, unknown>;
  empty: string;
  testId?: string;
}) {
  if (Object.keys(values).length === 0) return <p className="text-sm text-slate-500">{empty}</p>;
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1 text-xs" data-testid={testId}>
      {Object.entries(values).map(([name, value]) => (
        <div key={name} className="contents">
          <dt className="font-mono text-slate-500">{name}</dt>
          <dd className="break-all font-mono">{typeof value === "string" ? value : JSON.stringify(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
