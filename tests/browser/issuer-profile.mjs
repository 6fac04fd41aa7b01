// issuer-profile.mjs - an independent check of aicert's issuer profile
// (GET /api/v1/issuer), run by tests/test_issuer.c:
//
//   node issuer-profile.mjs PROFILE.json CONFORMANCE_DIR
//
// 1. ajv validates it against the Open Badges 3.0 Profile JSON schema
//    (CONFORMANCE_DIR/ob3/profile.schema.json, JSON Schema 2019-09);
// 2. jsonld expands it in safe mode with the two contexts it names read
//    from local copies (@digitalbazaar/credentials-context and
//    CONFORMANCE_DIR/ob3/context-3.0.3.json): a term no context defines
//    fails, so the key set reads as the W3C security vocabulary says;
// 3. each verification method's publicKeyMultibase is 'z' and the
//    base58btc of 0xed 0x01 and 32 bytes, imports as an Ed25519 Multikey
//    (@digitalbazaar/ed25519-multikey), and is listed in assertionMethod.
// Prints "ok" and exits 0, or prints what failed and exits 1.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import jsonld from 'jsonld';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { decode as base58 } from 'base58-universal';

const require = createRequire(import.meta.url);
const [profilePath, conf] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(profilePath, 'utf8'));
const fail = (msg) => { console.log(msg); process.exit(1); };

const schema = JSON.parse(readFileSync(join(conf, 'ob3', 'profile.schema.json'), 'utf8'));
const ajv = new Ajv2019({ strict: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(schema);
if (!validate(profile))
  fail('schema: ' + ajv.errorsText(validate.errors));

const contexts = {
  'https://www.w3.org/ns/credentials/v2':
    require('@digitalbazaar/credentials-context').contexts.get(
      'https://www.w3.org/ns/credentials/v2'),
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json':
    JSON.parse(readFileSync(join(conf, 'ob3', 'context-3.0.3.json'), 'utf8')),
};
const documentLoader = async (url) => {
  if (!contexts[url]) throw new Error('no local copy of ' + url);
  return { contextUrl: null, documentUrl: url, document: contexts[url] };
};
let expanded;
try {
  expanded = await jsonld.expand(profile, { documentLoader, safe: true });
} catch (e) {
  fail('json-ld: ' + (e.details ? JSON.stringify(e.details).slice(0, 300) : e.message));
}
const SEC = 'https://w3id.org/security#';
const node = expanded[0];
const vms = node[SEC + 'verificationMethod'] || [];
const asserts = (node[SEC + 'assertionMethod'] || []).map((x) => x['@id']);
if (vms.length === 0) fail('json-ld: no verificationMethod');
const names = (node['https://schema.org/name'] || []).map((x) => (x['@language'] || '').toLowerCase());
if (!names.includes('zh-tw')) fail('json-ld: no name in zh-TW');
for (const vm of profile.verificationMethod) {
  if (!asserts.includes(vm.id)) fail('assertionMethod lacks ' + vm.id);
  try {
    const key = await Ed25519Multikey.from({ ...vm,
      '@context': 'https://w3id.org/security/multikey/v1' });
    const raw = base58(vm.publicKeyMultibase.slice(1));
    if (vm.publicKeyMultibase[0] !== 'z' || raw.length !== 34 || raw[0] !== 0xed ||
        raw[1] !== 0x01)
      fail('multikey ' + vm.id + ': not z + base58btc(0xed 0x01 + 32 bytes)');
    const verifier = key.verifier();
    if (verifier.algorithm !== 'Ed25519') fail('multikey ' + vm.id + ': not Ed25519');
  } catch (e) {
    fail('multikey ' + vm.id + ': ' + e.message);
  }
}
console.log('ok');
