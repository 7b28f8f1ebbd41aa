const fs = require('node:fs');

module.exports = async () => {
  const services = globalThis.__TEST_SERVICES__;
  if (!services) return;
  await services.redis.stop();
  await services.postgres.stop();
  fs.rmSync(services.dir, { recursive: true, force: true });
};
