// A department's system written in Node.js, calling a running suite as deployed: TLS with the
// suite's CA, a bearer token for reads, a client certificate for writes. It loads the protos
// from protos/ at run time (@grpc/proto-loader), makes each call of the plan below and prints
// one JSON line per step with the status code and what came back. It judges nothing itself:
// tests/python/node_client_test.py, which starts the suite, holds the expectations and
// compares the figures with what Python's own client reads.
//
//   node client_check.js CONFIG.json   (written by node_client_test.py; its keys are below)
'use strict';

const fs = require('fs');
const path = require('path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
// Every call of the check ends within this, or counts as its DEADLINE_EXCEEDED.
const DEADLINE_MS = 10000;

const definition = protoLoader.loadSync(
  ['scorecard.proto', 'social.proto'].map((f) => path.join(config.protos, 'devplan', 'v1', f)),
  // Field names as the protos spell them; int64 as decimal strings: JavaScript numbers lose
  // integers past 2^53 (money is int64 yuan).
  { keepCase: true, includeDirs: [config.protos], longs: String, enums: String, defaults: true, oneofs: true });
const v1 = grpc.loadPackageDefinition(definition).devplan.v1;

const ca = fs.readFileSync(config.ca);
const bearer = (token) =>
  grpc.credentials.createFromMetadataGenerator((_params, callback) => {
    const metadata = new grpc.Metadata();
    metadata.set('authorization', 'Bearer ' + token);
    callback(null, metadata);
  });
const tls = () => grpc.credentials.createSsl(ca);
const credentials = {
  reader: grpc.credentials.combineChannelCredentials(tls(), bearer(config.reader_token)),
  writer: grpc.credentials.createSsl(ca, fs.readFileSync(config.writer_key), fs.readFileSync(config.writer_cert)),
  expired: grpc.credentials.combineChannelCredentials(tls(), bearer(config.expired_token)),
  anonymous: tls(),
  plaintext: grpc.credentials.createInsecure(),
};

function call(client, method, request) {
  return new Promise((resolve) => {
    client[method](request, new grpc.Metadata(), { deadline: Date.now() + DEADLINE_MS }, (error, reply) => {
      client.close();
      resolve(error ? { code: grpc.status[error.code], details: error.details } : { code: 'OK', reply });
    });
  });
}

const scorecards = (who) => new v1.ScorecardService(config.aggregator, credentials[who]);
const social = (who) => new v1.SocialService(config.social, credentials[who]);
const [year, month, day] = config.as_of.split('-').map(Number);
const cardRequest = { district: config.district, as_of: { year, month, day } };
const figure = (reportedBy) => ({
  district: config.district,
  indicator: 'SOCIAL_INDICATOR_NEW_URBAN_JOBS',
  month: { year, month, day: 1 },
  value: String(config.new_jobs),
  reported_by: reportedBy,
  note: 'Node.js check (SAMPLE)',
});

function cardSummary(card) {
  return {
    district: card.district,
    // A proto3 `optional` field not set is absent from the object; null says so in JSON.
    overall_score: card.overall_score ?? null,
    indicators: card.indicators.map((i) => ({
      id: i.id, actual: i.actual ?? null, score: i.score ?? null, status: i.status,
    })),
  };
}

function figureSummary(f) {
  return { name: f.name, value: f.value, reported_by: f.reported_by, revision: f.revision };
}

async function main() {
  const steps = [
    ['card', () => call(scorecards('reader'), 'GetScorecard', cardRequest), cardSummary],
    ['write', () => call(social('writer'), 'ReportMonthlyFigure', figure('')), figureSummary],
    // The same figure again: answered as the first was, nothing written twice (its natural
    // key is district, indicator and month).
    ['write_again', () => call(social('writer'), 'ReportMonthlyFigure', figure('')), figureSummary],
    ['spoofed_reported_by', () => call(social('writer'), 'ReportMonthlyFigure', figure(config.other_department))],
    ['reader_writes', () => call(social('reader'), 'ReportMonthlyFigure', figure(''))],
    ['no_credentials', () => call(scorecards('anonymous'), 'GetScorecard', cardRequest)],
    ['expired_token', () => call(scorecards('expired'), 'GetScorecard', cardRequest)],
    ['plaintext_to_tls_port', () => call(scorecards('plaintext'), 'GetScorecard', cardRequest)],
  ];
  for (const [step, run, summarize] of steps) {
    const outcome = await run();
    const line = { step, code: outcome.code };
    if (outcome.details) line.details = outcome.details;
    if (outcome.reply && summarize) line.reply = summarize(outcome.reply);
    process.stdout.write(JSON.stringify(line) + '\n');
  }
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error) + '\n');
  process.exit(1);
});
