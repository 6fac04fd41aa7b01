// names.test.mjs - an access-code learner keeps a way back, and asks for a
// name correction, in real headless Chromium on a 360 px phone, in both
// languages:
//
//   welcome-zh, welcome-en   the slip's code typed into /signin lands on
//                            /welcome; a password set there; signed out,
//                            the learner signs in with login and password
//                            and sees the names certificates print; the
//                            correction form sends a request, and /me says
//                            it waits.
//   console                  the trainer's people page at 360 and 1366 px
//                            lists the request with the names filled in
//                            (the other-script name the learner kept too).
//
// Same harness as exam.test.mjs (harness.mjs); screenshots in
// /tmp/aicert-browser/. Exits 1 on any failure, 77 when a tool is missing.

import { apiFetch, CHROMIUM, SHOTS, catalog, check, chromiumOrSkip, cli, counts, scratch,
	startServer } from './harness.mjs';
import fs from 'node:fs';

const chromium = await chromiumOrSkip();
scratch('aicert-names-');
let browser = null, base = '';

const api = (token, method, p, body, ctype) => apiFetch(base, token, method, p, body, ctype);

function noOverflow(page) {
	return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}

async function context(width, height, lang) {
	return browser.newContext({ viewport: { width, height }, locale: lang,
		extraHTTPHeaders: { 'Accept-Language': lang } });
}

const run = async () => {
	const only = (process.env.BROWSER_RUNS || '').split(',').filter(Boolean);
	const want = (name) => only.length === 0 || only.includes(name);

	cli(['init'], '', { AICERT_ADMIN_PASSWORD: 'admin-pass-123' });
	cli(['user', 'add', '--login', 'coach', '--name', 'Coach', '--role', 'trainer'], 'coach-pass-1\n');
	base = await startServer();
	fs.mkdirSync(SHOTS, { recursive: true });
	const coach = (await api(null, 'POST', '/api/v1/session',
		{ login: 'coach', password: 'coach-pass-1' })).json.token;
	const imp = await api(coach, 'POST', '/api/v1/users/import?codes_days=3',
		'login,name,name_alt,lang\nmei,陳美玲,Chen Mei-Ling,zh-TW\ntom,Tom Lee,李湯姆,en\n',
		'text/csv');
	check('the trainer imports two learners with codes', imp.status === 201, JSON.stringify(imp.json));
	const codes = Object.fromEntries(imp.json.learners.map((l) => [l.login, l.code]));

	browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });

	for (const [name, lang, login, pw, fix] of [
		['welcome-zh', 'zh-TW', 'mei', 'mei-secret-2026', '陳美齡'],
		['welcome-en', 'en', 'tom', 'tom-secret-2026', 'Tom Li']]) {
		if (!want(name))
			continue;
		const cat = catalog(lang);
		const ctx = await context(360, 740, lang);
		const page = await ctx.newPage();
		await page.goto(`${base}/signin`);
		await page.click('details.code-signin summary');
		await page.fill('#code', codes[login].toLowerCase());
		await Promise.all([page.waitForNavigation(), page.click('details.code-signin button')]);
		check(`${name}: the code sign-in lands on /welcome`,
			new URL(page.url()).pathname === '/welcome' &&
			(await page.textContent('h1')) === cat.welcome_title, page.url());
		check(`${name}: nothing wider than the phone`, await noOverflow(page));
		await page.screenshot({ path: `${SHOTS}/names-${name}-welcome.png`, fullPage: true });
		await page.fill('#password', pw);
		await page.fill('#password2', pw);
		await Promise.all([page.waitForNavigation(), page.click('form[action="/welcome"] button')]);
		let text = await page.textContent('main');
		check(`${name}: the password is set`, text.includes(cat.welcome_password_saved), text.slice(0, 200));
		await Promise.all([page.waitForNavigation(), page.click('form[action="/signout"] button')]);
		await page.goto(`${base}/signin`);
		await page.fill('#login', login);
		await page.fill('#password', pw);
		await Promise.all([page.waitForNavigation(), page.click('form[action="/signin"]:not(details form) button')]);
		await page.goto(`${base}/me`);
		text = await page.textContent('main');
		check(`${name}: back in with login and password, the names as printed`,
			(await page.textContent('#my-name')) === imp.json.learners.find((l) => l.login === login).name &&
			text.includes(cat.names_title), text.slice(0, 300));
		await page.click('details.name-request summary');
		await page.fill('#rq-name', fix);
		await page.fill('#rq-note', lang === 'en' ? 'Li, not Lee' : '齡，不是玲');
		await page.screenshot({ path: `${SHOTS}/names-${name}-form.png`, fullPage: true });
		await Promise.all([page.waitForNavigation(), page.click('form[action^="/me/name"] button')]);
		text = await page.textContent('main');
		check(`${name}: the request is sent and waits`,
			text.includes(cat.names_requested) && (await page.textContent('#name-request-open')).includes(fix),
			text.slice(0, 300));
		check(`${name}: nothing wider than the phone after`, await noOverflow(page));
		await page.screenshot({ path: `${SHOTS}/names-${name}-sent.png`, fullPage: true });
		await ctx.close();
	}

	if (want('console')) {
		const session = (await api(null, 'POST', '/api/v1/session',
			{ login: 'coach', password: 'coach-pass-1' })).json.token;
		for (const [lang, width, height] of [['zh-TW', 360, 740], ['en', 1366, 768]]) {
			const cat = catalog(lang);
			const ctx = await context(width, height, lang);
			await ctx.addCookies([{ name: 'aicert_session', value: session, url: base }]);
			const page = await ctx.newPage();
			await page.goto(`${base}/console/people#names`);
			const text = await page.textContent('#names');
			check(`console ${lang}: the requests, the names filled in`,
				text.includes(cat.names_console) && (!want('welcome-zh') ||
				(await page.inputValue('#nf-name-mei')) === '陳美齡' &&
				(await page.inputValue('#nf-alt-mei')) === 'Chen Mei-Ling'), text.slice(0, 300));
			check(`console ${lang}: nothing wider than the screen`, await noOverflow(page));
			await page.screenshot({ path: `${SHOTS}/names-console-${lang}.png`, fullPage: true });
			await ctx.close();
		}
	}
};

try {
	await run();
} catch (e) {
	check('the names test runs to its end', false, e.stack);
}
if (browser)
	await browser.close();
const { passed, failed } = counts();
console.log(`names: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
