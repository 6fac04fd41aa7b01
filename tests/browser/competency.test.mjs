// competency.test.mjs - a learner's result by competency on a phone, in
// real headless Chromium at 360 px, in both languages:
//
//   result-zh, result-en   the result page lists the areas with their
//                          competencies beneath, each with a whole percent
//                          and the band in plain words (too few questions
//                          shown as a count, not a percent), as a table a
//                          screen reader reads; nothing wider than the
//                          phone; the score report link is there and
//                          gives a PDF; axe-core finds no WCAG 2.2 AA
//                          violation in the table.
//   desktop                the same page at 1366 px.
//
// The framework is inserted with sqlite3 (the tables of the store). Same
// harness as exam.test.mjs (harness.mjs); screenshots in
// /tmp/aicert-browser/. Exits 1 on any failure, 77 when a tool is missing.

import { apiFetch, CHROMIUM, SHOTS, catalog, check, chromiumOrSkip, cli, counts, scratch,
	startServer } from './harness.mjs';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const chromium = await chromiumOrSkip();
const tmp = scratch('aicert-competency-');
let browser = null, base = '';

const api = (token, method, p, body, ctype) => apiFetch(base, token, method, p, body, ctype);

function noOverflow(page) {
	return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}

const bank = `$CATEGORY: tf/all

// [id:q1] [tag:comp:TF.1.1] [tag:comp:TF.1.2]
::Q1::Marker Q1 question{=right ~%50%half ~wrong}

// [id:q2] [tag:comp:TF.1.1]
::Q2::Marker Q2 question{=right ~wrong}

// [id:q3] [tag:comp:TF.1.2]
::Q3::Marker Q3 question{=right ~wrong}

// [id:q4] [tag:comp:TF.2.1]
::Q4::Marker Q4 question{=right ~wrong}

// [id:q5] [tag:comp:TF.2.1]
::Q5::Marker Q5 question{=right ~wrong}

// [id:q6] [tag:comp:TF.2.1]
::Q6::Marker Q6 question{=right ~wrong}
`;
const exam = {
	id: 'cx', title: { en: 'Competency exam', 'zh-TW': '能力測驗' }, duration_s: 600,
	pass_percent: 60, languages: ['en'], review: 'by_section',
	sections: [{ category: 'tf/all', count: 6 }]
};
const framework = `
INSERT INTO frameworks VALUES ('tf', '1', 'Test framework', '測試架構', '{}', 1000, NULL);
INSERT INTO competencies VALUES ('tf', '1', 'TF.1', 'Concepts of artificial intelligence', '人工智慧的基本概念', NULL, 1);
INSERT INTO competencies VALUES ('tf', '1', 'TF.1.1', 'Models and how they learn from data', '模型及其如何從資料中學習', 'TF.1', 1);
INSERT INTO competencies VALUES ('tf', '1', 'TF.1.2', 'Data', '資料', 'TF.1', 2);
INSERT INTO competencies VALUES ('tf', '1', 'TF.2', 'Working with generative AI', '運用生成式人工智慧', NULL, 2);
INSERT INTO competencies VALUES ('tf', '1', 'TF.2.1', 'Prompting', '提示撰寫', 'TF.2', 1);
`;
const plan = { Q1: 'half', Q2: 'right', Q3: 'wrong', Q4: 'right', Q5: 'right', Q6: 'wrong' };

const run = async () => {
	const only = (process.env.BROWSER_RUNS || '').split(',').filter(Boolean);
	const want = (name) => only.length === 0 || only.includes(name);

	cli(['user', 'add', '--login', 'mei', '--name', '陳美玲', '--role', 'learner'], 'mei-secret-2026\n');
	fs.writeFileSync(path.join(tmp, 'tf.gift'), bank);
	fs.writeFileSync(path.join(tmp, 'cx.json'), JSON.stringify(exam));
	cli(['import', '--bank', 'tf', path.join(tmp, 'tf.gift')]);
	cli(['exam', 'add', path.join(tmp, 'cx.json')]);
	const sq = spawnSync('sqlite3', [path.join(tmp, 'a.db')], { input: framework, encoding: 'utf8' });
	if (sq.error || sq.status !== 0) {
		console.log(`skip: sqlite3 is needed to store the framework (${sq.stderr || sq.error})`);
		process.exit(77);
	}
	base = await startServer();
	fs.mkdirSync(SHOTS, { recursive: true });
	const tok = (await api(null, 'POST', '/api/v1/session',
		{ login: 'mei', password: 'mei-secret-2026' })).json.token;
	const att = (await api(tok, 'POST', '/api/v1/exams/cx/attempts', { lang: 'en' })).json;
	for (const it of att.items) {
		const q = /Marker (Q\d)/.exec(JSON.stringify(it))[1];
		const choice = it.choices.find((c) => c.text === plan[q]);
		await api(tok, 'PUT', `/api/v1/attempts/${att.id}/responses/${it.id}`,
			{ response: { choice: choice.id }, seq: 1 });
	}
	const sub = await api(tok, 'POST', `/api/v1/attempts/${att.id}/submit`);
	check('submitted with competencies', sub.status === 200 && sub.json.competencies.length === 5,
		JSON.stringify(sub.json));

	browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
	for (const [name, lang, width] of [['result-zh', 'zh-TW', 360], ['result-en', 'en', 360],
		['desktop', 'zh-TW', 1366]]) {
		if (!want(name))
			continue;
		const cat = catalog(lang);
		const ctx = await browser.newContext({ viewport: { width, height: 800 }, locale: lang, bypassCSP: true,
			extraHTTPHeaders: { 'Accept-Language': lang, Authorization: `Bearer ${tok}` } });
		const page = await ctx.newPage();
		await page.goto(`${base}/attempts/${att.id}/result`);
		const table = page.locator('table.competencies');
		check(`${name}: the table of competencies`, await table.count() === 1);
		const heads = await table.locator('tbody th[scope=row]').allTextContents();
		check(`${name}: areas with their competencies beneath, in framework order`,
			heads.map((h) => h.trim().split(/\s+/)[0]).join(' ') === 'TF.1 TF.1.1 TF.1.2 TF.2 TF.2.1',
			JSON.stringify(heads));
		check(`${name}: titles in the page's language`, lang === 'en' ?
			heads[3].includes('Working with generative AI') : heads[3].includes('運用生成式人工智慧'),
			heads[3]);
		const cells = await table.locator('tbody td').allTextContents();
		const row = (i) => cells[i].replace(/\s+/g, ' ').trim();
		check(`${name}: TF.1 50% and not yet`, row(0).includes('50%') && row(0).includes(cat.comp_not_yet),
			row(0));
		check(`${name}: TF.2 67% (a whole percent) and meets`, row(3).includes('67%') &&
			!row(3).includes('66.7') && row(3).includes(cat.comp_meets), row(3));
		const count = cat.comp_of_questions.replace('{score}', '1.5').replace('{items}', '2');
		check(`${name}: too few questions as a count, no percent`, row(1).includes(count) &&
			row(1).includes(cat.comp_too_few) && !row(1).includes('%'), row(1));
		check(`${name}: areas marked as rows of a table`, await table.locator('thead th[scope=col]').count() === 2);
		check(`${name}: nothing wider than the page`, await noOverflow(page));
		const link = page.locator('a[href$="/report.pdf"]');
		check(`${name}: the score report link`, (await link.textContent()).trim() === cat.comp_report_download);
		const pdf = await page.request.get(`${base}/attempts/${att.id}/report.pdf`);
		check(`${name}: the score report is a PDF`, pdf.status() === 200 &&
			(await pdf.body()).subarray(0, 5).toString() === '%PDF-', String(pdf.status()));
		await page.addScriptTag({ path: path.join(path.dirname(new URL(import.meta.url).pathname),
			'node_modules', 'axe-core', 'axe.min.js') });
		const axe = await page.evaluate(() => window.axe.run(
			{ include: [['table.competencies'], ['#by-competency'], ['a[href$="/report.pdf"]']] },
			{ runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'] }));
		check(`${name}: axe-core finds nothing against WCAG 2.2 AA in the competencies`,
			axe.violations.length === 0 && axe.passes.length > 0,
			JSON.stringify(axe.violations.map((v) => [v.id, v.nodes.length])));
		await page.screenshot({ path: `${SHOTS}/competency-${name}.png`, fullPage: true });
		await ctx.close();
	}
};

try {
	await run();
} catch (e) {
	check('no exception', false, e.stack);
} finally {
	if (browser)
		await browser.close();
}
const { passed, failed } = counts();
console.log(`competency: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
