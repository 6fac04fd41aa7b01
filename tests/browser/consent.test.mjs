// consent.test.mjs - the personal-data notice as a person meets it, in
// real headless Chromium on a 360 px phone, in English and in zh-TW:
//
//   register   the form's notice box is required and links /privacy:
//              unticked the form is refused, saying why; ticked, the
//              account is made and signed in.
//   gate       after the admin saves a new version, the next page is
//              /consent, saying the notice changed; accepting leads on to
//              where the person was going.
//   export     "Download my data" on /me downloads
//              aicert-export-LOGIN-DATE.json holding the account.
//
// Same harness as exam.test.mjs (harness.mjs), with the consent gate on;
// screenshots in /tmp/aicert-browser/. Exits 1 on any failure, 77 when a
// tool is missing.

import fs from 'node:fs';

import { CHROMIUM, SHOTS, catalog, check, chromiumOrSkip, cli, counts, scratch,
	startServer } from './harness.mjs';

const chromium = await chromiumOrSkip();
scratch('aicert-consent-');
let browser = null, base = '';

function noOverflow(page) {
	return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}

const run = async () => {
	cli(['init'], '', { AICERT_ADMIN_PASSWORD: 'admin-pass-123' });
	base = await startServer(['--consent-gate', 'on']);
	fs.mkdirSync(SHOTS, { recursive: true });
	const cats = { en: catalog('en'), 'zh-TW': catalog('zh-TW') };
	browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
	const people = [];

	for (const lang of ['en', 'zh-TW']) {
		const cat = cats[lang];
		const login = lang === 'en' ? 'reg-en' : 'reg-zh';
		const ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: lang,
			acceptDownloads: true, extraHTTPHeaders: { 'Accept-Language': lang } });
		const page = await ctx.newPage();
		await page.goto(`${base}/register`);
		check(`register ${lang}: the box is required`,
			await page.$eval('#agree', (e) => e.required && !e.checked));
		check(`register ${lang}: it links the notice`,
			(await page.textContent('.consent-check')).includes(cat.consent_agree) &&
			(await page.$('.consent-check a[href="/privacy"]')) !== null);
		await page.fill('#login', login);
		await page.fill('#name', lang === 'en' ? 'Reg English' : '註冊者');
		await page.fill('#email', `${login}@example.tw`);
		await page.fill('#password', 'consent-pass-1');
		await page.fill('#password2', 'consent-pass-1');
		await Promise.all([page.waitForNavigation(), page.click('form[action="/register"] button[type=submit]')]);
		check(`register ${lang}: without the box it is refused, saying why`,
			(await page.textContent('main')).includes(cat.consent_required));
		check(`register ${lang}: nothing wider than the phone`, await noOverflow(page));
		await page.screenshot({ path: `${SHOTS}/consent-register-${lang}.png`, fullPage: true });
		await page.fill('#password', 'consent-pass-1');
		await page.fill('#password2', 'consent-pass-1');
		await page.check('#agree');
		await Promise.all([page.waitForNavigation(), page.click('form[action="/register"] button[type=submit]')]);
		check(`register ${lang}: ticked, the account is made and signed in`,
			new URL(page.url()).pathname === '/' && (await page.$('form[action="/signout"]')) !== null,
			page.url());
		people.push({ lang, login, ctx, page });
	}

	// The admin saves a new version (a form post as the API's Bearer
	// client: no cookie, so no CSRF token and no gate).
	const s = await (await fetch(`${base}/api/v1/session`, { method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ login: 'admin', password: 'admin-pass-123' }) })).json();
	const saved = await fetch(`${base}/console/notice`, { method: 'POST', redirect: 'manual',
		headers: { Authorization: `Bearer ${s.token}`,
			'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ text_en: 'Second version of the notice.\n\nIt changed.',
			text_zh: '第二版告知。\n\n已變更。' }).toString() });
	check('the admin saves a new version', saved.status === 303, saved.status);

	for (const { lang, login, ctx, page } of people) {
		const cat = cats[lang];
		await page.goto(`${base}/me`);
		check(`gate ${lang}: the next page is the notice`,
			new URL(page.url()).pathname === '/consent', page.url());
		const text = await page.textContent('main');
		check(`gate ${lang}: it says the notice changed and shows the new text`,
			text.includes(cat.consent_lead_again) &&
			text.includes(lang === 'en' ? 'Second version' : '第二版告知'), text.slice(0, 300));
		check(`gate ${lang}: nothing wider than the phone`, await noOverflow(page));
		await page.screenshot({ path: `${SHOTS}/consent-gate-${lang}.png`, fullPage: true });
		await page.check('#agree');
		await Promise.all([page.waitForNavigation(), page.click('form[action="/consent"] button[type=submit]')]);
		check(`gate ${lang}: accepting leads on to /me`, new URL(page.url()).pathname === '/me',
			page.url());

		const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
		const name = dl.suggestedFilename();
		check(`export ${lang}: the file is aicert-export-${login}-DATE.json`,
			new RegExp(`^aicert-export-${login}-\\d{4}-\\d{2}-\\d{2}\\.json$`).test(name), name);
		const doc = JSON.parse(fs.readFileSync(await dl.path(), 'utf8'));
		check(`export ${lang}: it holds the account and both acceptances`,
			doc.account.login === login && doc.consents.length === 2 && !('password' in doc.account),
			JSON.stringify(doc.account));
		await page.screenshot({ path: `${SHOTS}/consent-me-${lang}.png`, fullPage: true });
		await ctx.close();
	}

	const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-TW',
		extraHTTPHeaders: { 'Accept-Language': 'zh-TW' } });
	const page = await ctx.newPage();
	await page.goto(`${base}/privacy`);
	const text = await page.textContent('main');
	check('privacy zh-TW: the new version and the earlier ones',
		text.includes('第二版告知') && text.includes(cats['zh-TW'].notice_earlier));
	await page.screenshot({ path: `${SHOTS}/consent-privacy-zh-1366.png`, fullPage: true });
	await ctx.close();
};

try {
	await run();
} catch (e) {
	check('the consent test runs to its end', false, e.stack);
}
if (browser)
	await browser.close();
const { passed, failed } = counts();
console.log(`consent: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
