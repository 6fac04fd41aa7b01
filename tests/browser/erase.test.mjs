// erase.test.mjs - a learner erases their account from /me, in real
// headless Chromium, at 360 px in English and in Traditional Chinese
// (and once at 1366 px): /me links to the first step, which says what
// will happen and asks for nothing; its button leads to the second, where
// the login typed wrong erases nothing and says why; the login and
// password typed erase the account and sign out; the certificate's page
// then says withdrawn at the holder's request and shows no name. Nothing
// is wider than the window. Same harness as exam.test.mjs; screenshots in
// /tmp/aicert-browser/. Exits 1 on any failure, 77 when a tool is missing.

import fs from 'node:fs';
import path from 'node:path';

import { apiFetch, CHROMIUM, SHOTS, catalog, check, chromiumOrSkip, cli, counts, scratch,
	startServer } from './harness.mjs';

const chromium = await chromiumOrSkip();
const dir = scratch('aicert-erase-');
let browser = null, base = '';

const BANK = '$CATEGORY: s/all\n\n' +
	'// [id:s1]\n::One::First question{=right ~wrong}\n\n' +
	'// [id:s2]\n::Two::Second question{=right ~wrong}\n';
const EXAM = {
	id: 'erase-cert', title: { en: 'AI Basics', 'zh-TW': '人工智慧基礎' }, duration_s: 600,
	pass_percent: 60, languages: ['en'], review: 'score', certificate: { valid_years: 2 },
	sections: [{ category: 's/all', count: 2 }]
};

const api = (token, method, p, body, ctype) => apiFetch(base, token, method, p, body, ctype);

/* Signs login in, passes the exam: [token, certificate]. */
async function passes(login, password) {
	const tok = (await api(null, 'POST', '/api/v1/session', { login, password })).json.token;
	const att = (await api(tok, 'POST', `/api/v1/exams/${EXAM.id}/attempts`, { lang: 'en' })).json;
	for (const it of att.items) {
		const c = it.choices.find((x) => x.text.includes('right'));
		await api(tok, 'PUT', `/api/v1/attempts/${att.id}/responses/${it.id}`,
			{ response: { choice: c.id }, seq: 1 });
	}
	const r = await api(tok, 'POST', `/api/v1/attempts/${att.id}/submit`);
	return [tok, r.json && r.json.certificate];
}

async function fits(page, name) {
	check(`${name}: nothing wider than the window`,
		await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1),
		await page.evaluate(() => document.documentElement.scrollWidth));
}

async function eraseFlow(name, width, lang, login, password, token, cert, holder) {
	const w = catalog(lang);
	const ctx = await browser.newContext({ viewport: { width, height: 800 }, locale: lang,
		extraHTTPHeaders: { 'Accept-Language': lang } });
	await ctx.addCookies([{ name: 'aicert_session', value: token, url: base }]);
	const page = await ctx.newPage();
	const errors = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto(`${base}/me`);
	await page.click(`a[href="/me/erase"]`);
	check(`${name}: step 1 says "${w.erase_title}" and what will happen`,
		(await page.textContent('h1')).includes(w.erase_title) &&
		(await page.textContent('main')).includes(w.erase_irreversible));
	check(`${name}: step 1 asks for no password yet`,
		(await page.$('input[name="password"]')) === null);
	await fits(page, `${name} step 1`);
	await page.screenshot({ path: `${SHOTS}/erase-${name}-1.png`, fullPage: true });
	await page.click(`button:has-text("${w.erase_continue}")`);
	check(`${name}: step 2 asks for the login typed`,
		(await page.textContent('label[for="erase-login"]')).includes(w.erase_type_login));
	await fits(page, `${name} step 2`);
	await page.screenshot({ path: `${SHOTS}/erase-${name}-2.png`, fullPage: true });
	await page.fill('#erase-login', 'not-my-login');
	await page.fill('#erase-password', password);
	await page.click(`button:has-text("${w.erase_button}")`);
	check(`${name}: a wrong login erases nothing and says "${w.erase_login_mismatch}"`,
		(await page.textContent('[role="alert"]')).includes(w.erase_login_mismatch));
	await page.fill('#erase-login', login);
	await page.fill('#erase-password', password);
	await page.click(`button:has-text("${w.erase_button}")`);
	check(`${name}: erased: "${w.erase_done}"`,
		(await page.textContent('[role="status"]')).includes(w.erase_done));
	await fits(page, `${name} done`);
	await page.screenshot({ path: `${SHOTS}/erase-${name}-3.png`, fullPage: true });
	await page.goto(`${base}/me`);
	check(`${name}: signed out: /me asks to sign in`, page.url().includes('/signin'), page.url());
	await page.goto(base + new URL(cert.verify_url).pathname);
	const text = await page.textContent('main');
	check(`${name}: the certificate's page says "${w.verify_withdrawn_reason}"`,
		text.includes(w.verify_withdrawn_reason), text.slice(0, 300));
	check(`${name}: and no name`, !text.includes(holder), holder);
	await fits(page, `${name} verification`);
	await page.screenshot({ path: `${SHOTS}/erase-${name}-4.png`, fullPage: true });
	check(`${name}: no script error`, errors.length === 0, errors.join('; '));
	await ctx.close();
}

const run = async () => {
	cli(['init'], '', { AICERT_ADMIN_PASSWORD: 'admin-pass-123' });
	fs.writeFileSync(path.join(dir, 's.gift'), BANK);
	fs.writeFileSync(path.join(dir, 'e.json'), JSON.stringify(EXAM));
	cli(['import', '--bank', 's', path.join(dir, 's.gift')]);
	cli(['exam', 'add', path.join(dir, 'e.json')]);
	cli(['user', 'add', '--login', 'mei', '--name', '林美玲', '--name-alt', 'Lin Mei-Ling',
		'--role', 'learner'], 'mei-pass-12345\n');
	cli(['user', 'add', '--login', 'hua', '--name', '陳志華', '--role', 'learner'],
		'hua-pass-12345\n');
	cli(['user', 'add', '--login', 'ann', '--name', 'Ann Desktop', '--role', 'learner'],
		'ann-pass-12345\n');
	base = await startServer();
	fs.mkdirSync(SHOTS, { recursive: true });
	const [mei, meiCert] = await passes('mei', 'mei-pass-12345');
	const [hua, huaCert] = await passes('hua', 'hua-pass-12345');
	const [ann, annCert] = await passes('ann', 'ann-pass-12345');
	check('three learners hold certificates', meiCert && huaCert && annCert);
	browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
	await eraseFlow('phone-en', 360, 'en', 'mei', 'mei-pass-12345', mei, meiCert, '林美玲');
	await eraseFlow('phone-zh', 360, 'zh-TW', 'hua', 'hua-pass-12345', hua, huaCert, '陳志華');
	await eraseFlow('desktop-en', 1366, 'en', 'ann', 'ann-pass-12345', ann, annCert, 'Ann Desktop');

	/* the admin's console: an Erase form on a learner's row, the login
	 * typed again */
	cli(['user', 'add', '--login', 'kai', '--name', '王凱', '--role', 'learner'],
		'kai-pass-12345\n');
	const admin = (await api(null, 'POST', '/api/v1/session',
		{ login: 'admin', password: 'admin-pass-123' })).json.token;
	for (const [width, lang] of [[1366, 'en'], [360, 'zh-TW']]) {
		const w = catalog(lang);
		const ctx = await browser.newContext({ viewport: { width, height: 800 }, locale: lang,
			extraHTTPHeaders: { 'Accept-Language': lang } });
		await ctx.addCookies([{ name: 'aicert_session', value: admin, url: base }]);
		const page = await ctx.newPage();
		await page.goto(`${base}/console/users?q=kai`);
		await page.click('#u-kai details.erase-account summary');
		check(`console ${width}: the row offers "${w.erase_console}" with the login to type`,
			await page.isVisible('#e-kai'));
		await fits(page, `console ${width}`);
		await page.screenshot({ path: `${SHOTS}/erase-console-${width}.png`, fullPage: true });
		if (width === 360) {
			await page.fill('#e-kai', 'kai');
			await page.click('#u-kai details.erase-account button');
			check(`console ${width}: erased, the notice says "${w.erase_console_done}"`,
				(await page.textContent('main')).includes(w.erase_console_done));
			await fits(page, `console ${width} after`);
		}
		await ctx.close();
	}
};

try {
	await run();
} catch (e) {
	check('the erase test runs to its end', false, e.stack);
}
if (browser)
	await browser.close();
const { passed, failed } = counts();
console.log(`erase: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
