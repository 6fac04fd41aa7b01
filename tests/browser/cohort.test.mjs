// cohort.test.mjs - the trainer's cohort by competency and item statistics
// pages, in real headless Chromium, at 360 and 1366 px, in both languages:
//
//   cohort   the heat map of a cohort of seven learners in two sittings
//            (one of 2: too few) under a framework of two areas: nothing wider
//            than the screen (the table scrolls in its own box), every
//            cell's number written, Tab reaches a sitting's heading and
//            Enter sorts by it (aria-sort says so), with no script.
//   items    the item statistics of 60 questions: 50 rows, Tab and Enter
//            on a figure's heading sort by it, the competency filter
//            chosen from the keyboard narrows the table to the tagged
//            questions, the page link goes on to the other 10.
//
// The framework is stored with the sqlite3 tool (tools/deps.sh installs
// it), as a framework file would load it. Same harness as exam.test.mjs
// (harness.mjs); screenshots in /tmp/aicert-browser/. Exits 1 on any
// failure, 77 when a tool is missing.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { apiFetch, CHROMIUM, SHOTS, catalog, check, chromiumOrSkip, cli, counts, scratch,
	startServer } from './harness.mjs';

const chromium = await chromiumOrSkip();
const dir = scratch('aicert-cohort-');
let browser = null, base = '';

const api = (token, method, p, body, ctype) => apiFetch(base, token, method, p, body, ctype);

let BANK = '$CATEGORY: c/all\n\n';
for (let i = 1; i <= 60; i++)
	BANK += `// [id:q${i}]${i <= 12 ? ' [tag:comp:B.1.1]' : i <= 30 ? ' [tag:comp:B.2.1]' : ''}\n` +
		`::Q${i}::Question ${i}{=right ~wrong}\n\n`;

const FRAMEWORK = `
INSERT INTO frameworks VALUES ('bt', '1', 'Browser test', '瀏覽器測試', '{}', 1, NULL);
INSERT INTO competencies VALUES ('bt', '1', 'B.1', 'Knowing', '知道', NULL, 1);
INSERT INTO competencies VALUES ('bt', '1', 'B.1.1', 'Terms', '名詞', 'B.1', 2);
INSERT INTO competencies VALUES ('bt', '1', 'B.2', 'Doing', '做到', NULL, 3);
INSERT INTO competencies VALUES ('bt', '1', 'B.2.1', 'Prompts', '提示', 'B.2', 4);
`;

function noOverflow(page) {
	return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}

/* Presses Tab until the focus is on selector (at most 80 times): the
 * number of presses, or -1. */
async function tabTo(page, selector) {
	for (let i = 1; i <= 80; i++) {
		await page.keyboard.press('Tab');
		if (await page.evaluate((s) => document.activeElement &&
			document.activeElement.matches(s), selector))
			return i;
	}
	return -1;
}

/* Takes exam "bt" as token, right on the questions whose number is in
 * right. */
async function take(token, right) {
	const a = await api(token, 'POST', '/api/v1/exams/bt/attempts', { lang: 'en' });
	for (const it of a.json.items) {
		const n = +/Question (\d+)/.exec(it.prompt)[1];
		const want = right(n) ? 'right' : 'wrong';
		const choice = it.choices.find((c) => c.text === want);
		await api(token, 'PUT', `/api/v1/attempts/${a.json.id}/responses/${it.id}`,
			{ response: { choice: choice.id }, seq: 1 });
	}
	return (await api(token, 'POST', `/api/v1/attempts/${a.json.id}/submit`)).status;
}

const run = async () => {
	cli(['init'], '', { AICERT_ADMIN_PASSWORD: 'admin-pass-123' });
	cli(['user', 'add', '--login', 'coach', '--name', 'Coach', '--role', 'trainer'], 'coach-pass-1\n');
	fs.writeFileSync(path.join(dir, 'bt.gift'), BANK);
	cli(['import', '--bank', 'bt', '--owner', 'coach', path.join(dir, 'bt.gift')]);
	const sq = spawnSync('sqlite3', [path.join(dir, 'a.db')], { input: FRAMEWORK, encoding: 'utf8' });
	check('the framework is stored', sq.status === 0, sq.stderr || (sq.error && sq.error.message));
	base = await startServer();
	fs.mkdirSync(SHOTS, { recursive: true });
	const coach = (await api(null, 'POST', '/api/v1/session',
		{ login: 'coach', password: 'coach-pass-1' })).json.token;
	const ex = await api(coach, 'POST', '/api/v1/exams', { id: 'bt', title: { en: 'Browser cohort',
		'zh-TW': '瀏覽器班級' }, duration_s: 600, pass_percent: 60, languages: ['en'], bank: 'bt',
		sections: [{ category: 'c/all', count: 60 }] });
	check('the trainer makes an exam of 60 questions', ex.status === 201, JSON.stringify(ex.json));
	let csv = 'login,name\n';
	for (let i = 0; i < 7; i++)
		csv += `bl${i},Learner ${i}\n`;
	const imp = await api(coach, 'POST', '/api/v1/users/import?codes_days=3', csv, 'text/csv');
	check('seven learners with codes', imp.status === 201, JSON.stringify(imp.json));
	for (const [name, members] of [['Morning', ['bl0', 'bl1', 'bl2', 'bl3', 'bl4']], ['Evening', ['bl5', 'bl6']]]) {
		const s = await api(coach, 'POST', '/api/v1/exams/bt/sittings',
			{ name, opens_at: 1000000000, closes_at: 4102444800, members });
		check(`the ${name} sitting`, s.status === 201, JSON.stringify(s.json));
	}
	for (const [i, l] of imp.json.learners.entries()) {
		const tok = (await api(null, 'POST', '/api/v1/session', { code: l.code })).json.token;
		const st = await take(tok, (n) => (n + i) % 3 !== 0 && !(n > 12 && n <= 30 && i >= 5));
		check(`learner ${i} submits`, st === 200, st);
	}

	browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
	for (const [lang, width, height] of [['en', 360, 740], ['zh-TW', 360, 740], ['en', 1366, 768],
		['zh-TW', 1366, 768]]) {
		const cat = catalog(lang);
		const tag = `${lang} ${width}`;
		const ctx = await browser.newContext({ viewport: { width, height }, locale: lang,
			javaScriptEnabled: false, extraHTTPHeaders: { 'Accept-Language': lang } });
		await ctx.addCookies([{ name: 'aicert_session', value: coach, url: base }]);
		const page = await ctx.newPage();

		/* the cohort */
		await page.goto(`${base}/console/exams/bt/cohort`);
		check(`cohort ${tag}: the page's title`, (await page.textContent('h1')).includes(cat.console_cohort));
		check(`cohort ${tag}: nothing wider than the screen`, await noOverflow(page));
		const cells = await page.$$eval('td.heat', (tds) => tds.map((td) => td.textContent.trim()));
		check(`cohort ${tag}: 4 competencies x 3 columns, every cell a number`, cells.length === 12 &&
			cells.every((t) => /\d+%/.test(t)), JSON.stringify(cells));
		check(`cohort ${tag}: the evening's 2 learners are marked "${cat.console_cohort_too_few}"`,
			(await page.$$eval('td.heat.few', (tds) => tds.length)) === 4 &&
			(await page.textContent('table.cohort')).includes(cat.console_cohort_too_few));
		if (width === 360)
			check(`cohort ${tag}: the table scrolls in its own box`, await page.$eval('.table-wrap',
				(w) => w.scrollWidth > w.clientWidth));
		await page.screenshot({ path: `${SHOTS}/cohort-${lang}-${width}.png`, fullPage: true });
		check(`cohort ${tag}: Tab reaches the morning's heading`,
			await tabTo(page, 'thead th:nth-child(3) a') > 0);
		await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
		check(`cohort ${tag}: Enter sorts by it, weakest first`, /sort=s\d+/.test(page.url()) &&
			(await page.getAttribute('thead th:nth-child(3)', 'aria-sort')) === 'ascending', page.url());
		const morning = await page.$$eval('tbody tr td:nth-child(3) strong',
			(s) => s.map((e) => parseInt(e.textContent, 10)));
		check(`cohort ${tag}: the rows go from the weakest up`,
			morning.every((v, i) => i === 0 || v >= morning[i - 1]), JSON.stringify(morning));

		/* the item statistics */
		await page.goto(`${base}/console/exams/bt/items`);
		check(`items ${tag}: nothing wider than the screen`, await noOverflow(page));
		check(`items ${tag}: 50 questions on the first page`,
			(await page.$$eval('table.items tbody tr', (r) => r.length)) === 50);
		check(`items ${tag}: Tab reaches the facility heading`,
			await tabTo(page, 'thead th:nth-child(3) a') > 0);
		await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
		const fac = await page.$$eval('table.items tbody tr td:nth-child(3)',
			(t) => t.map((e) => parseFloat(e.textContent)));
		check(`items ${tag}: Enter sorts by facility, hardest first`, page.url().includes('sort=facility') &&
			fac.every((v, i) => i === 0 || v >= fac[i - 1] - 1e-9), JSON.stringify(fac.slice(0, 8)));
		await page.goto(`${base}/console/exams/bt/items`);
		check(`items ${tag}: Tab reaches the competency filter`, await tabTo(page, '#f-comp') > 0);
		await page.selectOption('#f-comp', 'B.1');
		await page.focus('.filters button');
		await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
		const ids = await page.$$eval('table.items tbody th code.small:first-of-type',
			(c) => c.map((e) => e.textContent));
		check(`items ${tag}: area B.1 narrows the table to its 12 questions`, ids.length === 12 &&
			ids.every((id) => +id.slice(1) <= 12), JSON.stringify(ids));
		await page.goto(`${base}/console/exams/bt/items`);
		await page.screenshot({ path: `${SHOTS}/items-${lang}-${width}.png` });
		await Promise.all([page.waitForNavigation(), page.click('.page-links a')]);
		check(`items ${tag}: the page link shows the other 10`,
			(await page.$$eval('table.items tbody tr', (r) => r.length)) === 10 &&
			page.url().endsWith('page=2'), page.url());
		check(`items ${tag}: page 2 is no wider than the screen`, await noOverflow(page));
		await ctx.close();
	}
};

try {
	await run();
} catch (e) {
	check('the cohort test runs to its end', false, e.stack);
}
if (browser)
	await browser.close();
const { passed, failed } = counts();
console.log(`cohort: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
