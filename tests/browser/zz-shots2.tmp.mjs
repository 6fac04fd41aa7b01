import { CHROMIUM, chromiumOrSkip, cli, scratch, startServer } from './harness.mjs';
const chromium = await chromiumOrSkip();
scratch('aicert-gshots2-');
cli(['init'], '', { AICERT_ADMIN_PASSWORD: 'admin-pass-123' });
cli(['user', 'add', '--login', 'lin', '--name', '林雅婷', '--role', 'learner'], 'lin-pass-123\n');
const base = await startServer();
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
for (const [lang, w, h] of [['zh-TW', 1366, 768], ['en', 1366, 768], ['zh-TW', 1024, 768]]) {
	const c = await browser.newContext({ viewport: { width: w, height: h }, locale: lang, extraHTTPHeaders: { 'Accept-Language': lang } });
	const p = await c.newPage();
	await p.goto(`${base}/signin`);
	await p.fill('#login', 'lin'); await p.fill('#password', 'lin-pass-123');
	await Promise.all([p.waitForNavigation(), p.click('form[action="/signin"]:not(details form) button')]);
	await p.goto(`${base}/exams/ai-literacy-cert`);
	const start = p.locator('form[action$="/start"] button[type=submit]');
	if (await start.count()) await Promise.all([p.waitForNavigation(), start.click()]);
	else await Promise.all([p.waitForNavigation(), p.click('a.button[href^="/attempts/"]')]);
	await p.screenshot({ path: `/tmp/gshots/exam-${lang}-${w}-top.png` });
	await p.mouse.wheel(0, 2500); await p.waitForTimeout(300);
	await p.screenshot({ path: `/tmp/gshots/exam-${lang}-${w}-scrolled.png` });
	await c.close();
}
await browser.close();
process.exit(0);
