// mail.test.mjs - a forgotten password, through the mail, in real
// headless Chromium, with a real SMTP server (python3-aiosmtpd and
// tests/smtp_sink.py) on the loopback:
//
//   forgot-en-1366  sign-in page -> "Forgot password?" -> the login ->
//                   the mail's link -> a new password -> signed in with
//                   it; the account page shows the address and the mail
//                   settings.
//   forgot-zh-360   the same pages on a 360 px phone in zh-TW: nothing
//                   wider than the screen, the Chinese texts.
//   outbox          the admin's outbox at 1366 and 360 px.
//
// Screenshots in /tmp/aicert-browser/. Exits 1 on any failure, 77 when a
// tool is missing.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

import { CHROMIUM, ROOT, SHOTS, catalog, check, chromiumOrSkip, cli, counts, scratch, skip,
	startServer } from './harness.mjs';

const chromium = await chromiumOrSkip();
if (spawnSync('/usr/bin/python3', ['-c', 'import aiosmtpd']).status !== 0)
	skip('python3-aiosmtpd is not installed (tools/deps.sh installs it)');
const dir = scratch('aicert-mail-');
const box = path.join(dir, 'box');
let browser = null, sink = null, base = '';

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
async function mailedLink(to, already) {
	for (let i = 0; i < 200; i++) {
		const files = fs.existsSync(box) ? fs.readdirSync(box).filter((f) => f.endsWith('.eml'))
			.sort((a, b) => parseInt(b) - parseInt(a)) : [];
		for (const f of files) {
			if (already.has(f))
				continue;
			const raw = fs.readFileSync(path.join(box, f), 'latin1');
			if (!raw.includes(`To: <${to}>`))
				continue;
			const part = raw.split('Content-Type: text/plain; charset=UTF-8')[1]
				.split('\r\n\r\n')[1].split('\r\n--')[0];
			const text = Buffer.from(part.replace(/\r\n/g, ''), 'base64').toString('utf8');
			already.add(f);
			return { text, link: (/https?:\/\/\S+\/reset\/[0-9a-f]{64}/.exec(text) || [''])[0] };
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	return { text: '', link: '' };
}

function noOverflow(page) {
	return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}

async function context(width, height, lang) {
	return browser.newContext({ viewport: { width, height }, locale: lang,
		extraHTTPHeaders: { 'Accept-Language': lang } });
}

const run = async () => {
	const port = await freePort();
	const seen = new Set();

	cli(['init'], '', { AICERT_ADMIN_PASSWORD: 'admin-pass-123' });
	cli(['user', 'add', '--login', 'ann', '--name', 'Ann Lee', '--email', 'ann@example.com',
		'--role', 'learner'], 'ann-old-pass-1\n');
	cli(['user', 'add', '--login', 'mei', '--name', '王美玲', '--email', 'mei@example.tw',
		'--role', 'learner'], 'mei-old-pass-1\n');
	await startSink(port);
	base = await startServer(['--smtp', `smtp://127.0.0.1:${port}`, '--mail-from',
		'cert@example.tw']);
	fs.mkdirSync(SHOTS, { recursive: true });
	browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });

	for (const [name, width, height, lang, login, email, pw] of [
		['forgot-en-1366', 1366, 768, 'en', 'ann', 'ann@example.com', 'Ann-new-pass-2'],
		['forgot-zh-360', 360, 740, 'zh-TW', 'mei', 'mei@example.tw', 'Mei-new-pass-2']]) {
		const cat = catalog(lang);
		const ctx = await context(width, height, lang);
		const page = await ctx.newPage();

		await page.goto(`${base}/signin`);
		await page.click('#forgot');
		check(`${name}: "${cat.forgot_password}" opens the reset form`,
			(await page.textContent('h1')).includes(cat.reset_title));
		await page.screenshot({ path: `${SHOTS}/mail-${name}-ask.png`, fullPage: true });
		await page.fill('#who', name.includes('zh') ? email : login);
		await page.click('main button[type=submit]');
		check(`${name}: the page says a link is on its way`,
			(await page.textContent('#reset-asked')).includes(cat.reset_requested));
		const m = await mailedLink(email, seen);
		check(`${name}: the mail holds the link`, m.link !== '', m.text);
		await page.goto(m.link.replace(/^https?:\/\/[^/]+/, base));
		check(`${name}: the link opens the form for ${login}`,
			(await page.textContent('main')).includes(login) && await noOverflow(page));
		await page.screenshot({ path: `${SHOTS}/mail-${name}-form.png`, fullPage: true });
		await page.fill('#password', pw);
		await page.fill('#password2', pw);
		await page.click('main button[type=submit]');
		check(`${name}: the new password is set`,
			(await page.textContent('#reset-done')).includes(cat.reset_done));
		await page.goto(`${base}/signin`);
		await page.fill('#login', login);
		await page.fill('#password', pw);
		await page.click('main form[action="/signin"] button[type=submit]');
		await page.goto(`${base}/me`);
		check(`${name}: signed in with it, the account page shows the address`,
			(await page.inputValue('#email')) === email &&
			(await page.textContent('#mail')).includes(cat.notify_expiry));
		check(`${name}: nothing wider than the screen`, await noOverflow(page));
		await page.screenshot({ path: `${SHOTS}/mail-${name}-me.png`, fullPage: true });
		await page.goto(m.link.replace(/^https?:\/\/[^/]+/, base));
		check(`${name}: the link does not work twice`,
			(await page.textContent('#reset-invalid')).includes(cat.reset_link_invalid));
		await ctx.close();
	}
	for (const [width, height, lang] of [[1366, 768, 'en'], [360, 740, 'zh-TW']]) {
		const cat = catalog(lang);
		const ctx = await context(width, height, lang);
		const page = await ctx.newPage();

		await page.goto(`${base}/signin`);
		await page.fill('#login', 'admin');
		await page.fill('#password', 'admin-pass-123');
		await page.click('main form[action="/signin"] button[type=submit]');
		await page.goto(`${base}/console/outbox`);
		/* zh-TW: no space after the full-width colon ("已寄出：2") */
		check(`outbox ${lang}: two sent`, (await page.textContent('#outbox-counts'))
			.includes(lang === 'zh-TW' ? `${cat.outbox_sent}2` : `${cat.outbox_sent} 2`));
		await page.screenshot({ path: `${SHOTS}/mail-outbox-${width}.png`, fullPage: true });
		await ctx.close();
	}
};

try {
	await run();
} catch (e) {
	check('the mail test runs to its end', false, e.stack);
}
if (browser)
	await browser.close();
if (sink)
	sink.kill();
const { passed, failed } = counts();
console.log(`mail: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
