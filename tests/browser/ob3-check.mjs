// ob3-check.mjs - checks aicert's Open Badges 3.0 credentials with
// independent implementations: the OB3 JSON schema (ajv, draft 2019-09),
// the canonical N-Quads (jsonld.js RDFC-1.0) against aicert's own, the
// eddsa-rdfc-2022 proof (@digitalbazaar/vc with the Data Integrity suite)
// and the revocation bit (@digitalbazaar/vc-bitstring-status-list), and a
// tampered copy that must fail. Nothing is fetched from the network: the
// contexts come from npm and ../shared, the issuer's keys from the files.
//
//   node ob3-check.mjs DIR CONFORMANCE_DIR
//
// DIR holds what the C test (tests/test_ob3.c) wrote: credential.json,
// canon.nq (aicert's canonical form of it, without the proof),
// tampered.json, status-before.json and status-after.json (the status
// list before and after the certificate was revoked), keys.json (the key
// set of /.well-known/aicert-keys.json). Prints one line per check;
// exits 0 when all hold, 1 otherwise.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import jsonld from 'jsonld';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';
import {contexts as vcContexts} from '@digitalbazaar/credentials-context';
import securityContext from '@digitalbazaar/security-context';
import * as base58 from 'base58-universal';

const [dir, conf] = process.argv.slice(2);
const read = f => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
const cred = read('credential.json');
const tampered = read('tampered.json');
const keys = read('keys.json');
let failed = 0;
const check = (ok, what) => {
  console.log(`${ok ? 'ok' : 'FAIL'}: ${what}`);
  if(!ok) failed++;
};

// The issuer's keys as Multikeys, under the issuer's id, the way its
// profile (GET /api/v1/issuer) lists them.
const issuer = typeof cred.issuer === 'object' ? cred.issuer.id : cred.issuer;
const methods = keys.keys.map(k => {
  const jwk = crypto.createPublicKey(k.public_key_pem).export({format: 'jwk'});
  const raw = Buffer.from(jwk.x, 'base64url');
  return {
    '@context': 'https://w3id.org/security/multikey/v1',
    id: `${issuer}#key-${k.id}`,
    type: 'Multikey',
    controller: issuer,
    publicKeyMultibase: 'z' + base58.encode(Buffer.concat([Buffer.from([0xed, 0x01]), raw]))
  };
});
const controller = {
  '@context': securityContext.SECURITY_CONTEXT_V2_URL,
  id: issuer,
  assertionMethod: methods.map(m => m.id)
};

function loader(statusList) {
  const docs = new Map([...vcContexts]);
  for(const [url, ctx] of securityContext.contexts) docs.set(url, ctx);
  docs.set('https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    JSON.parse(fs.readFileSync(path.join(conf, 'ob3/context-3.0.3.json'), 'utf8')));
  docs.set(issuer, controller);
  for(const m of methods) docs.set(m.id, m);
  if(statusList) docs.set(statusList.id, statusList);
  return async url => {
    if(docs.has(url)) return {contextUrl: null, documentUrl: url, document: docs.get(url)};
    throw new Error(`not served offline: ${url}`);
  };
}

// 1. the OB3 JSON schema
{
  const ajv = new Ajv2019({allErrors: true, strict: false});
  addFormats(ajv);
  const schema = JSON.parse(fs.readFileSync(
    path.join(conf, 'ob3/achievementcredential.schema.json'), 'utf8'));
  const validate = ajv.compile(schema);
  const ok = validate(cred);
  check(ok, 'the credential validates against the OB3 AchievementCredential schema' +
    (ok ? '' : ': ' + ajv.errorsText(validate.errors)));
}

// 2. the canonical form, byte for byte
{
  const doc = {...cred};
  delete doc.proof;
  const js = await jsonld.canonize(doc, {algorithm: 'RDFC-1.0',
    format: 'application/n-quads', documentLoader: loader(null), safe: true});
  const c = fs.readFileSync(path.join(dir, 'canon.nq'), 'utf8');
  check(js === c, 'jsonld.js canonicalizes it to the same N-Quads as aicert' +
    (js === c ? '' : `\n--- jsonld.js\n${js}--- aicert\n${c}`));
}

// 2b. awkward copies (quotes, controls, characters beyond U+FFFF, one
// name, no expiry, more results): aicert's canonical form of each
for(const f of fs.readdirSync(dir).filter(f => /^variant-\d+\.json$/.test(f)).sort()) {
  const doc = read(f);
  delete doc.proof;
  const js = await jsonld.canonize(doc, {algorithm: 'RDFC-1.0',
    format: 'application/n-quads', documentLoader: loader(null), safe: true});
  const c = fs.readFileSync(path.join(dir, f.replace('.json', '.nq')), 'utf8');
  check(js === c, `${f}: the same N-Quads as jsonld.js` +
    (js === c ? '' : `\n--- jsonld.js\n${js}--- aicert\n${c}`));
}

const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});
async function verify(credential, statusList) {
  return vc.verifyCredential({
    credential, suite, documentLoader: loader(statusList),
    checkStatus: statusList ? checkStatus : undefined
  });
}
const why = r => r.verified ? '' : ': ' + String(r.error?.errors?.[0] ?? r.error ??
  r.results?.[0]?.error);

// 3. the proof, and the status before and after the revocation
{
  const r = await verify(cred, read('status-before.json'));
  check(r.verified === true && r.statusResult?.verified === true,
    'its eddsa-rdfc-2022 proof and status verify (@digitalbazaar/vc)' + why(r));
  const s = await checkStatus({credential: cred, documentLoader: loader(read('status-before.json')),
    suite});
  check(s.verified === true && s.results?.[0]?.status === false,
    'before the revocation its bit in the status list is clear' + (s.error ? ": " + s.error : ""));
  const s2 = await checkStatus({credential: cred, documentLoader: loader(read('status-after.json')),
    suite});
  check(s2.verified === true && s2.results?.[0]?.status === true,
    'after the revocation its bit in the signed status list is set' + (s2.error ? ': ' + s2.error : ''));
}

// 4. a tampered copy
{
  const r = await verify(tampered, null);
  check(r.verified === false, 'a tampered copy fails verification');
}

process.exit(failed ? 1 : 0);
