import { apiFetch, CHROMIUM, catalog, check, chromiumOrSkip, cli, scratch, startServer } from './harness.mjs';
import fs from 'node:fs';
const chromium = await chromiumOrSkip();
const dir = scratch('aicert-gshots-');
const OUT = '/tmp/gshots';
cli(['init'], '', { AICERT_ADMIN_PASSWORD: 'admin-pass-123' });
cli(['user', 'add', '--login', 'coach', '--name', 'Coach', '--role', 'trainer'], 'coach-pass-1\n');
cli(['user', 'add', '--login', 'lin', '--name', '林雅婷', '--name-alt', 'Lin Ya-Ting', '--role', 'learner'], 'lin-pass-123\n');
const base = await startServer();
const api = (t, m, p, b, c) => apiFetch(base, t, m, p, b, c);
const en = (k1, k2) => `$CATEGORY: office-ai/basics\n\n// [id:o1]\n::O1::Office one{${k1}right ${k2}wrong}\n\n// [id:o2]\n::O2::Office two{=right ~wrong}\n\n// [id:o3]\n::O3::Office three{=right ~wrong}\n\n// [id:o4]\n::O4::Office four{=right ~wrong}\n`;
const zh = `$CATEGORY: office-ai/basics\n\n// [id:o1]\n::O1::辦公一{=對 ~錯}\n\n// [id:o2]\n::O2::辦公二{=對 ~錯}\n\n// [id:o3]\n::O3::辦公三{=對 ~錯}\n\n// [id:o4]\n::O4::辦公四{=對 ~錯}\n`;
fs.writeFileSync(`${dir}/office-ai-basics-2026.en.gift`, en('=', '~'));
fs.writeFileSync(`${dir}/office-ai-basics-2026.zh-TW.gift`, zh);
const coach = (await api(null, 'POST', '/api/v1/session', { login: 'coach', password: 'coach-pass-1' })).json.token;
const lin = (await api(null, 'POST', '/api/v1/session', { login: 'lin', password: 'lin-pass-123' })).json.token;
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
const pw = { coach: 'coach-pass-1', lin: 'lin-pass-123', admin: 'admin-pass-123' };
async function ctxFor(who, lang, w) {
	const c = await browser.newContext({ viewport: { width: w, height: w < 500 ? 740 : 768 }, locale: lang, extraHTTPHeaders: { 'Accept-Language': lang } });
	const p = await c.newPage();
	await p.goto(`${base}/signin`);
	await p.fill('#login', who);
	await p.fill('#password', pw[who]);
	await Promise.all([p.waitForNavigation(), p.click('form[action="/signin"]:not(details form) button')]);
	await p.close();
	return c;
}
// upload via the console page
{
	const c = await ctxFor('coach', 'en', 1366); const p = await c.newPage();
	await p.goto(`${base}/console/banks/upload`);
	await p.setInputFiles('input[type=file]', [`${dir}/office-ai-basics-2026.en.gift`, `${dir}/office-ai-basics-2026.zh-TW.gift`]);
	await p.fill('input[name=bank]', 'office-ai');
	await Promise.all([p.waitForNavigation(), p.click('form[action="/console/banks/upload"] button[type=submit]')]);
	console.log((await p.textContent('main')).replace(/\s+/g, ' ').slice(0, 300));
	await c.close();
}
const coach2 = (await api(null, 'POST', '/api/v1/session', { login: 'coach', password: 'coach-pass-1' })).json.token;
const ex = await api(coach2, 'POST', '/api/v1/exams', { id: 'offx', title: { en: 'Office AI', 'zh-TW': '辦公室 AI' }, duration_s: 600, pass_percent: 60, languages: ['zh-TW', 'en'], review: 'score', bank: 'office-ai', certificate: { valid_years: 3 }, sections: [{ category: 'office-ai/basics', count: 4 }] });
console.log('exam', ex.status, JSON.stringify(ex.json).slice(0,300));
const attR = await api(lin, 'POST', '/api/v1/exams/offx/attempts', { lang: 'en' }); console.log(JSON.stringify(attR).slice(0,300)); const att = attR.json;
for (const it of att.items) {
	const ch = (it.choices || []).find((c) => /right/.test(c.text));
	if (ch) await api(lin, 'PUT', `/api/v1/attempts/${att.id}/responses/${it.id}`, { response: { choice: ch.id }, seq: 1 });
}
console.log('submit', (await api(lin, 'POST', `/api/v1/attempts/${att.id}/submit`)).status);
fs.writeFileSync(`${dir}/office-ai-basics-2026.en.gift`, en('~', '='));
for (const lang of ['en', 'zh-TW']) for (const w of [1366, 360]) {
	const t = `${lang}-${w}`;
	let c = await ctxFor('coach', lang, w); let p = await c.newPage();
	await p.goto(`${base}/console/banks/upload`);
	await p.setInputFiles('input[type=file]', [`${dir}/office-ai-basics-2026.en.gift`, `${dir}/office-ai-basics-2026.zh-TW.gift`]);
	await p.fill('input[name=bank]', 'office-ai');
	await Promise.all([p.waitForNavigation(), p.click('form[action="/console/banks/upload"] button[type=submit]')]);
	await p.screenshot({ path: `${OUT}/upload-${t}.png`, fullPage: true });
	await p.goto(`${base}/console`); await p.screenshot({ path: `${OUT}/console-${t}.png`, fullPage: true });
	await p.goto(`${base}/console/exams/new`); await p.screenshot({ path: `${OUT}/editor-${t}.png`, fullPage: false });
	await p.goto(`${base}/console/exams/offx`);
	const btn = p.locator('form[action$="/regrade"] button');
	if (await btn.count()) { await Promise.all([p.waitForNavigation(), btn.first().click()]); await p.screenshot({ path: `${OUT}/regrade-${t}.png`, fullPage: true }); }
	await c.close();
	const admin = (await api(null, 'POST', '/api/v1/session', { login: 'admin', password: 'admin-pass-123' })).json.token;
	c = await ctxFor('admin', lang, w); p = await c.newPage();
	await p.goto(`${base}/console/audit`); await p.screenshot({ path: `${OUT}/audit-${t}.png`, fullPage: true });
	await c.close();
	c = await ctxFor('lin', lang, w); p = await c.newPage();
	await p.goto(`${base}/`); await p.screenshot({ path: `${OUT}/home-${t}.png`, fullPage: true });
	await p.goto(`${base}/me`); await p.screenshot({ path: `${OUT}/me-${t}.png`, fullPage: true });
	await p.goto(`${base}/attempts/${att.id}/result`); await p.screenshot({ path: `${OUT}/result-${t}.png`, fullPage: true });
	await c.close();
}
await browser.close();
process.exit(0);
