// Preloaded by `npm start` and `npm run dev` (NODE_OPTIONS=--require): Next's server is made by
// http.createServer with Node's defaults, and Next exposes no setting for what this adds.
//
// 1. Timeouts. Node's defaults let a client that sends headers and then nothing hold a
//    connection for up to five minutes. These bound it: the headers within 10 s, the whole
//    request within 15 s (a 1 MB batch at 70 KB/s), checked every second.
// 2. The peer's address. Route handlers see headers only, and any client can write
//    X-Forwarded-For; the sign-in throttle needs the address the connection really comes from.
//    It is put in `x-loupe-peer-address`, replacing whatever a client sent under that name.
const http = require("node:http");

const PEER_HEADER = "x-loupe-peer-address";

/** Runs before any other "request" listener, however Next attaches its own. */
function markPeerAddress(server) {
  server.prependListener("request", (request) => {
    delete request.headers[PEER_HEADER];
    const address = request.socket?.remoteAddress;
    if (address) request.headers[PEER_HEADER] = address;
  });
  return server;
}

const createServer = http.createServer;
http.createServer = function createLoupeServer(options, listener) {
  const bounded = { headersTimeout: 10_000, requestTimeout: 15_000, connectionsCheckingInterval: 1_000 };
  if (typeof options === "function" || options === undefined) {
    return markPeerAddress(createServer.call(this, bounded, options));
  }
  return markPeerAddress(createServer.call(this, { ...bounded, ...options }, listener));
};
