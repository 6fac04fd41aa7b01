// room.test.mjs - the proctor's room page in real headless Chromium, as a
// proctor watches a sitting:
//
//   tablet-en   1024 px: the room lists the booked candidates; a check-in,
//               a start, a save and a paste made elsewhere each show within
//               5 s (a poll, no reload); the name header sorts by keyboard
//               (aria-sort); "Pause updates" holds the view until resumed.
//   phone-zh    360 px in Traditional Chinese: one card a seat, nothing
//               wider than the screen.
//
// Same harness as exam.test.mjs (harness.mjs): Debian's Chromium with playwright-core,
// its own server from $AICERT_BIN on a fresh database; screenshots in
// /tmp/aicert-browser/. Exits 1 on any failure, 77 when a tool is missing.

import fs from 'node:fs';

import { apiFetch, CHROMIUM, SHOTS, catalog, check, checkWait as waitFor, chromiumOrSkip,
	cli, counts, scratch, startServer } from './harness.mjs';

const EXAM = 'ai-literacy-cert';
const POLL_MS = 7_000;	/* the page polls every 5 s: a change shows within this */

const chromium = await chromiumOrSkip();

function checkWait(page, name, fn, arg, timeout = POLL_MS) {
	return waitFor(page, name, fn, arg, timeout);
}

scratch('aicert-room-');
let browser = null, base = '';

const api = (token, method, p, body, ctype) => apiFetch(base, token, method, p, body, ctype);

async function signin(login, password) {
	const r = await api(null, 'POST', '/api/v1/session', { login, password });
	return r.json && r.json.token;
}

/* The state text of the row whose name cell holds name. */
function stateOf(page, name) {
	return page.evaluate((n) => {
		for (const tr of document.querySelectorAll('#room-body tr'))
			if (tr.querySelector('th').textContent.includes(n))
				return tr.querySelector('.state').textContent;
		return null;
	}, name);
}

const run = async () => {
	cli(['init'], '', { AICERT_ADMIN_PASSWORD: 'admin-pass-123' });
	cli(['user', 'add', '--login', 'pat', '--name', 'Pat Proctor', '--role', 'proctor'], 'proctor-pass-1\n');
	cli(['user', 'add', '--login', 'ann', '--name', 'Ann Lee', '--role', 'learner'], 'ann-pass-1234\n');
	cli(['user', 'add', '--login', 'bo', '--name', 'Bo Wang', '--role', 'learner'], 'bo-pass-12345\n');
	base = await startServer();
	fs.mkdirSync(SHOTS, { recursive: true });
	const admin = await signin('admin', 'admin-pass-123');
	const made = await api(admin, 'POST', `/api/v1/exams/${EXAM}/sittings`, {
		name: 'Morning A', room: 'Room 301', members: [{ login: 'ann', seat: 1 }, { login: 'bo', seat: 2 }],
		proctors: ['pat']
	});
	check('an admin books a sitting with proctor pat', made.status === 201, made.status);
	const sid = made.json.id;
	const pat = await signin('pat', 'proctor-pass-1');
	const ann = await signin('ann', 'ann-pass-1234');
	const en = catalog('en'), zh = catalog('zh-TW');

	browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });

	/* tablet-en */
	let ctx = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'en',
		extraHTTPHeaders: { 'Accept-Language': 'en' } });
	await ctx.addCookies([{ name: 'aicert_session', value: pat, url: base }]);
	let page = await ctx.newPage();
	const errors = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto(`${base}/console/sittings/${sid}/room`);
	await checkWait(page, 'tablet-en: the room shows when it was updated',
		() => document.getElementById('room-time').textContent !== '');
	check('tablet-en: both candidates listed, not arrived',
		(await stateOf(page, 'Ann Lee')) === en.room_state_absent &&
		(await stateOf(page, 'Bo Wang')) === en.room_state_absent);

	let r = await api(pat, 'POST', `/api/v1/sittings/${sid}/checkin`, { login: 'ann', id_type: 'passport', id_last4: '1234' });
	check('pat checks ann in', r.status === 200, r.status);
	await checkWait(page, 'tablet-en: ann shows checked in within 5 s, without a reload',
		([n, t]) => [...document.querySelectorAll('#room-body tr')].some((tr) =>
			tr.textContent.includes(n) && tr.querySelector('.state').textContent === t),
		['Ann Lee', en.room_state_checked_in]);

	r = await api(ann, 'POST', `/api/v1/exams/${EXAM}/attempts`, { lang: 'en' });
	check('ann starts the exam', r.status === 201, r.status);
	const att = r.json;
	const item = att.items.find((it) => (it.type === 'multichoice' || it.type === 'truefalse') && it.choices && it.choices.length);
	/* The draw is random: a multiple-response item takes a list, a
	 * true/false one its value. */
	r = await api(ann, 'PUT', `/api/v1/attempts/${att.id}/responses/${item.id}`,
		{ response: item.type === 'truefalse' ? { value: true } :
			item.multiple ? { choices: [item.choices[0].id] } :
				{ choice: item.choices[0].id }, seq: 1 });
	check('ann saves an answer', r.status === 200, `${r.status} ${JSON.stringify(r.json)} ${item.type}`);
	await api(ann, 'POST', `/api/v1/attempts/${att.id}/events`, { kind: 'paste', detail: '40 characters' });
	await checkWait(page, 'tablet-en: ann shows saving, 1 answered, time left, within 5 s',
		([n, t]) => [...document.querySelectorAll('#room-body tr')].some((tr) =>
			tr.textContent.includes(n) && tr.querySelector('.state').textContent === t &&
			/^1 \/ \d+$/.test(tr.children[4].textContent) && /\d+:\d\d/.test(tr.children[3].textContent)),
		['Ann Lee', en.room_state_saving]);
	await checkWait(page, 'tablet-en: the paste heads the events list',
		([n, t]) => (document.querySelector('#room-events li') || { textContent: '' }).textContent.includes(n) &&
			document.querySelector('#room-events li').textContent.includes(t),
		['Ann Lee', en.room_event_paste]);

	/* sort by name, by keyboard */
	await page.focus('th[data-key="name"] button');
	await page.keyboard.press('Enter');
	check('tablet-en: Enter on "Name" sorts by name, ascending',
		(await page.getAttribute('th[data-key="name"]', 'aria-sort')) === 'ascending' &&
		(await page.getAttribute('th[data-key="seat"]', 'aria-sort')) === 'none');
	await page.keyboard.press('Enter');
	check('tablet-en: again, descending: Bo first',
		(await page.getAttribute('th[data-key="name"]', 'aria-sort')) === 'descending' &&
		(await page.textContent('#room-body tr:first-child th')).includes('Bo Wang'));
	await page.screenshot({ path: `${SHOTS}/room-tablet-en.png`, fullPage: true });

	/* pause updates */
	await page.click('#room-pause');
	check('tablet-en: "Pause updates" is pressed and offers to resume',
		(await page.getAttribute('#room-pause', 'aria-pressed')) === 'true' &&
		(await page.textContent('#room-pause')) === en.room_resume);
	await api(pat, 'POST', `/api/v1/sittings/${sid}/checkin`, { login: 'bo', confirmed: true });
	await page.waitForTimeout(6000);
	check('tablet-en: paused, the view holds (bo still not arrived after 6 s)',
		(await stateOf(page, 'Bo Wang')) === en.room_state_absent);
	await page.click('#room-pause');
	await checkWait(page, 'tablet-en: resumed, bo shows checked in at once',
		([n, t]) => [...document.querySelectorAll('#room-body tr')].some((tr) =>
			tr.textContent.includes(n) && tr.querySelector('.state').textContent === t),
		['Bo Wang', en.room_state_checked_in], 3000);
	check('tablet-en: no script error', errors.length === 0, errors.join('; '));
	await ctx.close();

	/* phone-zh */
	ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-TW',
		extraHTTPHeaders: { 'Accept-Language': 'zh-TW' } });
	await ctx.addCookies([{ name: 'aicert_session', value: pat, url: base }]);
	page = await ctx.newPage();
	await page.goto(`${base}/console/sittings/${sid}/room`);
	await checkWait(page, 'phone-zh: updated', () => document.getElementById('room-time').textContent !== '');
	check('phone-zh: the page reads in zh-TW', (await page.textContent('h1')).includes(zh.proctor_room));
	check('phone-zh: one card a seat',
		await page.evaluate(() => getComputedStyle(document.querySelector('#room-body tr')).display === 'grid'));
	check('phone-zh: nothing wider than the phone',
		await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1),
		await page.evaluate(() => document.documentElement.scrollWidth));
	await page.screenshot({ path: `${SHOTS}/room-phone-zh.png`, fullPage: true });
	await ctx.close();
};

try {
	await run();
} catch (e) {
	check('the room test runs to its end', false, e.stack);
}
if (browser)
	await browser.close();
const { passed, failed } = counts();
console.log(`room: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
