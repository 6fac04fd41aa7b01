// credential.test.mjs - the Open Badges 3.0 credential in real headless
// Chromium, as a holder and an employer meet it:
//
//   phone-zh    360 px in Traditional Chinese: the holder's result page
//               offers 下載數位憑證 beside the PDF; the link downloads the
//               signed credential; /verify/credential takes that file
//               and says 有效 with the holder's name; nothing is wider
//               than the screen.
//   desktop-en  1366 px in English, signed out: the same page, the
//               credential pasted with its score raised, says "Not a
//               valid credential"; the original pasted says "Valid".
//
// Same harness as exam.test.mjs (harness.mjs); screenshots in
// /tmp/aicert-browser/. Exits 1 on any failure, 77 when a tool is missing.

import fs from 'node:fs';
import path from 'node:path';

import { apiFetch, CHROMIUM, SHOTS, catalog, check, chromiumOrSkip, cli, counts, scratch,
	startServer } from './harness.mjs';

const chromium = await chromiumOrSkip();
const dir = scratch('aicert-cred-');
let browser = null, base = '';

const BANK = '$CATEGORY: c/all\n\n' +
	'// [id:c1]\n::One::First question{=right ~wrong}\n\n' +
	'// [id:c2]\n::Two::Second question{=right ~wrong}\n\n' +
	'// [id:c3]\n::Three::Third question{=right ~wrong}\n';
const EXAM = {
	id: 'obx', title: { en: 'AI Basics', 'zh-TW': '人工智慧基礎' }, duration_s: 600,
	pass_percent: 60, languages: ['en'], review: 'score', certificate: { valid_years: 3 },
	sections: [{ category: 'c/all', count: 3 }]
};

const api = (token, method, p, body, ctype) => apiFetch(base, token, method, p, body, ctype);

async function fitsWidth(page, tag) {
	const w = await page.evaluate(() => document.documentElement.scrollWidth);
	check(`${tag}: nothing wider than the screen`, w <= page.viewportSize().width + 1, w);
}

const run = async () => {
	cli(['init'], '', { AICERT_ADMIN_PASSWORD: 'admin-pass-123' });
	cli(['user', 'add', '--login', 'coach', '--name', 'Coach', '--role', 'trainer'], 'coach-pass-1\n');
	cli(['user', 'add', '--login', 'wang', '--name', '王小明', '--name-alt', 'Wang Hsiao-Ming',
		'--role', 'learner'], 'wang-pass-123\n');
	fs.writeFileSync(path.join(dir, 'c.gift'), BANK);
	fs.writeFileSync(path.join(dir, 'obx.json'), JSON.stringify(EXAM));
	cli(['import', '--bank', 'c', path.join(dir, 'c.gift')]);
	cli(['exam', 'add', '--owner', 'coach', path.join(dir, 'obx.json')]);
	base = await startServer();
	fs.mkdirSync(SHOTS, { recursive: true });
	const zh = catalog('zh-TW'), en = catalog('en');

	/* 王小明 passes through the API */
	const tok = (await api(null, 'POST', '/api/v1/session', { login: 'wang', password: 'wang-pass-123' }))
		.json.token;
	const att = (await api(tok, 'POST', '/api/v1/exams/obx/attempts', { lang: 'en' })).json;
	for (const it of att.items) {
		const c = it.choices.find((x) => x.text === 'right');
		await api(tok, 'PUT', `/api/v1/attempts/${att.id}/responses/${it.id}`,
			{ response: { choice: c.id }, seq: 1 });
	}
	const sub = await api(tok, 'POST', `/api/v1/attempts/${att.id}/submit`);
	check('王小明 passes and holds a certificate', sub.json && sub.json.certificate, sub.status);

	browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });

	/* phone-zh */
	let ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-TW',
		extraHTTPHeaders: { 'Accept-Language': 'zh-TW' }, acceptDownloads: true });
	await ctx.addCookies([{ name: 'aicert_session', value: tok, url: base }]);
	let page = await ctx.newPage();
	await page.goto(`${base}/attempts/${att.id}/result`);
	const link = page.getByRole('link', { name: zh.result_credential });
	check('phone-zh: the result page offers 下載數位憑證', await link.isVisible());
	await fitsWidth(page, 'phone-zh result');
	await page.screenshot({ path: `${SHOTS}/credential-result-phone-zh.png`, fullPage: true });
	const [dl] = await Promise.all([page.waitForEvent('download'), link.click()]);
	const file = path.join(dir, 'wallet.json');
	await dl.saveAs(file);
	const cred = JSON.parse(fs.readFileSync(file, 'utf8'));
	check('phone-zh: the download is the signed credential',
		cred.type.includes('OpenBadgeCredential') && cred.proof[0].cryptosuite === 'eddsa-rdfc-2022',
		dl.suggestedFilename());
	await page.goto(`${base}/verify/credential`);
	check('phone-zh: the check page is in Chinese',
		(await page.locator('h1').textContent()).includes(zh.cred_title));
	await fitsWidth(page, 'phone-zh form');
	await page.setInputFiles('#c-file', file);
	await Promise.all([page.waitForLoadState('load'), page.click('form[action="/verify/credential"] button[type=submit]')]);
	await page.waitForSelector('.status-big');
	const said = await page.locator('.status-big').textContent();
	check('phone-zh: the uploaded file checks as 有效', said.includes(zh.verify_valid), said);
	check('phone-zh: with the holder 王小明', (await page.locator('dd.holder').textContent()).includes('王小明'));
	const box = await page.locator('.status-big').boundingBox();
	check('phone-zh: the verdict is on the first screen', box && box.y + box.height <= 740, JSON.stringify(box));
	await fitsWidth(page, 'phone-zh verdict');
	await page.screenshot({ path: `${SHOTS}/credential-verify-phone-zh.png`, fullPage: true });
	await ctx.close();

	/* desktop-en */
	ctx = await browser.newContext({ viewport: { width: 1366, height: 800 }, locale: 'en',
		extraHTTPHeaders: { 'Accept-Language': 'en' } });
	page = await ctx.newPage();
	const bad = structuredClone(cred);
	bad.credentialSubject.result[0].value = '55';
	await page.goto(`${base}/verify/credential`);
	await page.fill('#c-text', JSON.stringify(bad));
	await Promise.all([page.waitForLoadState('load'), page.click('form[action="/verify/credential"] button[type=submit]')]);
	await page.waitForSelector('.status-big');
	let v = await page.locator('.status-big').textContent();
	check('desktop-en: a pasted copy with its score changed is not valid', v.includes(en.cred_invalid), v);
	await page.screenshot({ path: `${SHOTS}/credential-tampered-desktop-en.png`, fullPage: true });
	await page.fill('#c-text', JSON.stringify(cred));
	await Promise.all([page.waitForLoadState('load'), page.click('form[action="/verify/credential"] button[type=submit]')]);
	await page.waitForSelector('.status-big');
	v = await page.locator('.status-big').textContent();
	check('desktop-en: the original pasted is Valid', v.includes(en.verify_valid), v);
	await fitsWidth(page, 'desktop-en');
	await page.screenshot({ path: `${SHOTS}/credential-verify-desktop-en.png`, fullPage: true });
	await ctx.close();
};

try {
	await run();
} catch (e) {
	check('the run finished', false, e.stack);
}
if (browser)
	await browser.close();
const { passed, failed } = counts();
console.log(`credential: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
