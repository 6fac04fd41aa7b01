// trust.test.mjs - the verification page of a server given a registry's
// trust list, in real headless Chromium, as an employer scanning another
// issuer's certificate sees it:
//
//   desktop-en   1366 px: "Valid", the other issuer named in both
//                languages, a note that another organisation issued it
//                with a link to the same code on that organisation's page,
//                and that revocation is not known here.
//   phone-zh     360 px in Traditional Chinese: the same, the note on the
//                first screen, nothing wider than the screen.
//
// Two issuers' databases (Alpha serves, Beta only signs), a registry key
// and a list built with `aicert trust-list build` from their key sets; the
// Beta certificate's code is signed here with Node's own Ed25519, as
// docs/certificate-format.md section 2 specifies it. Same harness as
// exam.test.mjs; screenshots in /tmp/aicert-browser/. Exits 1 on any
// failure, 77 when a tool is missing.

import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { BIN, CHROMIUM, ROOT, SHOTS, catalog, check, chromiumOrSkip, counts,
	scratch } from './harness.mjs';

const chromium = await chromiumOrSkip();
const tmp = scratch('aicert-trust-');
const ENV = { ...process.env, AICERT_ADMIN_PASSWORD: 'admin-pass-123' };
let server = null, browser = null;

/* `aicert --db DB ARGS`: its standard output, or a throw. */
function aicert(dbName, args) {
	const r = spawnSync(BIN, ['--db', path.join(tmp, dbName), '--share', ROOT, ...args],
		{ cwd: ROOT, encoding: 'utf8', timeout: 30_000, env: ENV });
	if (r.status !== 0)
		throw new Error(`aicert ${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
	return r.stdout;
}

/* An issuer's key set as /.well-known/aicert-keys.json gives it. */
function keyset(dbName, en, zh) {
	const pem = aicert(dbName, ['key', 'show']).replace(/^#.*\n/, '');
	const file = path.join(tmp, `${dbName}-keys.json`);

	fs.writeFileSync(file, JSON.stringify({ issuer: { en, 'zh-TW': zh }, algorithm: 'Ed25519',
		keys: [{ public_key_pem: pem, status: 'current', created_at: 0, retired_at: null }] }));
	return file;
}

/* A certificate code signed with the secret key file keyFile. */
function code(keyFile, serial, holder, alt) {
	const key = crypto.createPrivateKey(fs.readFileSync(keyFile));
	const raw = crypto.createPublicKey(key).export({ format: 'der', type: 'spki' }).subarray(12);
	const kid = crypto.createHash('sha256').update(raw).digest().subarray(0, 8);
	const text = (s) => { const b = Buffer.from(s, 'utf8'); return Buffer.concat([Buffer.from([b.length]), b]); };
	const day = Math.floor(Date.now() / 86_400_000);
	const tail = Buffer.alloc(11);

	tail.writeUInt16BE(9125, 0);
	tail.writeUInt8(1, 2);
	tail.writeUInt32BE(day, 3);
	tail.writeUInt32BE(day + 1095, 7);
	const payload = Buffer.concat([Buffer.from([1]), kid, text(serial), text(holder), text(alt),
		text('ai-literacy-cert'), tail]);
	const sig = crypto.sign(null, Buffer.concat([Buffer.from('aicert-certificate-v1\0'), payload]), key);
	const all = Buffer.concat([payload, sig]);
	const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
	let bits = 0, value = 0, out = '';

	for (const byte of all) {
		value = (value << 8) | byte;
		bits += 8;
		while (bits >= 5) {
			out += A[(value >>> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0)
		out += A[(value << (5 - bits)) & 31];
	return out;
}

/* Serves db with the trust list; resolves to its base URL. */
function serve(dbName, list, reg) {
	return new Promise((resolve, reject) => {
		const p = spawn(BIN, ['--db', path.join(tmp, dbName), '--share', ROOT, 'serve',
			'--listen', '127.0.0.1:0', '--access-log', 'off', '--base-url',
			'https://cert.alpha.example.tw', '--trust-list', list, '--registry-key', reg,
			'--consent-gate', 'off'],
			{ cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: ENV });
		let out = '', err = '';
		const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 10_000);

		server = p;
		p.stdout.setEncoding('utf8');
		p.stderr.setEncoding('utf8');
		p.stdout.on('data', (s) => {
			out += s;
			const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
			if (m) {
				clearTimeout(timer);
				resolve(m[1]);
			}
		});
		p.stderr.on('data', (s) => { err += s; });
		p.on('exit', (c) => { clearTimeout(timer); server = null; reject(new Error(`exit ${c}: ${err}`)); });
	});
}

const RUNS = [
	{ name: 'desktop-en', lang: 'en', width: 1366, height: 900 },
	{ name: 'phone-zh', lang: 'zh-TW', width: 360, height: 740 },
];

const run = async () => {
	aicert('alpha.db', ['init', '--issuer-en', 'Alpha Academy', '--issuer-zh', '甲學院']);
	aicert('beta.db', ['init', '--issuer-en', 'Beta Institute', '--issuer-zh', '乙學院']);
	const regKey = path.join(tmp, 'registry.key'), reg = path.join(tmp, 'registry.pem');
	const list = path.join(tmp, 'list.json');

	fs.writeFileSync(reg, aicert('alpha.db', ['trust-list', 'keygen', regKey]));
	fs.writeFileSync(list, aicert('alpha.db', ['trust-list', 'build', '--registry-key', regKey,
		'--name', 'National AI Skills Registry',
		'--url', 'https://cert.alpha.example.tw', keyset('alpha.db', 'Alpha Academy', '甲學院'),
		'--url', 'https://cert.beta.example.tw', keyset('beta.db', 'Beta Institute', '乙學院')]));
	const beta = code(path.join(tmp, 'beta.key'), 'BETA-2026-0000042', '李小華', 'Lee Hsiao-Hua');
	const base = await serve('alpha.db', list, reg);

	fs.mkdirSync(SHOTS, { recursive: true });
	browser = await chromium.launch({ executablePath: CHROMIUM });
	const only = (process.env.BROWSER_RUNS || '').split(',').filter(Boolean);
	for (const r of RUNS.filter((x) => only.length === 0 || only.includes(x.name))) {
		const words = catalog(r.lang);
		const ctx = await browser.newContext({ viewport: { width: r.width, height: r.height },
			locale: r.lang, extraHTTPHeaders: { 'Accept-Language': r.lang } });
		const page = await ctx.newPage();

		await page.goto(`${base}/V/${beta}`);
		await page.screenshot({ path: `${SHOTS}/trust-${r.name}.png`, fullPage: true });
		const seen = await page.evaluate(() => {
			const note = document.querySelector('.other-issuer');
			const link = note && note.querySelector('a');
			const box = note && note.getBoundingClientRect();
			return {
				status: document.querySelector('.status-big')?.textContent.trim(),
				text: document.body.innerText,
				note: note ? note.innerText : '',
				href: link ? link.getAttribute('href') : '',
				noteBottom: box ? box.bottom : 1e9,
				wide: document.documentElement.scrollWidth,
			};
		});
		check(`${r.name}: says valid`, seen.status && seen.status.includes(words.verify_valid),
			seen.status);
		check(`${r.name}: names the other issuer in both languages`,
			seen.text.includes('Beta Institute') && seen.text.includes('乙學院'));
		check(`${r.name}: says another organisation issued it and revocation is not known here`,
			seen.note.includes(words.verify_other_issuer) &&
			seen.note.includes(words.verify_other_revocation), seen.note);
		check(`${r.name}: links the same code on the issuer's own page`,
			seen.href === `https://cert.beta.example.tw/v/${beta}`, seen.href);
		check(`${r.name}: names the trust list`, seen.text.includes('National AI Skills Registry'));
		check(`${r.name}: the note is on the first screen`, seen.noteBottom <= r.height,
			`bottom at ${seen.noteBottom}`);
		check(`${r.name}: nothing wider than the screen`, seen.wide <= r.width, `${seen.wide}`);
		await ctx.close();
	}
};

let rc = 0;
try {
	await run();
} catch (e) {
	check('the run completes', false, e.stack);
}
if (browser)
	await browser.close();
if (server)
	server.kill('SIGTERM');
const { passed, failed } = counts();
console.log(`trust browser test: ${passed} passed, ${failed} failed`);
if (failed > 0)
	rc = 1;
process.exit(rc);
