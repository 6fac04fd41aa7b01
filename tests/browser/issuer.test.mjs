// issuer.test.mjs - the issuing organisation in real headless Chromium, as
// an admin sets it and a learner then sees it:
//
//   admin-en    1366 px: from the console's link to the Issuer page, by
//               keyboard into the logo's file input; a chosen logo shows a
//               preview before saving; a bad phone is refused beside its
//               field with nothing saved; a good save says "Saved." and the
//               header shows the logo (loaded) and short name.
//   learner-zh  360 px in Traditional Chinese: the footer holds the legal
//               names (zh-TW first), address, e-mail and privacy link, which
//               opens the notice; nothing wider than the phone.
//
// Same harness as exam.test.mjs (harness.mjs); screenshots in
// /tmp/aicert-browser/. BROWSER_RUNS=admin-en,learner-zh runs only those.
// Exits 1 on any failure, 77 when a tool is missing.

import fs from 'node:fs';
import zlib from 'node:zlib';

import { CHROMIUM, SHOTS, catalog, check, chromiumOrSkip, cli, counts, scratch,
	startServer, stop } from './harness.mjs';

const STEP_MS = 10_000;
const chromium = await chromiumOrSkip();
const en = catalog('en'), zh = catalog('zh-TW');

/* A w x h PNG of one colour, made here (zlib): a real image Chromium draws. */
function png(w, h) {
	const crcTable = Array.from({ length: 256 }, (_, n) => {
		let c = n;
		for (let k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		return c >>> 0;
	});
	const crc = (buf) => {
		let c = 0xffffffff;
		for (const b of buf)
			c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
		return (c ^ 0xffffffff) >>> 0;
	};
	const chunk = (type, data) => {
		const len = Buffer.alloc(4), sum = Buffer.alloc(4), td = Buffer.concat([Buffer.from(type), data]);
		len.writeUInt32BE(data.length);
		sum.writeUInt32BE(crc(td));
		return Buffer.concat([len, td, sum]);
	};
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(w, 0);
	ihdr.writeUInt32BE(h, 4);
	ihdr[8] = 8;
	ihdr[9] = 2;
	const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(w * 3, 0x33)]);
	return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(Buffer.concat(Array(h).fill(row)))),
		chunk('IEND', Buffer.alloc(0))]);
}

async function signIn(page, base, login, password) {
	await page.goto(`${base}/signin`);
	await page.fill('#login', login);
	await page.fill('#password', password);
	await Promise.all([
		page.waitForURL((u) => !u.pathname.startsWith('/signin'), { timeout: STEP_MS }),
		page.click('form[action="/signin"] button[type=submit]')
	]);
}

const runs = [
	{ name: 'admin-en', test: async (base, browser, dir) => {
		const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 },
			extraHTTPHeaders: { 'Accept-Language': 'en' } });
		const page = await ctx.newPage(), errors = [];
		page.on('pageerror', (e) => errors.push(e.message));
		await signIn(page, base, 'admin', 'admin-pass-123');
		await page.goto(`${base}/console`);
		await Promise.all([page.waitForURL(/\/console\/issuer$/), page.click('a[href="/console/issuer"]')]);
		check('admin-en: the console links to the Issuer page',
			(await page.textContent('h1')).trim() === en.issuer_title);

		/* by keyboard from the short name to the logo's file input */
		await page.focus('#i-short');
		let reached = false;
		for (let i = 0; i < 6 && !reached; i++) {
			await page.keyboard.press('Tab');
			reached = await page.evaluate(() => document.activeElement.id === 'i-logo');
		}
		check('admin-en: Tab reaches the logo upload', reached);
		const logo = `${dir}/logo.png`;
		fs.writeFileSync(logo, png(120, 40));
		await page.setInputFiles('#i-logo', logo);
		await page.waitForSelector('img.issuer-new', { timeout: STEP_MS });
		check('admin-en: the chosen logo shows a preview before saving', await page.evaluate(() => {
			const img = document.querySelector('img.issuer-new');
			return img.complete && img.naturalWidth === 120 && img.src.startsWith('data:image/png');
		}));
		await page.screenshot({ path: `${SHOTS}/issuer-admin-en-preview.png`, fullPage: true });

		/* refused: a phone in words; nothing saved */
		await page.fill('#i-phone', 'call us');
		await page.fill('#i-short', 'Refused');
		await Promise.all([page.waitForLoadState(), page.click('form.issuer-form button[type=submit]')]);
		check('admin-en: a bad phone is refused beside its field',
			(await page.textContent('#i-phone-err')).includes(en.issuer_phone_invalid) &&
			await page.getAttribute('#i-phone', 'aria-invalid') === 'true');
		await page.screenshot({ path: `${SHOTS}/issuer-admin-en-refused.png`, fullPage: true });
		const prof = await (await fetch(`${base}/api/v1/issuer`)).json();
		check('admin-en: nothing was saved', prof.image === undefined && !JSON.stringify(prof).includes('Refused'));

		/* saved */
		await page.fill('#i-phone', '+886 2 2345 6789');
		await page.fill('#i-short', 'TAISI');
		await page.setInputFiles('#i-logo', logo);
		await Promise.all([page.waitForURL(/saved=1/), page.click('form.issuer-form button[type=submit]')]);
		check('admin-en: the save says so', (await page.textContent('p.notice')).includes(en.issuer_saved));
		check('admin-en: the header shows the logo and the short name', await page.evaluate(() => {
			const img = document.querySelector('header .brand img');
			return img && img.complete && img.naturalWidth === 120 &&
				document.querySelector('header .brand').textContent.includes('TAISI');
		}));
		check('admin-en: no script error', errors.length === 0, errors.join('; '));
		await page.screenshot({ path: `${SHOTS}/issuer-admin-en.png`, fullPage: true });
		await ctx.close();
	} },
	{ name: 'learner-zh', test: async (base, browser) => {
		const ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-TW',
			extraHTTPHeaders: { 'Accept-Language': 'zh-TW' } });
		const page = await ctx.newPage();
		await signIn(page, base, 'lena', 'lena-pass11');
		await page.goto(`${base}/me`);
		const foot = await page.textContent('footer');
		check('learner-zh: the footer names the issuer, zh-TW first',
			foot.indexOf('台灣人工智慧技能學會') >= 0 &&
			foot.indexOf('台灣人工智慧技能學會') < foot.indexOf('Taiwan AI Skills Institute'), foot);
		check('learner-zh: with the address and the e-mail',
			foot.includes('市府路 1 號') && await page.isVisible('footer a[href="mailto:info@taisi.example.tw"]'));
		check('learner-zh: nothing wider than the phone',
			await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1),
			await page.evaluate(() => document.documentElement.scrollWidth));
		await page.screenshot({ path: `${SHOTS}/issuer-learner-zh.png`, fullPage: true });
		await Promise.all([page.waitForURL(/\/issuer\/privacy$/),
			page.click(`footer a:text("${zh.issuer_privacy}")`)]);
		check('learner-zh: the privacy link opens the notice',
			(await page.textContent('main')).includes('We keep your results for five years.'));
		await ctx.close();
	} },
];

let browser = null;
try {
	const dir = scratch('aicert-issuer-');
	fs.mkdirSync(SHOTS, { recursive: true });
	cli(['init', '--issuer-en', 'Taiwan AI Skills Institute', '--issuer-zh', '台灣人工智慧技能學會'], '',
		{ AICERT_ADMIN_PASSWORD: 'admin-pass-123' });
	cli(['user', 'add', '--login', 'lena', '--name', '林小娜', '--role', 'learner'], 'lena-pass11\n');
	const base = await startServer();
	console.log(`# server ${base}, chromium ${CHROMIUM}`);
	/* what the learner's footer shows, whichever runs */
	const session = await (await fetch(`${base}/api/v1/session`, { method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ login: 'admin', password: 'admin-pass-123' }) })).json();
	const put = await fetch(`${base}/api/v1/issuer`, { method: 'PUT',
		headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${session.token}` },
		body: JSON.stringify({ address: '台北市信義區市府路 1 號\nNo. 1, Shifu Rd., Taipei',
			email: 'info@taisi.example.tw', privacy: 'We keep your results for five years.' }) });
	check('setup: the admin sets the contact through the API', put.status === 200, put.status);
	browser = await chromium.launch({ executablePath: CHROMIUM, headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
	const only = (process.env.BROWSER_RUNS || '').split(',').filter(Boolean);
	for (const run of runs)
		if (!only.length || only.includes(run.name))
			await run.test(base, browser, dir);
} catch (e) {
	check('the issuer test runs to its end', false, e.stack || e.message);
} finally {
	if (browser)
		await browser.close().catch(() => {});
	stop();
}
const { passed, failed } = counts();
console.log(`issuer: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
