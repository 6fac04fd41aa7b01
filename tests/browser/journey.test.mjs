// journey.test.mjs - issue 17's whole journey for one person, in real
// headless Chromium, with the consent gate on and a real SMTP server
// (python3-aiosmtpd and tests/smtp_sink.py) on the loopback:
//
//   zh-TW, 360 px   registers (notice box ticked, e-mail given, the name
//                   in both scripts), passes an exam (through the API, as
//                   erase.test.mjs does) so they hold a certificate, signs
//                   out, "forgets" the password: /reset, the mail's link
//                   opened, a new password set.
//   en, 1366 px     signs in with the new password, downloads the export
//                   from /me (their login and certificate serial in it),
//                   erases the account through /me's two steps.
//   afterwards      waits for the server's cleaning (checkpoint + VACUUM in
//                   a thread): the database file and its -wal hold neither
//                   name, nor the e-mail, nor the login; the certificate's
//                   /v/ page says withdrawn, without the name.
//
// Screenshots in /tmp/aicert-browser/journey-*. Exits 1 on any failure,
// 77 when a tool is missing.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

import { apiFetch, CHROMIUM, ROOT, SHOTS, catalog, check, chromiumOrSkip, cli, counts, scratch, skip,
	startServer } from './harness.mjs';

const chromium = await chromiumOrSkip();
if (spawnSync('/usr/bin/python3', ['-c', 'import aiosmtpd']).status !== 0)
	skip('python3-aiosmtpd is not installed (tools/deps.sh installs it)');
const dir = scratch('aicert-journey-');
const dbFile = path.join(dir, 'a.db');
const box = path.join(dir, 'box');
let browser = null, sink = null, base = '';

const LOGIN = 'meiwang88', NAME = '王美玲', NAME_ALT = 'Wang Mei-Ling';
const EMAIL = 'mei.wang@example.tw';
const OLD_PW = 'mei-old-pass-1', NEW_PW = 'Mei-new-pass-2';

const BANK = '$CATEGORY: j/all\n\n' +
	'// [id:j1]\n::One::First question{=right ~wrong}\n\n' +
	'// [id:j2]\n::Two::Second question{=right ~wrong}\n';
const EXAM = {
	id: 'journey-cert', title: { en: 'AI Basics', 'zh-TW': '人工智慧基礎' }, duration_s: 600,
	pass_percent: 60, languages: ['en'], review: 'score', certificate: { valid_years: 2 },
	sections: [{ category: 'j/all', count: 2 }]
};

/* ---- from mail.test.mjs: the SMTP sink and the mailed link ---- */

function freePort() {
	return new Promise((resolve) => {
		const s = net.createServer().listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => resolve(port));
		});
	});
}

async function startSink(port) {
	sink = spawn('/usr/bin/python3', ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${port}`, '-c',
		'smtp_sink.Sink', box], { env: { ...process.env, PYTHONPATH: path.join(ROOT, 'tests') },
		stdio: 'ignore' });
	process.on('exit', () => sink && sink.kill());
	for (let i = 0; i < 100; i++) {
		const up = await new Promise((resolve) => {
			const c = net.connect(port, '127.0.0.1', () => { c.end(); resolve(true); });
			c.on('error', () => resolve(false));
		});
		if (up)
			return;
		await new Promise((r) => setTimeout(r, 50));
	}
	throw new Error('the SMTP server did not start');
}

/* The reset link of the newest message to `to`, waiting for it. */
async function mailedLink(to) {
	for (let i = 0; i < 200; i++) {
		const files = fs.existsSync(box) ? fs.readdirSync(box).filter((f) => f.endsWith('.eml'))
			.sort((a, b) => parseInt(b) - parseInt(a)) : [];
		for (const f of files) {
			const raw = fs.readFileSync(path.join(box, f), 'latin1');
			if (!raw.includes(`To: <${to}>`))
				continue;
			const part = raw.split('Content-Type: text/plain; charset=UTF-8')[1]
				.split('\r\n\r\n')[1].split('\r\n--')[0];
			const text = Buffer.from(part.replace(/\r\n/g, ''), 'base64').toString('utf8');
			return { text, link: (/https?:\/\/\S+\/reset\/[0-9a-f]{64}/.exec(text) || [''])[0] };
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	return { text: '', link: '' };
}

/* ---- from erase.test.mjs: the API, the exam passed ---- */

const api = (token, method, p, body, ctype) => apiFetch(base, token, method, p, body, ctype);

/* Signs login in, passes the exam: its certificate. */
async function passes(login, password) {
	const tok = (await api(null, 'POST', '/api/v1/session', { login, password })).json.token;
	const att = (await api(tok, 'POST', `/api/v1/exams/${EXAM.id}/attempts`, { lang: 'en' })).json;
	for (const it of att.items) {
		const c = it.choices.find((x) => x.text.includes('right'));
		await api(tok, 'PUT', `/api/v1/attempts/${att.id}/responses/${it.id}`,
			{ response: { choice: c.id }, seq: 1 });
	}
	const r = await api(tok, 'POST', `/api/v1/attempts/${att.id}/submit`);
	return r.json && r.json.certificate;
}

async function fits(page, name) {
	check(`${name}: nothing wider than the window`,
		await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1),
		await page.evaluate(() => document.documentElement.scrollWidth));
}

/* Which of the words the database file or its -wal holds, byte for byte. */
function inDatabase(words) {
	const files = [dbFile, `${dbFile}-wal`].filter((f) => fs.existsSync(f))
		.map((f) => fs.readFileSync(f));
	return words.filter((w) => files.some((b) => b.includes(Buffer.from(w, 'utf8'))));
}

const run = async () => {
	const port = await freePort();
	const secret = [NAME, NAME_ALT, EMAIL, LOGIN];

	cli(['init'], '', { AICERT_ADMIN_PASSWORD: 'admin-pass-123' });
	fs.writeFileSync(path.join(dir, 'j.gift'), BANK);
	fs.writeFileSync(path.join(dir, 'e.json'), JSON.stringify(EXAM));
	cli(['import', '--bank', 'j', path.join(dir, 'j.gift')]);
	cli(['exam', 'add', path.join(dir, 'e.json')]);
	await startSink(port);
	base = await startServer(['--smtp', `smtp://127.0.0.1:${port}`, '--mail-from',
		'cert@example.tw', '--consent-gate', 'on']);
	fs.mkdirSync(SHOTS, { recursive: true });
	browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
	const errors = [];

	/* ---- first half: zh-TW on a 360 px phone ---- */
	let w = catalog('zh-TW');
	let ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-TW',
		extraHTTPHeaders: { 'Accept-Language': 'zh-TW' } });
	let page = await ctx.newPage();
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto(`${base}/register`);
	await page.fill('#login', LOGIN);
	await page.fill('#name', NAME);
	await page.fill('#name_alt', NAME_ALT);
	await page.fill('#email', EMAIL);
	await page.fill('#password', OLD_PW);
	await page.fill('#password2', OLD_PW);
	await page.check('#agree');
	await fits(page, 'register zh-TW');
	await page.screenshot({ path: `${SHOTS}/journey-1-register-zh-360.png`, fullPage: true });
	await Promise.all([page.waitForNavigation(),
		page.click('form[action="/register"] button[type=submit]')]);
	check('register zh-TW: notice ticked, e-mail given: the account is made and signed in',
		new URL(page.url()).pathname === '/' && (await page.$('form[action="/signout"]')) !== null,
		page.url());
	check('before: the database holds the name, e-mail and login (the search works)',
		inDatabase(secret).length === secret.length, inDatabase(secret).join(', '));

	const cert = await passes(LOGIN, OLD_PW);
	check('they pass the exam and hold a certificate', cert && cert.verify_url,
		JSON.stringify(cert));
	const verifyPath = new URL(cert.verify_url).pathname;
	const serial = cert.serial || verifyPath.split('/').pop();

	await page.goto(`${base}/me`);
	await Promise.all([page.waitForNavigation(),
		page.click('form[action="/signout"] button')]);
	await page.goto(`${base}/me`);
	check('signed out: /me asks to sign in', page.url().includes('/signin'), page.url());
	await page.goto(`${base}/signin`);
	await page.click('#forgot');
	check(`reset zh-TW: "${w.forgot_password}" opens the reset form`,
		(await page.textContent('h1')).includes(w.reset_title));
	await page.fill('#who', LOGIN);
	await page.click('main button[type=submit]');
	check('reset zh-TW: the page says a link is on its way',
		(await page.textContent('#reset-asked')).includes(w.reset_requested));
	const m = await mailedLink(EMAIL);
	check('the mail reaches the sink with the link', m.link !== '', m.text);
	await page.goto(m.link.replace(/^https?:\/\/[^/]+/, base));
	check(`reset zh-TW: the link opens the form for ${LOGIN}`,
		(await page.textContent('main')).includes(LOGIN));
	await fits(page, 'reset form zh-TW');
	await page.screenshot({ path: `${SHOTS}/journey-2-reset-zh-360.png`, fullPage: true });
	await page.fill('#password', NEW_PW);
	await page.fill('#password2', NEW_PW);
	await page.click('main button[type=submit]');
	check('reset zh-TW: the new password is set',
		(await page.textContent('#reset-done')).includes(w.reset_done));
	await ctx.close();

	/* ---- second half: English at 1366 px ---- */
	w = catalog('en');
	ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'en',
		acceptDownloads: true, extraHTTPHeaders: { 'Accept-Language': 'en' } });
	page = await ctx.newPage();
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto(`${base}/signin`);
	await page.fill('#login', LOGIN);
	await page.fill('#password', OLD_PW);
	await page.click('main form[action="/signin"] button[type=submit]');
	await page.goto(`${base}/me`);
	check('sign-in en: the old password no longer works', page.url().includes('/signin'),
		page.url());
	await page.goto(`${base}/signin`);
	await page.fill('#login', LOGIN);
	await page.fill('#password', NEW_PW);
	await page.click('main form[action="/signin"] button[type=submit]');
	await page.goto(`${base}/me`);
	check('sign-in en: the new password opens /me', new URL(page.url()).pathname === '/me',
		page.url());
	/* the account keeps the language it registered in (zh-TW) over the
	 * browser's; the person switches to English in the header */
	await Promise.all([page.waitForNavigation(), page.click('nav.langs a[hreflang="en"]')]);
	check('sign-in en: "English" in the header turns /me into English',
		new URL(page.url()).pathname === '/me' &&
		(await page.getAttribute('html', 'lang')) === 'en', page.url());

	const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
	const doc = JSON.parse(fs.readFileSync(await dl.path(), 'utf8'));
	check('export en: it holds their login', doc.account && doc.account.login === LOGIN,
		JSON.stringify(doc.account));
	check(`export en: and their certificate ${serial}`,
		JSON.stringify(doc.certificates || []).includes(serial),
		JSON.stringify(doc.certificates));
	await page.screenshot({ path: `${SHOTS}/journey-3-me-en-1366.png`, fullPage: true });

	await page.click('a[href="/me/erase"]');
	check(`erase en: step 1 says "${w.erase_title}"`,
		(await page.textContent('h1')).includes(w.erase_title),
		page.url() + " " + (await page.textContent('main')).slice(0, 300));
	await page.click(`button:has-text("${w.erase_continue}")`);
	check('erase en: step 2 asks for the login typed',
		(await page.textContent('label[for="erase-login"]')).includes(w.erase_type_login));
	await page.fill('#erase-login', LOGIN);
	await page.fill('#erase-password', NEW_PW);
	await page.click(`button:has-text("${w.erase_button}")`);
	check(`erase en: erased: "${w.erase_done}"`,
		(await page.textContent('[role="status"]')).includes(w.erase_done));
	await page.screenshot({ path: `${SHOTS}/journey-4-erased-en-1366.png`, fullPage: true });

	/* the server's cleaning: checkpoint + VACUUM in a thread; poll up to 20 s */
	let left = secret;
	for (let i = 0; i < 200 && left.length; i++) {
		await new Promise((r) => setTimeout(r, 100));
		left = inDatabase(secret);
	}
	check('the database file and its -wal hold neither name, nor the e-mail, nor the login',
		left.length === 0, `still there: ${left.join(', ')}`);

	await page.goto(base + verifyPath);
	const text = await page.textContent('main');
	check(`verify en: the certificate's page says "${w.verify_withdrawn_reason}"`,
		text.includes(w.verify_withdrawn_reason), text.slice(0, 300));
	check('verify en: and neither name', !text.includes(NAME) && !text.includes(NAME_ALT));
	await fits(page, 'verify en');
	await page.screenshot({ path: `${SHOTS}/journey-5-verify-en-1366.png`, fullPage: true });
	check('no script error', errors.length === 0, errors.join('; '));
	await ctx.close();
};

try {
	await run();
} catch (e) {
	check('the journey test runs to its end', false, e.stack);
}
if (browser)
	await browser.close();
if (sink)
	sink.kill();
const { passed, failed } = counts();
console.log(`journey: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
