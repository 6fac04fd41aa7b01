// share.test.mjs - a certificate holder shares their certificate, in real
// headless Chromium:
//
//   phone-en    360 px: on the result page, Tab reaches "Add to LinkedIn
//               profile" (a new tab, rel=noopener, LinkedIn's add-to-profile
//               URL naming the exam, issuer and serial), then the share link
//               and its Copy button; Enter on Copy puts the verification URL
//               on the clipboard and says so; nothing wider than the phone.
//   phone-zh    the same in Traditional Chinese, on the account page.
//   desktop-en  1366 px, the account page, as a picture.
//   nojs-en     without script: no Copy button, the link is text to select.
//
// Same harness as exam.test.mjs (harness.mjs): Debian's Chromium with
// playwright-core, its own server from $AICERT_BIN on a fresh database;
// screenshots in /tmp/aicert-browser/. Exits 1 on any failure, 77 when a
// tool is missing.

import fs from 'node:fs';
import path from 'node:path';

import { apiFetch, CHROMIUM, SHOTS, catalog, check, chromiumOrSkip, cli, counts, scratch,
	startServer } from './harness.mjs';

const chromium = await chromiumOrSkip();
const dir = scratch('aicert-share-');
let browser = null, base = '';

const BANK = '$CATEGORY: s/all\n\n' +
	'// [id:s1]\n::One::First question{=right ~wrong}\n\n' +
	'// [id:s2]\n::Two::Second question{=right ~wrong}\n';
const EXAM = {
	id: 'share-cert', title: { en: 'AI Basics', 'zh-TW': '人工智慧基礎' }, duration_s: 600,
	pass_percent: 60, languages: ['en'], review: 'score', certificate: { valid_years: 2 },
	sections: [{ category: 's/all', count: 2 }]
};

const api = (token, method, p, body, ctype) => apiFetch(base, token, method, p, body, ctype);

async function signin(login, password) {
	const r = await api(null, 'POST', '/api/v1/session', { login, password });
	return r.json && r.json.token;
}

/* Presses Tab until the focus is on selector (at most 40 times): the
 * number of presses, or -1. */
async function tabTo(page, selector) {
	for (let i = 1; i <= 40; i++) {
		await page.keyboard.press('Tab');
		if (await page.evaluate((s) => document.activeElement &&
			document.activeElement.matches(s), selector))
			return i;
	}
	return -1;
}

/* The checks one page gets at one size, in one language. */
async function sharePage(ctx, name, url, words, want) {
	const page = await ctx.newPage();
	const errors = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto(url);
	check(`${name}: the page reads "${words.share_linkedin}"`,
		(await page.textContent('a.linkedin')).includes(words.share_linkedin));
	check(`${name}: Tab reaches Add to LinkedIn profile`, await tabTo(page, 'a.linkedin') > 0);
	const link = await page.evaluate(() => {
		const a = document.activeElement;
		return { href: a.href, target: a.target, rel: a.rel };
	});
	const u = new URL(link.href);
	check(`${name}: LinkedIn's add-to-profile URL`,
		u.origin + u.pathname === 'https://www.linkedin.com/profile/add' &&
		u.searchParams.get('startTask') === 'CERTIFICATION_NAME', link.href);
	check(`${name}: it names the exam, the issuer, the serial and the verification page`,
		u.searchParams.get('name') === want.exam && u.searchParams.get('organizationName') === want.org &&
		u.searchParams.get('certId') === want.serial && u.searchParams.get('certUrl') === want.verify,
		link.href);
	check(`${name}: it opens in a new tab, rel=noopener`,
		link.target === '_blank' && link.rel.split(' ').includes('noopener'), JSON.stringify(link));
	check(`${name}: Tab goes on to the share link`, await tabTo(page, 'input.share-url') > 0);
	check(`${name}: the share link is the verification URL`,
		(await page.inputValue('input.share-url')) === want.verify);
	check(`${name}: then to Copy`, await tabTo(page, 'button.copy-btn') > 0);
	check(`${name}: the button says "${words.share_copy}"`,
		(await page.textContent('button.copy-btn')).trim() === words.share_copy);
	await page.evaluate(() => navigator.clipboard.writeText('nothing yet'));
	await page.focus('button.copy-btn');
	await page.keyboard.press('Enter');
	await page.waitForFunction((t) => document.querySelector('.copy-status').textContent === t,
		words.share_copied, { timeout: 3000 }).catch(() => {});
	check(`${name}: Enter on Copy says "${words.share_copied}"`,
		(await page.textContent('.copy-status')) === words.share_copied,
		await page.textContent('.copy-status'));
	check(`${name}: the clipboard holds the verification URL`,
		(await page.evaluate(() => navigator.clipboard.readText())) === want.verify);
	check(`${name}: nothing wider than the window`,
		await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1),
		await page.evaluate(() => document.documentElement.scrollWidth));
	check(`${name}: no script error`, errors.length === 0, errors.join('; '));
	await page.screenshot({ path: `${SHOTS}/share-${name}.png`, fullPage: true });
	await page.close();
}

async function context(width, lang, token, js = true) {
	const ctx = await browser.newContext({ viewport: { width, height: 800 }, locale: lang,
		javaScriptEnabled: js, extraHTTPHeaders: { 'Accept-Language': lang } });
	await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
	await ctx.addCookies([{ name: 'aicert_session', value: token, url: base }]);
	return ctx;
}

const run = async () => {
	cli(['init'], '', { AICERT_ADMIN_PASSWORD: 'admin-pass-123' });
	fs.writeFileSync(path.join(dir, 's.gift'), BANK);
	fs.writeFileSync(path.join(dir, 'e.json'), JSON.stringify(EXAM));
	cli(['import', '--bank', 's', path.join(dir, 's.gift')]);
	cli(['exam', 'add', path.join(dir, 'e.json')]);
	cli(['user', 'add', '--login', 'mei', '--name', '林美玲', '--name-alt', 'Lin Mei-Ling',
		'--role', 'learner'], 'mei-pass-12345\n');
	base = await startServer();
	fs.mkdirSync(SHOTS, { recursive: true });
	const mei = await signin('mei', 'mei-pass-12345');
	let r = await api(mei, 'POST', `/api/v1/exams/${EXAM.id}/attempts`, { lang: 'en' });
	check('mei starts the exam', r.status === 201, r.status);
	const att = r.json;
	for (const it of att.items) {
		const c = it.choices.find((x) => x.text.includes('right'));
		await api(mei, 'PUT', `/api/v1/attempts/${att.id}/responses/${it.id}`,
			{ response: { choice: c.id }, seq: 1 });
	}
	r = await api(mei, 'POST', `/api/v1/attempts/${att.id}/submit`);
	const cert = r.json && r.json.certificate;
	check('mei passes and holds a certificate', r.status === 200 && cert && cert.serial, r.status);
	const en = catalog('en'), zh = catalog('zh-TW');
	const want = { serial: cert.serial, verify: cert.verify_url };

	browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
	let ctx = await context(360, 'en', mei);
	await sharePage(ctx, 'phone-en', `${base}/attempts/${att.id}/result`, en,
		{ ...want, exam: 'AI Basics', org: 'aicert AI Skills Certification' });
	await ctx.close();
	ctx = await context(360, 'zh-TW', mei);
	await sharePage(ctx, 'phone-zh', `${base}/me`, zh,
		{ ...want, exam: '人工智慧基礎', org: 'aicert 人工智慧技能認證' });
	await ctx.close();
	ctx = await context(1366, 'en', mei);
	await sharePage(ctx, 'desktop-en', `${base}/me`, en,
		{ ...want, exam: 'AI Basics', org: 'aicert AI Skills Certification' });
	await ctx.close();

	/* without script */
	ctx = await context(360, 'en', mei, false);
	const page = await ctx.newPage();
	await page.goto(`${base}/attempts/${att.id}/result`);
	check('nojs-en: no Copy button without script', !(await page.isVisible('button.copy-btn')));
	check('nojs-en: the link is there to select', (await page.isVisible('input.share-url')) &&
		(await page.inputValue('input.share-url')) === want.verify);
	check('nojs-en: Add to LinkedIn profile works without script',
		(await page.isVisible('a.linkedin')));
	await page.screenshot({ path: `${SHOTS}/share-nojs-en.png`, fullPage: true });
	await ctx.close();
};

try {
	await run();
} catch (e) {
	check('the share test runs to its end', false, e.stack);
}
if (browser)
	await browser.close();
const { passed, failed } = counts();
console.log(`share: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
