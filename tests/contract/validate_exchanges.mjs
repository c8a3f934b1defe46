// The API contract check: every exchange the tests had with the API (recorded by
// tests/support/https_client.cpp into SAMVERKAN_API_CONTRACT_LOG) is checked against the
// OpenAPI document with a real JSON Schema validator (ajv, JSON Schema 2020-12 as OpenAPI 3.1
// uses it):
//   - the route and method are documented;
//   - the status is documented for the operation;
//   - the media type is documented for that status;
//   - a JSON body validates against its schema, where every object schema that lists
//     properties is closed (a member the document does not name is an error: the server
//     must not send what it does not document);
//   - a JSON request body the server accepted (2xx) validates against the request schema.
//
//   node validate_exchanges.mjs <openapi.json> <folder with exchanges-*.jsonl> [--report FILE]
//
// Prints a summary (exchanges, operations exercised, each failure with one example) and
// exits 1 when anything fails or nothing was recorded.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const tools = process.env.SAMVERKAN_NODE_TOOLS ?? path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../tools/node/node_modules');
const Ajv2020 = require(path.join(tools, 'ajv/dist/2020.js')).default;
const addFormats = require(path.join(tools, 'ajv-formats')).default;

const [documentFile, folder] = process.argv.slice(2);
const reportAt = process.argv.indexOf('--report');
const reportFile = reportAt > 0 ? process.argv[reportAt + 1] : undefined;
if (!documentFile || !folder) {
  console.error('usage: node validate_exchanges.mjs <openapi.json> <folder> [--report FILE]');
  process.exit(2);
}

const document = JSON.parse(fs.readFileSync(documentFile, 'utf8'));
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
addFormats(ajv);

// Inlines #/components/... references, so each schema compiles on its own.
function resolve(schema) {
  if (Array.isArray(schema)) return schema.map(resolve);
  if (schema === null || typeof schema !== 'object') return schema;
  if (typeof schema.$ref === 'string' && schema.$ref.startsWith('#/')) {
    let target = document;
    for (const part of schema.$ref.slice(2).split('/')) target = target[part];
    return resolve(target);
  }
  const out = {};
  for (const [key, value] of Object.entries(schema)) out[key] = resolve(value);
  return out;
}

// Closes every object schema that lists properties and says nothing about others.
function closed(schema) {
  if (Array.isArray(schema)) return schema.map(closed);
  if (schema === null || typeof schema !== 'object') return schema;
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    out[key] = key === 'examples' || key === 'const' || key === 'enum' ? value : closed(value);
  }
  if (out.properties && !('additionalProperties' in out) && !('unevaluatedProperties' in out)) {
    out.unevaluatedProperties = false;
  }
  return out;
}

const validators = new Map();
function validator(key, schema, strict) {
  if (!validators.has(key)) validators.set(key, ajv.compile(strict ? closed(resolve(schema)) : resolve(schema)));
  return validators.get(key);
}

// The operations, most literal segments first so that /x/{id}/y wins over /x/{a}/{b}.
const operations = [];
for (const [template, item] of Object.entries(document.paths)) {
  const pattern = new RegExp('^' + template.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+') + '$');
  const literals = template.split('/').filter((s) => s && !s.startsWith('{')).length;
  for (const [method, operation] of Object.entries(item)) {
    operations.push({ method: method.toUpperCase(), template, pattern, literals, operation });
  }
}
operations.sort((a, b) => b.literals - a.literals);

const mediaType = (contentType) => (contentType || '').split(';')[0].trim().toLowerCase();

const failures = new Map(); // message → { count, example }
const fail = (message, exchange) => {
  const entry = failures.get(message) ?? { count: 0, example: exchange };
  entry.count += 1;
  failures.set(message, entry);
};
const exercised = new Map(); // "METHOD template" → Set of statuses
let total = 0;
let checkedBodies = 0;
let unrouted = 0;

const files = fs.existsSync(folder) ? fs.readdirSync(folder).filter((f) => /^exchanges-.*\.jsonl$/.test(f)) : [];
for (const file of files) {
  for (const line of fs.readFileSync(path.join(folder, file), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const exchange = JSON.parse(line);
    total += 1;
    const route = exchange.path.split('?')[0];
    const match = operations.find((o) => o.method === exchange.method && o.pattern.test(route));
    if (!match) {
      // Probes of paths or methods that do not exist: the router's own 404/405 answers.
      if (exchange.status === 404 || exchange.status === 405) {
        unrouted += 1;
        continue;
      }
      fail(`${exchange.method} ${route}: not in the document (status ${exchange.status})`, exchange);
      continue;
    }
    const name = `${match.method} ${match.template}`;
    if (!exercised.has(name)) exercised.set(name, new Set());
    exercised.get(name).add(exchange.status);

    const response = match.operation.responses[String(exchange.status)];
    if (!response) {
      fail(`${name}: status ${exchange.status} is not documented`, exchange);
      continue;
    }
    const type = mediaType(exchange.contentType);
    const content = response.content ?? {};
    // A documented range (image/*, */*) covers the types in it.
    const documentedType = [type, type.replace(/\/.*$/, '/*'), '*/*'].find((t) => content[t]);
    if (Object.keys(content).length === 0) {
      if (exchange.body) fail(`${name} ${exchange.status}: a body where the document has none`, exchange);
    } else if (!documentedType) {
      fail(`${name} ${exchange.status}: media type ${type || '(none)'} is not documented`, exchange);
    } else if (exchange.body !== undefined && /json$/.test(type)) {
      let body;
      try {
        body = JSON.parse(exchange.body);
      } catch {
        fail(`${name} ${exchange.status}: the body is not JSON`, exchange);
        continue;
      }
      const validate = validator(`${name} ${exchange.status} ${type}`, content[documentedType].schema ?? {}, true);
      checkedBodies += 1;
      if (!validate(body)) {
        for (const error of validate.errors) {
          const where = error.instancePath || '(the body)';
          const what =
            error.keyword === 'unevaluatedProperties'
              ? `undocumented member ${error.params.unevaluatedProperty}`
              : error.message;
          fail(`${name} ${exchange.status}: ${where}: ${what}`, exchange);
        }
      }
    }

    const requestSchema = match.operation.requestBody?.content?.['application/json']?.schema;
    if (exchange.requestBody !== undefined && exchange.status >= 200 && exchange.status < 300 && requestSchema) {
      let body;
      try {
        body = JSON.parse(exchange.requestBody);
      } catch {
        continue; // the server accepted a body that is not JSON? the schema has nothing to say
      }
      const validate = validator(`${name} request`, requestSchema, false);
      if (!validate(body)) {
        for (const error of validate.errors) {
          fail(`${name}: an accepted request fails the request schema: ${error.instancePath || '(the body)'}: ` +
                 error.message, exchange);
        }
      }
    }
  }
}

const lines = [];
const all = operations.map((o) => `${o.method} ${o.template}`).sort();
lines.push(`exchanges: ${total} recorded in ${files.length} files, ${checkedBodies} JSON bodies validated, ` +
           `${unrouted} answers to unrouted probes (404/405) skipped`);
lines.push(`operations exercised: ${exercised.size} of ${all.length}`);
const untouched = all.filter((name) => !exercised.has(name));
if (untouched.length > 0) lines.push('not exercised by these tests:', ...untouched.map((n) => '  ' + n));
if (failures.size > 0) {
  lines.push(`FAILED: ${failures.size} distinct contract violations`);
  for (const [message, { count, example }] of failures) {
    const body = (example.body ?? '').slice(0, 300);
    lines.push(`  ${message}  (${count}×; e.g. ${example.method} ${example.path} → ${example.status} ${body})`);
  }
} else if (total > 0) {
  lines.push('every exchange matches the document');
}
const report = lines.join('\n');
console.log(report);
if (reportFile) fs.writeFileSync(reportFile, report + '\n');
process.exit(failures.size > 0 || total === 0 ? 1 : 0);
