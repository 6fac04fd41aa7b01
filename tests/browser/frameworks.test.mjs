// frameworks.test.mjs - the console's competency frameworks page in real
// headless Chromium, in both languages, on a 360 px phone and at 1366 px:
// reached from the console by keyboard, each framework a tree of codes
// with titles in the page's language and question counts, nothing wider
// than the screen; a framework added by keyboard alone (pasted JSON, Tab,
// Enter) and another from a chosen file; errors beside the form.
//
// Same harness as exam.test.mjs (harness.mjs); screenshots in
// /tmp/aicert-browser/. Exits 1 on any failure, 77 when a tool is missing.

import { apiFetch, CHROMIUM, SHOTS, catalog, check, chromiumOrSkip, cli, counts, scratch,
	startServer } from './harness.mjs';
import fs from 'node:fs';
import path from 'node:path';

const chromium = await chromiumOrSkip();
const dir = scratch('aicert-frameworks-');
let browser = null, base = '';

const fw = (id, code, en, zh) => JSON.stringify({ id, version: '1',
	title: { en: `${en} framework`, 'zh-TW': `${zh}架構` },
	competencies: [{ code, title: { en, 'zh-TW': zh } },
		{ code: `${code}.1`, title: { en: `${en} in depth`, 'zh-TW': `深入${zh}` }, parent: code }] });

function noOverflow(page) {
	return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}

const run = async () => {
	cli(['init'], '', { AICERT_ADMIN_PASSWORD: 'admin-pass-123' });
	cli(['user', 'add', '--login', 'coach', '--name', 'Coach', '--role', 'trainer'], 'coach-pass-1\n');
	fs.writeFileSync(path.join(dir, 'lit.json'), fw('lit', 'LIT', 'Literacy', '素養'));
	cli(['framework', 'add', path.join(dir, 'lit.json')]);
	fs.writeFileSync(path.join(dir, 'b.en.gift'), '$CATEGORY: fw\n\n// [id:q1] [tag:comp:LIT.1]\n' +
		'::Q1::Which one?{=Right ~Wrong}\n');
	fs.writeFileSync(path.join(dir, 'b.zh-TW.gift'), '$CATEGORY: fw\n\n// [id:q1] [tag:comp:LIT.1]\n' +
		'::Q1::哪一個？{=對 ~錯}\n');
	cli(['import', '--bank', 'fwb', path.join(dir, 'b.en.gift'), path.join(dir, 'b.zh-TW.gift')]);
	base = await startServer();
	fs.mkdirSync(SHOTS, { recursive: true });
	const session = (await apiFetch(base, null, 'POST', '/api/v1/session',
		{ login: 'coach', password: 'coach-pass-1' })).json.token;
	browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });

	for (const [lang, width, height, id, code, en, zh] of [
		['zh-TW', 360, 740, 'ethics', 'ETH', 'Ethics', '倫理'],
		['en', 1366, 768, 'data', 'DAT', 'Data', '資料']]) {
		const cat = catalog(lang);
		const ctx = await browser.newContext({ viewport: { width, height }, locale: lang,
			extraHTTPHeaders: { 'Accept-Language': lang } });
		await ctx.addCookies([{ name: 'aicert_session', value: session, url: base }]);
		const page = await ctx.newPage();
		const tag = `${lang}-${width}`;

		await page.goto(`${base}/console`);
		await page.focus('a[href="/console/frameworks"]');
		await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
		check(`${tag}: the console's link opens the page by keyboard`,
			(await page.textContent('h1')) === cat.frameworks_title, page.url());
		const rows = await page.$$eval('#fw-lit ~ .table-wrap tbody tr, section[aria-labelledby="fw-lit"] tbody tr',
			(trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
		check(`${tag}: the tree in the page's language, the child counted in its parent`,
			rows.length === 2 && rows[0][0] === 'LIT' && rows[0][1] === (lang === 'en' ? 'Literacy' : '素養') &&
			rows[0][2] === '1' && rows[0][3] === '1' && rows[1][0] === 'LIT.1', JSON.stringify(rows));
		check(`${tag}: nothing wider than the screen`, await noOverflow(page));
		await page.screenshot({ path: `${SHOTS}/frameworks-${tag}.png`, fullPage: true });

		// By keyboard alone: from the file field, Tab to the text box,
		// type, Tab to the button, Enter.
		await page.focus('#fw-file');
		await page.keyboard.press('Tab');
		check(`${tag}: Tab goes from the file to the text box`,
			await page.evaluate(() => document.activeElement.id) === 'fw-json');
		await page.keyboard.insertText('{"id":"broken","version":"1"}');
		await page.keyboard.press('Tab');
		check(`${tag}: then to the button`,
			await page.evaluate(() => document.activeElement.type) === 'submit');
		await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
		let text = await page.textContent('#fw-errors');
		check(`${tag}: errors beside the form, in the page's language, the text kept`,
			text.includes(cat.framework_rejected) && text.includes('"title"') &&
			(await page.inputValue('#fw-json')).includes('"broken"'), text);
		check(`${tag}: nothing wider than the screen with errors`, await noOverflow(page));
		await page.screenshot({ path: `${SHOTS}/frameworks-${tag}-errors.png`, fullPage: true });
		await page.fill('#fw-json', '');
		const file = path.join(dir, `${id}.json`);
		fs.writeFileSync(file, fw(id, code, en, zh));
		await page.setInputFiles('#fw-file', file);
		await Promise.all([page.waitForNavigation(), page.click('form[action="/console/frameworks"] button')]);
		text = await page.textContent('main');
		check(`${tag}: a chosen file adds a framework, shown at once`,
			text.includes(cat.frameworks_added.replace('{id}', id).replace('{version}', '1')) &&
			text.includes(lang === 'en' ? `${en} in depth` : `深入${zh}`), text.slice(0, 400));
		await ctx.close();
	}
};

try {
	await run();
} catch (e) {
	check('the frameworks test runs to its end', false, e.stack);
}
if (browser)
	await browser.close();
const { passed, failed } = counts();
console.log(`frameworks: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
