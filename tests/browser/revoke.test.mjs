// revoke.test.mjs - a revoked certificate and the lookup without a QR, in
// real headless Chromium, as an employer and a holder meet them:
//
//   verify-zh-360    the verification page of a revoked certificate on a
//                    360 px phone in Traditional Chinese: the revocation
//                    date and reason within the first screen, no 有效期限至.
//   verify-en-1366   the same at 1366 px in English, no "Valid until".
//   lookup-en        /verify without script at 1366 px: serial and the
//                    romanised name typed in lower case give the page the
//                    QR gives.
//   lookup-zh        /verify at 360 px in zh-TW: serial and the printed
//                    check code (computed here from the code, as
//                    docs/certificate-format.md says) typed loosely; a
//                    wrong name gives the one message.
//   holder           the holder's account and result pages show the
//                    notice in place of the PDF download.
//
// Same harness as exam.test.mjs (harness.mjs); screenshots in
// /tmp/aicert-browser/. Exits 1 on any failure, 77 when a tool is missing.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { apiFetch, CHROMIUM, SHOTS, catalog, check, chromiumOrSkip, cli, counts, scratch,
	startServer } from './harness.mjs';

const chromium = await chromiumOrSkip();
const dir = scratch('aicert-revoke-');
let browser = null, base = '';

const BANK = '$CATEGORY: c/all\n\n' +
	'// [id:c1]\n::One::First question ONE{=right ~wrong}\n\n' +
	'// [id:c2]\n::Two::Second question TWO{=right ~wrong}\n';
const EXAM = {
	id: 'revb', title: { en: 'AI Basics', 'zh-TW': '人工智慧基礎' }, duration_s: 600,
	pass_percent: 60, languages: ['en'], review: 'score', certificate: { valid_years: 3 },
	sections: [{ category: 'c/all', count: 2 }]
};
const REASON = 'Exam misconduct 考試舞弊';

const api = (token, method, p, body, ctype) => apiFetch(base, token, method, p, body, ctype);

async function signin(login, password) {
	const r = await api(null, 'POST', '/api/v1/session', { login, password });
	return r.json && r.json.token;
}

/* Passes the exam as token; the submit's answer. */
async function pass(token) {
	const att = (await api(token, 'POST', `/api/v1/exams/${EXAM.id}/attempts`, { lang: 'en' })).json;
	for (const it of att.items) {
		const c = it.choices.find((x) => x.text === 'right');
		await api(token, 'PUT', `/api/v1/attempts/${att.id}/responses/${it.id}`,
			{ response: { choice: c.id }, seq: 1 });
	}
	const res = (await api(token, 'POST', `/api/v1/attempts/${att.id}/submit`)).json;
	res.attempt = att.id;
	return res;
}

/* The printed check code of a code: SHA-256 of "aicert-check-v1", a zero
 * byte and the code in upper case; its first 40 bits in Crockford base32. */
function checkCode(code) {
	const A = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
	const h = crypto.createHash('sha256').update(Buffer.concat([Buffer.from('aicert-check-v1\0'),
		Buffer.from(code.toUpperCase())])).digest();
	let bits = 0n;
	for (let i = 0; i < 5; i++)
		bits = (bits << 8n) | BigInt(h[i]);
	let s = '';
	for (let i = 0; i < 8; i++)
		s += A[Number((bits >> BigInt(35 - 5 * i)) & 31n)];
	return `${s.slice(0, 4)}-${s.slice(4)}`;
}

/* Whether every element matching sel lies within the first screen, and
 * there is at least one. */
function aboveFold(page, sel) {
	return page.evaluate((s) => {
		const els = [...document.querySelectorAll(s)];
		return els.length > 0 && els.every((e) => e.getBoundingClientRect().bottom <= window.innerHeight);
	}, sel);
}

function noOverflow(page) {
	return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}

async function context(width, height, lang, js = true) {
	return browser.newContext({ viewport: { width, height }, locale: lang, javaScriptEnabled: js,
		extraHTTPHeaders: { 'Accept-Language': lang } });
}

const run = async () => {
	const only = (process.env.BROWSER_RUNS || '').split(',').filter(Boolean);
	const want = (name) => only.length === 0 || only.includes(name);

	cli(['init'], '', { AICERT_ADMIN_PASSWORD: 'admin-pass-123' });
	cli(['user', 'add', '--login', 'coach', '--name', 'Coach', '--role', 'trainer'], 'coach-pass-1\n');
	cli(['user', 'add', '--login', 'wang', '--name', '王小明', '--name-alt', 'Wang Hsiao-Ming',
		'--role', 'learner'], 'wang-pass-123\n');
	cli(['user', 'add', '--login', 'lin', '--name', '林美華', '--name-alt', 'Lin Mei-Hua',
		'--role', 'learner'], 'lin-pass-1234\n');
	fs.writeFileSync(path.join(dir, 'c.gift'), BANK);
	fs.writeFileSync(path.join(dir, 'revb.json'), JSON.stringify(EXAM));
	cli(['import', '--bank', 'c', path.join(dir, 'c.gift')]);
	cli(['exam', 'add', '--owner', 'coach', path.join(dir, 'revb.json')]);
	base = await startServer();
	fs.mkdirSync(SHOTS, { recursive: true });
	const en = catalog('en'), zh = catalog('zh-TW');
	const coach = await signin('coach', 'coach-pass-1');
	const wang = await signin('wang', 'wang-pass-123');
	const lin = await signin('lin', 'lin-pass-1234');
	const w = await pass(wang), l = await pass(lin);
	check('both pass with a certificate', w.certificate && l.certificate, JSON.stringify(w).slice(0, 200));
	const wcode = w.certificate.verify_url.replace(/^.*\/V\//, '');
	const lcode = l.certificate.verify_url.replace(/^.*\/V\//, '');
	const r = await api(coach, 'POST', `/api/v1/certificates/${w.certificate.serial}/revoke`,
		{ reason: REASON });
	check('the trainer revokes wang\'s certificate', r.status === 200, r.status);

	browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });

	for (const [name, width, height, lang] of [['verify-zh-360', 360, 740, 'zh-TW'],
		['verify-en-1366', 1366, 768, 'en']]) {
		if (!want(name))
			continue;
		const cat = lang === 'en' ? en : zh;
		const ctx = await context(width, height, lang);
		const page = await ctx.newPage();
		await page.goto(`${base}/v/${wcode}`);
		const text = await page.textContent('main');
		check(`${name}: says revoked`, text.includes(cat.verify_revoked));
		check(`${name}: the revocation date and reason within the first screen`,
			await aboveFold(page, '.status-big.revoked, dl.revocation dt, dl.revocation dd') &&
			text.includes(cat.verify_revoked_on) && text.includes(REASON));
		check(`${name}: no "${cat.verify_expires}"`, !text.includes(cat.verify_expires));
		check(`${name}: nothing wider than the screen`, await noOverflow(page));
		await page.screenshot({ path: `${SHOTS}/revoke-${name}.png` });
		await ctx.close();
	}

	if (want('lookup-en')) {
		const ctx = await context(1366, 768, 'en', false);
		const page = await ctx.newPage();
		await page.goto(`${base}/`);
		await page.click(`footer a[href="/verify"]`);
		check('lookup-en: the footer leads to /verify', (await page.textContent('h1')) === en.lookup_title);
		await page.fill('#lk-serial', l.certificate.serial);
		await page.fill('#lk-name', '  lin   mei-hua ');
		await Promise.all([page.waitForNavigation(), page.click('form.lookup button')]);
		const text = await page.textContent('main');
		check('lookup-en: without script, the name finds the QR\'s page',
			(await page.$('.status-big.valid')) !== null && text.includes('林美華') &&
			text.includes(l.certificate.serial), text.slice(0, 200));
		await page.screenshot({ path: `${SHOTS}/revoke-lookup-en.png` });
		await ctx.close();
	}

	if (want('lookup-zh')) {
		const ctx = await context(360, 740, 'zh-TW');
		const page = await ctx.newPage();
		await page.goto(`${base}/verify`);
		check('lookup-zh: the form reads in zh-TW', (await page.textContent('h1')) === zh.lookup_title);
		check('lookup-zh: nothing wider than the phone', await noOverflow(page));
		await page.screenshot({ path: `${SHOTS}/revoke-lookup-zh-form.png`, fullPage: true });
		await page.fill('#lk-serial', l.certificate.serial.toLowerCase());
		await page.fill('#lk-check', checkCode(lcode).toLowerCase().replace('-', ' '));
		await Promise.all([page.waitForNavigation(), page.click('form.lookup button')]);
		let text = await page.textContent('main');
		check('lookup-zh: the check code finds the QR\'s page',
			(await page.$('.status-big.valid')) !== null && text.includes(zh.verify_valid) &&
			text.includes(l.certificate.serial), text.slice(0, 200));
		await page.goto(`${base}/verify`);
		await page.fill('#lk-serial', l.certificate.serial);
		await page.fill('#lk-name', '林美');
		await Promise.all([page.waitForNavigation(), page.click('form.lookup button')]);
		text = await page.textContent('main');
		check('lookup-zh: a wrong name gives the one message, nothing more',
			text.includes(zh.lookup_no_match) && (await page.$('.status-big')) === null);
		await page.screenshot({ path: `${SHOTS}/revoke-lookup-zh-miss.png`, fullPage: true });
		await ctx.close();
	}

	if (want('holder')) {
		for (const [lang, width, height] of [['zh-TW', 360, 740], ['en', 1366, 768]]) {
			const cat = lang === 'en' ? en : zh;
			const ctx = await context(width, height, lang);
			await ctx.addCookies([{ name: 'aicert_session', value: wang, url: base }]);
			const page = await ctx.newPage();
			await page.goto(`${base}/me`);
			let text = await page.textContent('main');
			check(`holder ${lang}: /me shows the reason, no download`,
				text.includes(REASON) && (await page.$('a[href$=".pdf"]')) === null &&
				!text.includes(cat.result_download), text.slice(0, 300));
			await page.screenshot({ path: `${SHOTS}/revoke-holder-me-${lang}.png`, fullPage: true });
			await page.goto(`${base}/attempts/${w.attempt}/result`);
			text = await page.textContent('main');
			/* the score report stays: it is the result, not the certificate */
			check(`holder ${lang}: the result page shows the notice, no certificate download`,
				text.includes(REASON) && (await page.$('a[href$=".pdf"]:not([href$="/report.pdf"])')) === null &&
				(await aboveFold(page, '.cert-revoked')));
			check(`holder ${lang}: nothing wider than the screen`, await noOverflow(page));
			await page.screenshot({ path: `${SHOTS}/revoke-holder-result-${lang}.png` });
			await ctx.close();
		}
	}
};

try {
	await run();
} catch (e) {
	check('the revoke test runs to its end', false, e.stack);
}
if (browser)
	await browser.close();
const { passed, failed } = counts();
console.log(`revoke: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
