// blueprint.test.mjs - the exam form's drawing by competency, as a trainer
// meets it in real headless Chromium, in English and in zh-TW, on a
// 360 px phone and at 1366 px:
//
//   table      beside the sections, the bank's competencies with their
//              questions per language and difficulty, titles in the
//              page's language, a competency beneath another stood in;
//              the page never wider than the phone (the table scrolls
//              within itself).
//   section    editing an exam shows its section's competency chosen.
//   new exam   on the phone: choose the bank, "Show this bank's
//              competencies", choose a competency for a section, save:
//              the exam is saved drawing by that competency.
//
// The framework is written with the sqlite3 tool into the scratch
// database; the bank is uploaded by the trainer through the API. Same
// harness as exam.test.mjs; screenshots in /tmp/aicert-browser/. Exits 1
// on any failure, 77 when a tool is missing.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { CHROMIUM, SHOTS, apiFetch, catalog, check, chromiumOrSkip, cli, counts, scratch,
	startServer } from './harness.mjs';

const chromium = await chromiumOrSkip();
const dir = scratch('aicert-blueprint-');
let browser = null, base = '';

const BANK = `$CATEGORY: bp/a

// [id:a1] [tag:easy] [tag:comp:T.1.1]
::A1::Stem A1{=right ~wrong}

// [id:a2] [tag:medium] [tag:comp:T.1.2]
::A2::Stem A2{=right ~wrong}

// [id:a3] [tag:hard] [tag:comp:T.1]
::A3::Stem A3{=right ~wrong}

// [id:a1] [tag:easy] [tag:comp:T.1.1]
::A1::題幹 A1 甲{=對 ~錯}

// [id:a2] [tag:medium] [tag:comp:T.1.2]
::A2::題幹 A2 乙{=對 ~錯}

$CATEGORY: bp/b

// [id:b1] [tag:comp:T.2]
::B1::Stem B1{=right ~wrong}

// [id:b2] [tag:comp:T.2]
::B2::Stem B2{=right ~wrong}

// [id:b1] [tag:comp:T.2]
::B1::題幹 B1 丙{=對 ~錯}

// [id:b2] [tag:comp:T.2]
::B2::題幹 B2 丁{=對 ~錯}
`;

const FRAMEWORK = `
INSERT INTO frameworks(id, version, title_en, title_zh, definition, created_at)
  VALUES ('t', '1', 'Test framework', '測試架構', '{}', 1);
INSERT INTO competencies VALUES
  ('t', '1', 'T.1', 'Foundations of artificial intelligence', '人工智慧基礎', NULL, 0),
  ('t', '1', 'T.1.1', 'Terms', '名詞', 'T.1', 1),
  ('t', '1', 'T.1.2', 'Limits of what models can do', '模型能力的限制', 'T.1', 2),
  ('t', '1', 'T.2', 'Practice', '實務', NULL, 3);
`;

function noOverflow(page) {
	return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}

async function signIn(ctx) {
	const page = await ctx.newPage();
	await page.goto(`${base}/signin`);
	await page.fill('input[name=login]', 'coach');
	await page.fill('input[name=password]', 'coach-pass-1');
	await Promise.all([page.waitForNavigation(), page.click('form button[type=submit]')]);
	return page;
}

const run = async () => {
	cli(['init'], '', { AICERT_ADMIN_PASSWORD: 'admin-pass-123' });
	cli(['user', 'add', '--login', 'coach', '--name', 'Coach', '--role', 'trainer'], 'coach-pass-1\n');
	const sq = spawnSync('sqlite3', [path.join(dir, 'a.db')], { input: FRAMEWORK, encoding: 'utf8' });
	if (sq.error)
		throw new Error(`sqlite3: ${sq.error.message} (apt-get install -y sqlite3)`);
	check('the framework is written', sq.status === 0, sq.stderr);
	base = await startServer();
	fs.mkdirSync(SHOTS, { recursive: true });
	const s = await apiFetch(base, null, 'POST', '/api/v1/session',
		{ login: 'coach', password: 'coach-pass-1' });
	const token = s.json && s.json.token;
	const up = await apiFetch(base, token, 'POST', '/api/v1/banks?bank=bp&filename=bp.gift', BANK,
		'text/plain');
	check('the trainer uploads bank bp', up.status === 201, JSON.stringify(up.json));
	const ex = await apiFetch(base, token, 'POST', '/api/v1/exams', { id: 'bp-look',
		title: { en: 'Look', 'zh-TW': '看看' }, duration_s: 600, pass_percent: 50, bank: 'bp',
		sections: [{ competency: 'T.1', count: 2 }, { category: 'bp/b', count: 1 }] });
	check('an exam drawing 2 of T.1 is saved', ex.status === 201, JSON.stringify(ex.json));
	browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });

	for (const lang of ['en', 'zh-TW']) {
		const cat = catalog(lang);
		for (const width of [360, 1366]) {
			const ctx = await browser.newContext({ viewport: { width, height: 800 }, locale: lang,
				extraHTTPHeaders: { 'Accept-Language': lang } });
			const page = await signIn(ctx);
			await page.goto(`${base}/console/exams/bp-look/edit`);
			const caption = await page.textContent('#competencies caption');
			check(`table ${lang} ${width}: its caption names bank bp`,
				caption.trim() === cat.console_comp_caption.replace('{bank}', 'bp'), caption);
			const t1 = await page.$$eval('#competencies tbody tr', (trs) =>
				trs.slice(0, 2).map((tr) => [...tr.children].map((c) => c.textContent.trim())));
			const title = lang === 'en' ? 'Foundations of artificial intelligence' : '人工智慧基礎';
			check(`table ${lang} ${width}: T.1 ${title}, 1 easy, 1 medium, 1 hard, 3 in all; ` +
				'2 in Chinese',
				JSON.stringify(t1) === JSON.stringify([
					['T.1', title, cat.console_comp_lang_en, '1', '1', '1', '0', '3'],
					[cat.console_comp_lang_zh, '1', '1', '0', '0', '2']]), JSON.stringify(t1));
			const indent = await page.$$eval('#competencies tbody th', (ths) =>
				ths.map((th) => parseFloat(getComputedStyle(th).paddingLeft)));
			check(`table ${lang} ${width}: T.1.1 stands in from T.1`, indent[1] > indent[0],
				JSON.stringify(indent));
			check(`section ${lang} ${width}: section 1's competency is T.1`,
				await page.$eval('#s0-comp', (e) => e.value) === 'T.1');
			check(`page ${lang} ${width}: nothing wider than the window`, await noOverflow(page));
			await page.locator('#competencies').scrollIntoViewIfNeeded();
			await page.screenshot({ path: `${SHOTS}/blueprint-table-${lang}-${width}.png` });
			await ctx.close();
		}
	}

	// A new exam on the phone, by competency.
	const ctx = await browser.newContext({ viewport: { width: 360, height: 800 }, locale: 'zh-TW',
		extraHTTPHeaders: { 'Accept-Language': 'zh-TW' } });
	const page = await signIn(ctx);
	const cat = catalog('zh-TW');
	await page.goto(`${base}/console/exams/new`);
	await page.selectOption('#e-bank', 'bp');
	await Promise.all([page.waitForNavigation(), page.click('button[name=recount]')]);
	check('new exam: the bank chosen is counted',
		(await page.textContent('#competencies caption')).trim() ===
		cat.console_comp_caption.replace('{bank}', 'bp'));
	const options = await page.$$eval('#s0-comp option', (os) => os.map((o) => o.textContent));
	check('new exam: the competency choices read in zh-TW with their counts',
		options.includes('T.2 實務（英文 2 題，中文 2 題）'), JSON.stringify(options));
	await page.fill('#e-id', 'bp-phone');
	await page.fill('#e-ten', 'Phone');
	await page.fill('#e-tzh', '手機');
	await page.selectOption('#s0-comp', 'T.2');
	await page.fill('#s0-count', '2');
	check('new exam: nothing wider than the phone', await noOverflow(page));
	const invalid = await page.$$eval('form.exam-form :invalid', (es) => es.map((e) => e.id || e.name));
	check('new exam: every field the browser checks is valid', invalid.length === 0,
		JSON.stringify(invalid));
	await Promise.all([page.waitForNavigation(), page.click('.form-actions button[type=submit]:not([name])')]);
	check('new exam: saved, on its page', new URL(page.url()).pathname === '/console/exams/bp-phone',
		page.url());
	await page.screenshot({ path: `${SHOTS}/blueprint-new-zh-TW-360.png`, fullPage: true });
	const def = await apiFetch(base, token, 'GET', '/api/v1/exams/bp-phone');
	check('new exam: it draws 2 of T.2',
		def.json && def.json.sections.length === 1 && def.json.sections[0].competency === 'T.2' &&
		def.json.sections[0].count === 2, JSON.stringify(def.json && def.json.sections));
	await ctx.close();
};

try {
	await run();
} catch (e) {
	check('the blueprint test runs to its end', false, e.stack);
}
if (browser)
	await browser.close();
const { passed, failed } = counts();
console.log(`blueprint: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
