import { getHealth } from "@/lib/health";

export const dynamic = "force-dynamic";

/** GET /api/health: 200 when the database answers and migrations are current, else 503. */
export async function GET() {
  const health = await getHealth();
  return Response.json(health, { status: health.status === "ok" ? 200 : 503 });
}
