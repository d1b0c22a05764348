// Next.js calls register() once per server process before it serves requests.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { checkSettings, prepareServer } = await import("./lib/startup");
  try {
    checkSettings();
  } catch (error) {
    // A server that would fail every ingestion request should not start.
    console.error(`Loupe cannot start: ${(error as Error).message}`);
    process.exit(1);
  }
  await prepareServer();
}
