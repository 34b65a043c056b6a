
const url = process.argv[2];
const winston = require('winston');
const LokiTransport = require('winston-loki');
const pino = require('pino');
const done = (code) => setTimeout(() => process.exit(code), 3000);
const logger = winston.createLogger({ transports: [ new LokiTransport({ host: url, labels: { app: 'winston-client' },
  json: false, batching: false, onConnectionError: (e) => { console.error('winston', e); process.exit(3); } }) ] });
for (let i = 0; i < 5; ++i) logger.info('winston line ' + i);
const transport = pino.transport({ target: 'pino-loki', options: { host: url, labels: { app: 'pino-client' }, batching: false } });
const plog = pino(transport);
for (let i = 0; i < 5; ++i) plog.info('pino line ' + i);
done(0);
