'use strict';
// The image's HEALTHCHECK: is the api process answering? (GET /health/live). Node's http, because the
// slim base image has no curl or wget. Liveness only: dependency outages must not flag the container.
const http = require('node:http');

const fail = () => process.exit(1);
http
  .get({ host: '127.0.0.1', port: Number(process.env.PORT) || 3000, path: '/health/live', timeout: 3000 }, (response) => {
    response.resume();
    process.exit(response.statusCode === 200 ? 0 : 1);
  })
  .on('timeout', fail)
  .on('error', fail);
