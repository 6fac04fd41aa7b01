// learner-home.test.mjs - the learner's way through, in real headless
// Chromium, in both languages:
//
//   home-zh, home-en   an access-code learner on a 360 px phone skips the
//                      password and lands on home: welcomed (not "welcome
//                      back"), no marketing cards, the first exam card on
//                      the first screen, nothing wider than the phone.
//   exam-zh, exam-en   the one-page practice exam: no box has the "this
//                      page" border, a legend says what the marks mean;
//                      with questions left open and one flagged, the finish
//                      page lists them as links, and a link lands on its
//                      question; home then shows the running attempt with
//                      its Continue button above the exams.
//   editor             the console's new-exam page logs no error in the
//                      console (the exam-id pattern compiles with the v
//                      flag) and the browser checks the pattern.
//
// Same harness as exam.test.mjs (harness.mjs); screenshots in
// /tmp/aicert-browser/. Exits 1 on any failure, 77 when a tool is missing.

import { apiFetch, CHROMIUM, SHOTS, catalog, check, chromiumOrSkip, cli, counts, scratch,
	startServer } from './harness.mjs';
import fs from 'node:fs';

const chromium = await chromiumOrSkip();
scratch('aicert-learner-home-');
let browser = null, base = '';

const api = (token, method, p, body, ctype) => apiFetch(base, token, method, p, body, ctype);

function noOverflow(page) {
	return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}

async function context(width, height, lang) {
	return browser.newContext({ viewport: { width, height }, locale: lang,
		extraHTTPHeaders: { 'Accept-Language': lang } });
}

/* The page's errors and console errors, collected from now on. */
function errorsOf(page) {
	const errors = [];
	page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
	page.on('pageerror', (e) => errors.push(e.message));
	return errors;
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
	const names = Object.fromEntries(imp.json.learners.map((l) => [l.login, l.name]));

	browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });

	for (const [lang, login] of [['zh-TW', 'mei'], ['en', 'tom']]) {
		const cat = catalog(lang);
		const tag = lang === 'en' ? 'en' : 'zh';
		const ctx = await context(360, 740, lang);
		const page = await ctx.newPage();
		const errors = errorsOf(page);

		/* ---- home ---- */
		await page.goto(`${base}/signin`);
		await page.click('details.code-signin summary');
		await page.fill('#code', codes[login]);
		await Promise.all([page.waitForNavigation(), page.click('details.code-signin button')]);
		await Promise.all([page.waitForNavigation(), page.click('#welcome-skip')]);
		if (want(`home-${tag}`)) {
			const h1 = (await page.textContent('h1')).trim();
			const greet = lang === 'en' ? `${cat.home_welcome_new} ${names[login]}${cat.home_welcome_end}` :
				`${cat.home_welcome_new}${names[login]}${cat.home_welcome_end}`;
			check(`home-${tag}: the skip lands on home, welcoming the new learner`,
				new URL(page.url()).pathname === '/' && h1 === greet, `${page.url()} ${h1}`);
			check(`home-${tag}: no marketing cards for a signed-in learner`,
				await page.locator('.cards, .hero').count() === 0);
			const top = await page.evaluate(() => {
				const c = document.querySelector('.exam-list .card');
				return c ? c.getBoundingClientRect().top : -1;
			});
			check(`home-${tag}: the first exam card is on the first screen`, top > 0 && top < 740 - 60,
				String(top));
			check(`home-${tag}: nothing wider than the phone`, await noOverflow(page));
			await page.screenshot({ path: `${SHOTS}/learner-home-${tag}-360.png`, fullPage: true });
		}

		/* ---- the practice exam, one page ---- */
		await page.goto(`${base}/exams/ai-literacy-practice`);
		await Promise.all([page.waitForNavigation(), page.click('form[action$="/start"] button[type=submit]')]);
		const attemptUrl = page.url();
		if (want(`exam-${tag}`)) {
			check(`exam-${tag}: on the attempt page`, /\/attempts\/[^/]+$/.test(new URL(attemptUrl).pathname),
				attemptUrl);
			check(`exam-${tag}: one page, no box has the "this page" border`,
				await page.locator('.navigator a.nav-item.here').count() === 0 &&
				await page.locator('.navigator a.nav-item').count() === 10);
			const legend = await page.textContent('.nav-legend');
			check(`exam-${tag}: a legend says what answered and flagged look like`,
				legend.includes(cat.nav_legend_answered) && legend.includes(cat.nav_legend_flagged) &&
				!legend.includes(cat.nav_here), legend);
			const timer = await page.textContent('.timer-box');
			check(`exam-${tag}: the time label reads as the language writes it`,
				lang === 'en' ? /^Time left: \d/.test(timer.trim()) : /^剩餘時間：\d/.test(timer.trim()),
				timer);
			await page.screenshot({ path: `${SHOTS}/learner-exam-${tag}-360.png` });
			/* answer the first question, flag the third */
			const q1 = page.locator('.question').first();
			if (await q1.locator('input[type=radio]').count())
				await q1.locator('input[type=radio]').first().check();
			else if (await q1.locator('input[type=checkbox]:not([data-flag])').count())
				await q1.locator('input[type=checkbox]:not([data-flag])').first().check();
			else if (await q1.locator('select').count())
				await q1.locator('select').first().selectOption({ index: 1 });
			else
				await q1.locator('input[type=text], textarea').first().fill('3');
			await page.locator('.question').nth(2).locator('.flag input').check();
			await page.waitForTimeout(600);
			await Promise.all([page.waitForNavigation(), page.click('button[name=go][value=finish]')]);
			check(`exam-${tag}: on the finish page`, /\/finish/.test(page.url()), page.url());
			const open = await page.locator('#finish-open a').allTextContents();
			check(`exam-${tag}: the finish page lists the 9 open questions as links`,
				open.length === 9 && !open.some((t) => t.includes(' 1' + cat.q_after) && t.trim() ===
					`${cat.q_before} 1${cat.q_after}`.trim()), JSON.stringify(open));
			const flagged = await page.locator('#finish-flagged a').allTextContents();
			check(`exam-${tag}: and the flagged one`, flagged.length === 1 &&
				flagged[0].includes('3'), JSON.stringify(flagged));
			check(`exam-${tag}: nothing wider than the phone on the finish page`, await noOverflow(page));
			await page.screenshot({ path: `${SHOTS}/learner-finish-${tag}-360.png`, fullPage: true });
			const href = await page.locator('#finish-open a').nth(4).getAttribute('href');
			await Promise.all([page.waitForNavigation(), page.locator('#finish-open a').nth(4).click()]);
			const id = href.split('#')[1];
			await page.waitForTimeout(300);
			const seen = await page.evaluate((qid) => {
				const el = document.getElementById(qid);
				if (!el)
					return null;
				const r = el.getBoundingClientRect();
				return { top: r.top, h: window.innerHeight, hash: location.hash };
			}, id);
			check(`exam-${tag}: a link lands on its question, in view`, seen !== null &&
				seen.hash === `#${id}` && seen.top >= 0 && seen.top < seen.h, JSON.stringify(seen));
			/* home: the running attempt first, with its Continue button */
			await page.goto(`${base}/`);
			const order = await page.evaluate(() => {
				const b = document.querySelector('.resume-banner'), l = document.querySelector('.exam-list');
				return b && l ? b.getBoundingClientRect().top < l.getBoundingClientRect().top &&
					b.getBoundingClientRect().top < window.innerHeight : false;
			});
			check(`exam-${tag}: home shows the running attempt first, on the first screen`, order &&
				(await page.textContent('.resume-banner a.button')).includes(cat.exam_resume));
			await page.screenshot({ path: `${SHOTS}/learner-home-running-${tag}-360.png`, fullPage: true });
			check(`exam-${tag}: no errors on the learner's pages`, errors.length === 0, errors.join(' | '));
		}
		await ctx.close();
	}

	if (want('editor')) {
		for (const [lang, width, height] of [['en', 1366, 768], ['zh-TW', 360, 740]]) {
			const ctx = await context(width, height, lang);
			await ctx.addCookies([{ name: 'aicert_session', value: coach, url: base }]);
			const page = await ctx.newPage();
			const errors = errorsOf(page);
			await page.goto(`${base}/console/exams/new`);
			await page.waitForTimeout(300);
			check(`editor ${lang} ${width}: no console error on the exam editor`, errors.length === 0,
				errors.join(' | '));
			await page.fill('#e-id', 'Bad Id!');
			const bad = await page.evaluate(() => document.getElementById('e-id').validity.patternMismatch);
			await page.fill('#e-id', 'ai-basics-2026');
			const good = await page.evaluate(() => document.getElementById('e-id').validity.valid);
			check(`editor ${lang} ${width}: the browser checks the exam id's pattern`, bad && good,
				`${bad} ${good}`);
			await page.screenshot({ path: `${SHOTS}/learner-editor-${lang}-${width}.png`, fullPage: true });
			await ctx.close();
		}
	}
};

try {
	await run();
} catch (e) {
	check('the run finishes', false, e.stack);
} finally {
	if (browser)
		await browser.close();
}
const { passed, failed } = counts();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
