// Next.js calls register() once per server process before it serves requests. The start-up is
// Node-only: inside this condition, the Edge bundle leaves it out (Next's documented pattern).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startServer } = await import("./lib/startup");
    await startServer();
  }
}
