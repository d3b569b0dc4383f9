/*
 * autocannon through many Host headers: one request after another goes to the next host of the
 * list (round robin across all connections), so a load reaches every tenant site, not one warm
 * entry. Run by http-load.ts in a process of its own; prints autocannon's JSON result.
 *
 *   node autocannon-hosts.js '{"url": "...", "hosts": ["a.localhost", ...], "connections": 50, "seconds": 5}'
 */
const autocannon = require('autocannon');

const options = JSON.parse(process.argv[2]);
const url = new URL(options.url);
let next = 0;

autocannon(
  {
    url: url.origin,
    connections: options.connections,
    duration: options.seconds,
    requests: [
      {
        method: 'GET',
        path: url.pathname + url.search,
        setupRequest: (request) => ({
          ...request,
          headers: { ...request.headers, host: options.hosts[next++ % options.hosts.length] },
        }),
      },
    ],
  },
  (error, result) => {
    if (error) {
      console.error(error);
      process.exit(1);
    }
    process.stdout.write(JSON.stringify(result));
  },
);
