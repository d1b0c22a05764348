import { corsHeaders, handleIngest } from "@/lib/ingest/handle-ingest";

type Context = { params: Promise<{ call: string }> };

/** Segment-compatible ingestion: /v1/batch, /v1/track, /v1/identify, … (docs/api.md#ingestion-segment-compatible). */
export async function POST(request: Request, { params }: Context) {
  return handleIngest((await params).call, request);
}

export function OPTIONS() {
  return new Response(null, { status: 204, headers: corsHeaders });
}
