// harness.mjs - what the browser tests share: Debian's Chromium through
// playwright-core (exit 77 when either is missing), the checks and their
// count, and one aicert server from $AICERT_BIN on a fresh database in a
// scratch folder, stopped and removed when the process exits.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const BIN = path.resolve(process.env.AICERT_BIN || './build/aicert');
export const SHOTS = '/tmp/aicert-browser';

export function skip(why) {
	console.log(`browser test skipped: ${why}`);
	process.exit(77);
}

/* playwright-core's chromium once Chromium, playwright-core and the
 * aicert binary are all there; otherwise the test is skipped (77). */
export async function chromiumOrSkip() {
	let chromium;

	if (!fs.existsSync(CHROMIUM))
		skip(`${CHROMIUM} is missing (apt-get install -y chromium)`);
	try {
		({ chromium } = await import('playwright-core'));
	} catch (e) {
		skip('playwright-core is missing (cd tests/browser && npm ci)');
	}
	if (!fs.existsSync(BIN))
		skip(`${BIN} is missing (make aicert)`);
	return chromium;
}

/* ---- checks ---- */

let passed = 0, failed = 0;

export function check(name, ok, detail) {
	if (ok) {
		passed++;
		console.log(`ok   ${name}`);
	} else {
		failed++;
		console.log(`FAIL ${name}${detail !== undefined ? ': ' + detail : ''}`);
	}
	return ok;
}

/* Waits up to timeout ms for fn(arg) in the page to be truthy; a check
 * either way. */
export async function checkWait(page, name, fn, arg, timeout) {
	try {
		await page.waitForFunction(fn, arg, { timeout, polling: 50 });
		return check(name, true);
	} catch (e) {
		return check(name, false, e.message.split('\n')[0]);
	}
}

/* The checks so far: { passed, failed }. */
export function counts() {
	return { passed, failed };
}

/* ---- the server ---- */

let tmp = null, db = null, server = null;

function cleanup() {
	if (server) {
		server.kill('SIGTERM');
		server = null;
	}
	if (tmp)
		fs.rmSync(tmp, { recursive: true, force: true });
}

/* Makes the scratch folder (named from prefix) with the database's path in
 * it, removed at exit with the server; returns the folder. */
export function scratch(prefix) {
	tmp = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
	db = path.join(tmp, 'a.db');
	process.on('exit', cleanup);
	for (const sig of ['SIGINT', 'SIGTERM'])
		process.on(sig, () => { cleanup(); process.exit(1); });
	return tmp;
}

/* Runs `aicert ARGS` on the scratch database with input on stdin and env
 * added; its output, or a throw naming the exit status. */
export function cli(args, input, env) {
	const r = spawnSync(BIN, ['--db', db, '--share', ROOT, ...args], {
		cwd: ROOT, input, encoding: 'utf8', timeout: 30_000,
		env: { ...process.env, ...env }
	});
	if (r.status !== 0)
		throw new Error(`aicert ${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
	return r.stdout;
}

/* Serves the scratch database on a free port (extra: more serve
 * options); resolves to its base URL. Without a --consent-gate option
 * the gate is off: the tests' accounts have accepted no personal-data
 * notice. */
export function startServer(extra = []) {
	if (!extra.includes('--consent-gate'))
		extra = ['--consent-gate', 'off', ...extra];
	return new Promise((resolve, reject) => {
		const p = spawn(BIN, ['--db', db, '--share', ROOT, 'serve', '--listen', '127.0.0.1:0',
			'--access-log', 'off', ...extra], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '', err = '';
		const timer = setTimeout(() => reject(new Error(`server did not start: ${out}${err}`)), 10_000);

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
		p.on('exit', (code) => {
			clearTimeout(timer);
			server = null;
			reject(new Error(`server exited (${code}): ${err}`));
		});
	});
}

/* Stops the server and removes the scratch folder now. */
export function stop() {
	cleanup();
	tmp = null;
}

/* The page's words, from the message catalogs. */
export function catalog(lang) {
	return JSON.parse(fs.readFileSync(path.join(ROOT, 'templates', 'i18n',
		`${lang === 'zh-TW' ? 'zh-TW' : 'en'}.json`), 'utf8'));
}

/* A JSON API call on the server at base as token (a Bearer token, or
 * null): {status, json} (json null when the answer is not JSON). A body
 * is sent as JSON, or as it is when ctype names another type. */
export async function apiFetch(base, token, method, p, body, ctype) {
	const r = await fetch(base + p, {
		method,
		headers: { 'Content-Type': ctype || 'application/json', 'Accept-Language': 'en',
			...(token ? { Authorization: `Bearer ${token}` } : {}) },
		body: body === undefined ? undefined : ctype ? body : JSON.stringify(body)
	});
	let j = null;
	try { j = await r.json(); } catch (e) { /* not JSON */ }
	return { status: r.status, json: j };
}
