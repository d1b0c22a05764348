// Preloaded by `npm start` (NODE_OPTIONS=--require): Next's server is made by http.createServer
// with Node's defaults, which let a client that sends headers and then nothing hold a connection
// for up to five minutes. These bound it: the headers within 10 s, the whole request within 15 s
// (a 1 MB batch at 70 KB/s), checked every second. Next exposes no setting for them.
const http = require("node:http");

const createServer = http.createServer;
http.createServer = function createServerWithTimeouts(options, listener) {
  const bounded = { headersTimeout: 10_000, requestTimeout: 15_000, connectionsCheckingInterval: 1_000 };
  if (typeof options === "function" || options === undefined) return createServer.call(this, bounded, options);
  return createServer.call(this, { ...bounded, ...options }, listener);
};
