import "server-only";
import { z } from "zod";
import type { Db } from "@/db/connect";
import { type PiiAccess, refusePiiProbes, showPii } from "@/lib/persons/pii";
import type { Project } from "@/lib/projects/projects";
import { getAnomalies } from "./anomalies/get-anomalies";
import { anomaliesParamsSchema } from "./anomalies/params";
import { getEventCatalog } from "./catalog/get-event-catalog";
import { catalogParamsSchema } from "./catalog/params";
import { getDataQuality } from "./data-quality/get-data-quality";
import { dataQualityParamsSchema } from "./data-quality/params";
import { getDeployImpact } from "./deploy-impact/get-deploy-impact";
import { getDeployImpactPersons } from "./deploy-impact/get-deploy-impact-persons";
import { getDeploys } from "./deploy-impact/get-deploys";
import { deployImpactParamsSchema, deployImpactPersonsParamsSchema, deploysParamsSchema } from "./deploy-impact/params";
import { getFunnel } from "./funnel/get-funnel";
import { getFunnelPersons } from "./funnel/get-funnel-persons";
import { funnelParamsSchema, funnelPersonsParamsSchema } from "./funnel/params";
import { getPropertyValues } from "./property-values/get-property-values";
import { propertyValuesParamsSchema } from "./property-values/params";
import { getRetention } from "./retention/get-retention";
import { getRetentionPersons } from "./retention/get-retention-persons";
import { retentionParamsSchema, retentionPersonsParamsSchema } from "./retention/params";
import { getTopEvents } from "./top-events/get-top-events";
import { topEventsParamsSchema } from "./top-events/params";
import { getTrend } from "./trend/get-trend";
import { getTrendPersons } from "./trend/get-trend-persons";
import { trendParamsSchema, trendPersonsParamsSchema } from "./trend/params";

/** Every body POST /api/v1/projects/{project}/query accepts, told apart by `kind`. */
export const queryParamsSchema = z.discriminatedUnion("kind", [
  trendParamsSchema,
  trendPersonsParamsSchema,
  topEventsParamsSchema,
  catalogParamsSchema,
  funnelParamsSchema,
  funnelPersonsParamsSchema,
  propertyValuesParamsSchema,
  retentionParamsSchema,
  retentionPersonsParamsSchema,
  anomaliesParamsSchema,
  dataQualityParamsSchema,
  deployImpactParamsSchema,
  deployImpactPersonsParamsSchema,
  deploysParamsSchema,
]);
export type QueryParams = z.infer<typeof queryParamsSchema>;

/**
 * Runs one analysis for a caller with `pii` access. Person lists mask personal data themselves;
 * an aggregate's answer is masked as a whole for a caller without PII access, since a breakdown
 * value or a sample can be an email too (a masked value cannot be drilled into: docs/access.md).
 */
export async function runQuery(db: Db, project: Project, params: QueryParams, pii: PiiAccess) {
  refusePiiProbes(params, pii);
  const result = await answer(db, project, params, pii);
  return PERSON_KINDS.has(params.kind) ? result : showPii(result, pii);
}

const PERSON_KINDS = new Set<QueryParams["kind"]>([
  "trend_persons",
  "funnel_persons",
  "retention_persons",
  "deploy_impact_persons",
  "property_values",
]);

function answer(db: Db, project: Project, params: QueryParams, pii: PiiAccess) {
  switch (params.kind) {
    case "trend":
      return getTrend(db, project, params);
    case "trend_persons":
      return getTrendPersons(db, project, params, pii);
    case "top_events":
      return getTopEvents(db, project, params);
    case "event_catalog":
      return getEventCatalog(db, project, params);
    case "funnel":
      return getFunnel(db, project, params);
    case "funnel_persons":
      return getFunnelPersons(db, project, params, pii);
    case "property_values":
      return getPropertyValues(db, project, params, pii);
    case "retention":
      return getRetention(db, project, params);
    case "retention_persons":
      return getRetentionPersons(db, project, params, pii);
    case "anomalies":
      return getAnomalies(db, project, params);
    case "deploy_impact":
      return getDeployImpact(db, project, params);
    case "deploy_impact_persons":
      return getDeployImpactPersons(db, project, params, pii);
    case "deploys":
      return getDeploys(db, project, params);
    case "data_quality":
      return getDataQuality(db, project, params);
  }
}
