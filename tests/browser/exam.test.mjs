// exam.test.mjs - the exam page in real headless Chromium, as learners
// live through it:
//
//   desktop-en  English, 1280 px: sign in, start the bundled practice exam,
//               answer (saved at once), reload (still there), flag, cut the
//               network and answer (shown as queued, kept in localStorage),
//               reconnect (saved), answer every other type, reload (all
//               there), paste (logged), finish, confirm, read the result.
//   phone-zh    the same in Traditional Chinese on a 360 x 740 phone, but the
//               tab is closed while offline and opened again after.
//   pages-en    the 50-question exam, ten a page: Enter on a choice stays,
//               "next page" and the navigator save first, then go.
//   clock-en    this machine's clock 2 h fast and jumping ahead: the page
//               shows the server's time, warns at 10 and 5 minutes only,
//               is put right by the server, and does not end early.
//   timeup-zh   a 6-second exam: at the deadline the answers lock, time up
//               is announced, and the server's graded result follows.
//   paused-en   a proctor pauses the attempt: the next answer waits, the
//               banner shows, the questions lock, the clock stands still
//               (a reload too); the resume unlocks, sends what waited and
//               gives the time back.
//   types-en    a Moodle XML bank of a cloze, a gapselect, an ordering and
//               two numericals with units, 1366 px: every control answered
//               by keyboard only, each stored response shape read back,
//               reload, no key or feedback shown, the accessible names in
//               English and (language switched) zh-TW, 360 px, the score.
//   types-nojs-zh  the same without script on a 360 px phone over two
//               pages: the page form, Next and Finish save every answer.
//   sitting-walk  a sitting at a test centre, 1366 px: the proctor checks two
//               learners in at the door; learner 1 starts, the proctor pauses
//               and resumes them from the room (keyboard), learner 2 starts
//               and is extended; the room shows each change (checked in,
//               started, paused, resumed, time added) within 5 s without a
//               reload; the room in zh-TW at 360 px, its forms without script;
//               the sitting report lists the check-ins, the pause with its
//               reason, the note and the extension, and its CSV both names.
//
// Drives Debian's Chromium (/usr/bin/chromium, or $CHROMIUM) with
// playwright-core from npm (tests/browser/package.json). Starts its own
// server from $AICERT_BIN (default ./build/aicert) on a fresh database in
// a temporary folder. Screenshots go to /tmp/aicert-browser/.
//
// BROWSER_RUNS=types-en,... runs only the runs named.
//
// Prints one line per check and closes with "N passed, N failed"; exits
// 1 on any failure, 77 when Chromium or playwright-core is missing.
//
//   AICERT_BIN=./build/aicert node tests/browser/exam.test.mjs

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { CHROMIUM, SHOTS, catalog, check, checkWait as waitFor, chromiumOrSkip,
	cli, counts, scratch, startServer, stop } from './harness.mjs';

const EXAM = 'ai-literacy-practice';
const CERT_EXAM = 'ai-literacy-cert';
const DEADLINE_MS = 150_000;
const STEP_MS = 10_000;

const chromium = await chromiumOrSkip();

/* Waits for fn() in the page to be truthy; a check either way. */
function checkWait(page, name, fn, arg, timeout = STEP_MS) {
	return waitFor(page, name, fn, arg, timeout);
}

const tmp = scratch('aicert-browser-');
let browser = null;

/* ---- what a learner does ---- */

function fieldset(page, item) {
	return page.locator(`fieldset.question[data-item="${item}"]`);
}

/* What the form shows for one item: checked ids, typed and chosen values. */
function snapshot(page, item) {
	return page.evaluate((it) => {
		const q = document.querySelector(`fieldset.question[data-item="${it}"]`);
		const out = [];
		q.querySelectorAll('input, select').forEach((el) => {
			if (el.dataset.flag)
				return;
			if (el.type === 'radio' || el.type === 'checkbox') {
				if (el.checked)
					out.push(el.id);
			} else if (el.value !== '') {
				out.push(`${el.id}=${el.value}`);
			}
		});
		return out.join(' ');
	}, item);
}

/* A number typed as "1,5" comes back from the server as "1.5". */
const norm = (s) => s.replace(/=1,5\b/g, '=1.5');

/* Answers one item whatever its type, the way a person would. */
async function answer(page, item, k) {
	const q = fieldset(page, item);
	const type = await q.getAttribute('data-type');

	if (type === 'multichoice' || type === 'truefalse') {
		const boxes = q.locator('input[type=radio], input[type=checkbox][data-choice]');
		const n = await boxes.count();
		await q.locator('label.choice').nth(k % n).click();
		if (await q.getAttribute('data-multiple'))
			await q.locator('label.choice').nth((k + 1) % n).click();
	} else if (type === 'shortanswer') {
		await q.locator('input[type=text]').fill(k ? '機器學習' : 'machine learning');
	} else if (type === 'numerical') {
		await q.locator('input[type=text]').fill('1,5');
	} else if (type === 'matching') {
		const selects = q.locator('select[data-sub]');
		for (let i = 0; i < await selects.count(); i++) {
			const opts = await selects.nth(i).locator('option').count();
			await selects.nth(i).selectOption({ index: 1 + ((i + k) % (opts - 1)) });
		}
	}
	return type;
}

async function signIn(page, base, login, password) {
	await page.goto(`${base}/signin`);
	await page.fill('#login', login);
	await page.fill('#password', password);
	await Promise.all([
		page.waitForURL((u) => !u.pathname.startsWith('/signin'), { timeout: STEP_MS }),
		page.click('form[action="/signin"] button[type=submit]')
	]);
}

function apiGet(page, url) {
	return page.evaluate(async (u) => {
		const r = await fetch(u, { credentials: 'same-origin', cache: 'no-store' });
		return { status: r.status, body: await r.json() };
	}, url);
}

const savedIs = ([want]) => {
	const s = document.getElementById('save-status');
	return s && s.textContent === want && !s.classList.contains('pending');
};

/* A fresh browser context for one learner: runs body(page, context, open)
 * (open() gives another tab, watched the same way), counts an exception
 * or a script error in the page as a failure, always closes the context. */
async function session(run, body) {
	const started = Date.now();
	const context = await browser.newContext({
		viewport: run.viewport, locale: run.locale, deviceScaleFactor: 1,
		isMobile: !!run.mobile, hasTouch: !!run.mobile, javaScriptEnabled: !run.noJs
	});
	const problems = [];
	const open = async () => {
		const p = await context.newPage();
		p.setDefaultTimeout(STEP_MS);
		p.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
		p.on('console', (m) => {
			/* Offline fetches are expected to fail while the network is cut. */
			if (m.type() === 'error' &&
			    !/ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(m.text()))
				problems.push(`console: ${m.text()}`);
		});
		return p;
	};
	const page = await open();

	try {
		await body(page, context, open);
	} catch (e) {
		check(`${run.name}: no exception`, false, e.stack || e.message);
		await page.screenshot({ path: `${SHOTS}/${run.name}-error.png`, fullPage: true }).catch(() => {});
	} finally {
		check(`${run.name}: no script errors in the page`, problems.length === 0, problems.join('; '));
		await context.close().catch(() => {});
		console.log(`# ${run.name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
	}
}

/* Signs in, starts exam in run.lang; the attempt's id. */
async function startExam(page, base, run, exam) {
	const tag = run.name;

	await signIn(page, base, run.login, run.password);
	check(`${tag}: signed in`, !page.url().includes('/signin'), page.url());
	await page.goto(`${base}/exams/${exam}`);
	await page.check(`input[name=lang][value="${run.lang}"]`);
	await Promise.all([
		page.waitForURL(/\/attempts\/[^/?#]+$/, { timeout: STEP_MS }),
		page.click(`form[action="/exams/${exam}/start"] button[type=submit]`)
	]);
	const attempt = await page.getAttribute('#exam', 'data-attempt');
	check(`${tag}: exam page opened`, !!attempt, page.url());
	await checkWait(page, `${tag}: exam.js runs`,
		() => document.getElementById('exam').classList.contains('js'));
	return attempt;
}

/* One learner's whole exam: answer, reload, offline, finish, result. */
function takeExam(base, run) {
	return session(run, async (tab, context, open) => {
		const tag = run.name;
		let page = tab;
		const attempt = await startExam(page, base, run, EXAM);

		check(`${tag}: the script takes no focus`,
			await page.evaluate(() => document.activeElement === document.body));
		const msgs = await page.evaluate(() => {
			const d = document.getElementById('exam').dataset;
			return { saved: d.msgSaved, queued: d.msgQueued, offline: d.msgOffline };
		});
		check(`${tag}: messages in the page's language`, msgs.saved === run.savedText, msgs.saved);
		const items = await page.locator('fieldset.question').evaluateAll(
			(l) => l.map((q) => q.dataset.item));
		check(`${tag}: 10 questions on the page`, items.length === 10, items.length);
		const prompt = await page.locator('fieldset.question .prompt').first().textContent();
		check(`${tag}: questions in ${run.lang}`, run.promptRe.test(prompt), prompt);

		/* The countdown runs from the server's figures. */
		const t1 = await page.textContent('#timer');
		await page.waitForTimeout(1200);
		const t2 = await page.textContent('#timer');
		const secs = (t) => t.split(':').reduce((a, b) => a * 60 + Number(b), 0);
		check(`${tag}: timer shows mm:ss under 15 minutes`, /^\d\d:\d\d$/.test(t2) &&
			secs(t2) <= 900 && secs(t2) > 840, t2);
		check(`${tag}: timer counts down`, secs(t2) < secs(t1), `${t1} -> ${t2}`);

		/* Answer the first question; it is saved at once. */
		const first = items[0];
		const before = Number(await page.textContent('#unanswered-count'));
		const type1 = await answer(page, first, 0);
		await checkWait(page, `${tag}: first answer (${type1}) saved`, savedIs, [msgs.saved]);
		const snap1 = await snapshot(page, first);
		check(`${tag}: first answer shown`, snap1 !== '', snap1);
		check(`${tag}: navigator marks it answered`,
			await page.locator(`.navigator a[data-item="${first}"]`).evaluate(
				(a) => a.classList.contains('answered')));
		check(`${tag}: unanswered count goes down`,
			Number(await page.textContent('#unanswered-count')) === before - 1);
		const view = await apiGet(page, `/api/v1/attempts/${attempt}`);
		check(`${tag}: the server holds the first answer`, view.status === 200 &&
			view.body.responses && view.body.responses[first] !== undefined,
			JSON.stringify(view.body.responses));

		await page.screenshot({ path: `${SHOTS}/${tag}-1-answered.png`, fullPage: true });

		/* Reload: the answer comes back from the server. */
		await page.reload();
		await checkWait(page, `${tag}: exam.js runs after reload`,
			() => document.getElementById('exam').classList.contains('js'));
		check(`${tag}: first answer still there after reload`,
			norm(await snapshot(page, first)) === norm(snap1), await snapshot(page, first));

		/* Flag one for review. */
		const third = items[2];
		await fieldset(page, third).locator('input[data-flag]').check();
		await checkWait(page, `${tag}: navigator marks the flag`,
			([it]) => document.querySelector(`.navigator a[data-item="${it}"]`)
				.classList.contains('flagged'), [third]);

		/* Cut the network; answer; the page says it is not saved yet. */
		await context.setOffline(true);
		await checkWait(page, `${tag}: offline is shown`,
			([want]) => document.getElementById('save-status').textContent === want,
			[msgs.offline]);
		const second = items[1];
		const type2 = await answer(page, second, 1);
		await checkWait(page, `${tag}: offline answer (${type2}) shown as queued`,
			([want]) => {
				const s = document.getElementById('save-status');
				return s.textContent === want && s.classList.contains('pending');
			}, [msgs.queued]);
		const queuedNow = await page.evaluate(([id, it]) =>
			(localStorage.getItem(`aicert:${id}:queue`) || '').includes(`"r:${it}"`),
		[attempt, second]);
		check(`${tag}: offline answer kept in localStorage`, queuedNow);
		const snap2 = await snapshot(page, second);
		await page.screenshot({ path: `${SHOTS}/${tag}-2-offline.png` });

		if (run.closeTab) {
			/* Close the tab while offline; reconnect; come back. */
			await page.close();
			await context.setOffline(false);
			page = await open();
			await page.goto(`${base}/attempts/${attempt}`);
			check(`${tag}: the offline answer is back in a new tab`,
				norm(await snapshot(page, second)) === norm(snap2),
				`${await snapshot(page, second)} vs ${snap2}`);
		} else {
			/* Reconnect: the queue is replayed and saved. */
			await context.setOffline(false);
		}
		await checkWait(page, `${tag}: saved after reconnecting`, savedIs, [msgs.saved], 15_000);
		const view2 = await apiGet(page, `/api/v1/attempts/${attempt}`);
		check(`${tag}: the server holds the offline answer`, view2.status === 200 &&
			view2.body.responses && view2.body.responses[second] !== undefined,
			JSON.stringify(view2.body.responses));
		check(`${tag}: the server holds the flag`,
			Array.isArray(view2.body.flagged) && view2.body.flagged.includes(third),
			JSON.stringify(view2.body.flagged));

		/* Every other question, whatever its type, online. */
		const rest = items.slice(2);
		const types = new Set([type1, type2]);
		for (const [i, it] of rest.entries())
			types.add(await answer(page, it, i));
		await checkWait(page, `${tag}: every answer saved (${[...types].join(', ')})`,
			savedIs, [msgs.saved]);
		check(`${tag}: nothing left unanswered`,
			(await page.textContent('#unanswered-count')).trim() === '0',
			await page.textContent('#unanswered-count'));
		const snaps = {};
		for (const it of items)
			snaps[it] = await snapshot(page, it);
		/* The status keeps "saved" through a save quicker than a second
		 * (no second announcement per click), so the last saves may
		 * still be on their way: the server has them within seconds. */
		let view3, missing;
		for (let tries = 0; tries < 50; tries++) {
			view3 = await apiGet(page, `/api/v1/attempts/${attempt}`);
			missing = items.filter((it) => !view3.body.responses || !view3.body.responses[it]);
			if (missing.length === 0)
				break;
			await page.waitForTimeout(200);
		}
		check(`${tag}: the server holds all ${items.length} answers`, missing.length === 0,
			missing.join(' '));
		const numeric = items.filter((it) => view3.body.items.find((x) => x.id === it).type === 'numerical');
		for (const it of numeric)
			check(`${tag}: "1,5" is saved as 1.5`, (view3.body.responses[it] || {}).number === 1.5,
				JSON.stringify(view3.body.responses[it]));

		await page.reload();
		await checkWait(page, `${tag}: exam.js runs after the second reload`,
			() => document.getElementById('exam').classList.contains('js'));
		check(`${tag}: offline answer still there after reload`,
			norm(await snapshot(page, second)) === norm(snap2), `${await snapshot(page, second)} vs ${snap2}`);
		check(`${tag}: first answer still there too`,
			norm(await snapshot(page, first)) === norm(snap1));
		const changed = [];
		for (const it of items)
			if (norm(await snapshot(page, it)) !== norm(snaps[it]))
				changed.push(`${it}: ${await snapshot(page, it)} vs ${snaps[it]}`);
		check(`${tag}: every answer comes back after reload`, changed.length === 0, changed.join('; '));
		check(`${tag}: flag still there after reload`,
			await fieldset(page, third).locator('input[data-flag]').isChecked());
		check(`${tag}: unanswered count after reload`,
			(await page.textContent('#unanswered-count')).trim() === '0');

		/* The navigator jumps within the page without a reload. */
		await page.evaluate(() => { window.samePage = true; });
		const last = items[items.length - 1];
		await page.click(`.navigator a[data-item="${last}"]`);
		await page.waitForFunction((it) => location.hash === `#q-${it}`, last);
		check(`${tag}: navigator jumps on the page, no reload`,
			await page.evaluate(() => window.samePage === true));

		/* A paste is logged for trainers, best effort. */
		const logged = page.waitForResponse((r) => r.url().endsWith(`/attempts/${attempt}/events`),
			{ timeout: STEP_MS }).catch(() => null);
		await page.evaluate(() => document.querySelector('#answers fieldset.question')
			.dispatchEvent(new ClipboardEvent('paste', { bubbles: true })));
		const ev = await logged;
		check(`${tag}: paste is logged`, ev !== null && ev.status() === 200,
			ev ? ev.status() : 'no request');

		if (run.mobile) {
			const width = await page.evaluate(() => document.documentElement.scrollWidth);
			check(`${tag}: no sideways scrolling at ${run.viewport.width} px`,
				width <= run.viewport.width, width);
		}
		await page.screenshot({ path: `${SHOTS}/${tag}-3-exam.png`, fullPage: true });

		/* Finish: confirmation page, then the result. */
		await Promise.all([
			page.waitForURL(/\/finish$/, { timeout: STEP_MS }),
			page.click('button.finish-btn')
		]);
		check(`${tag}: confirmation page`, page.url().endsWith(`/attempts/${attempt}/finish`));
		await page.screenshot({ path: `${SHOTS}/${tag}-4-finish.png`, fullPage: true });
		await Promise.all([
			page.waitForURL(/\/result$/, { timeout: STEP_MS }),
			page.click(`form[action="/attempts/${attempt}/submit"] button[type=submit]`)
		]);
		const verdict = (await page.textContent('.verdict')).trim();
		const score = await page.textContent('.score');
		check(`${tag}: result says passed or not`, run.verdicts.includes(verdict), verdict);
		check(`${tag}: result shows a percentage`, /\d+(\.\d+)?%/.test(score), score);
		await page.screenshot({ path: `${SHOTS}/${tag}-5-result.png`, fullPage: true });
	});
}

/* The page trusts the server's clock, not this machine's: a clock two
 * hours fast still shows the server's time left; warnings are spoken only
 * when 10 and 5 minutes are crossed; a clock that jumps ahead is put right
 * by the next sync with the server, and does not end the exam early. */
function clockRun(base, run) {
	return session(run, async (page) => {
		const tag = run.name;
		const secs = (t) => t.split(':').reduce((a, b) => a * 60 + Number(b), 0);
		const timerSecs = async () => secs(await page.textContent('#timer'));

		await page.clock.install({ time: Date.now() + 2 * 3600_000 });
		const attempt = await startExam(page, base, run, EXAM);
		const left0 = await timerSecs();
		check(`${tag}: a clock 2 h fast still shows the server's time left`,
			left0 > 880 && left0 <= 900, left0);
		const said = () => page.evaluate(() => (window.said ? window.said.slice() : ['(left the page)']));
		await page.evaluate(() => {
			const a = document.getElementById('announce');
			const t = document.getElementById('timer');
			window.said = [];
			window.wasLow = false;
			new MutationObserver(() => {
				if (a.textContent)
					window.said.push(a.textContent);
			}).observe(a, { childList: true, characterData: true, subtree: true });
			new MutationObserver(() => {
				window.wasLow = window.wasLow || t.classList.contains('low');
			}).observe(t, { attributes: true });
		});
		const m = await page.evaluate(() => {
			const d = document.getElementById('exam').dataset;
			return { warn10: d.msgWarn10, warn5: d.msgWarn5, timeup: d.msgTimeup };
		});
		check(`${tag}: nothing announced at the start`,
			(await page.textContent('#announce')) === '');

		/* This machine's clock jumps 5 minutes ahead. */
		await page.clock.fastForward('05:05');
		await checkWait(page, `${tag}: 10-minute warning announced`,
			([w]) => window.said.includes(w), [m.warn10]);
		await checkWait(page, `${tag}: the next sync puts the time left right`,
			() => {
				const [mm, ss] = document.getElementById('timer').textContent.split(':');
				return Number(mm) * 60 + Number(ss) > 850;
			});

		/* And 10 minutes: past the 10- and the 5-minute marks at once. */
		await page.clock.fastForward('10:05');
		await checkWait(page, `${tag}: 5-minute warning announced`,
			([w]) => window.said.includes(w), [m.warn5]);
		check(`${tag}: the timer turned red in the last 5 minutes`,
			await page.evaluate(() => window.wasLow));
		check(`${tag}: no warning said twice, nothing else said`,
			JSON.stringify(await said()) === JSON.stringify([m.warn10, m.warn5]),
			JSON.stringify(await said()));
		await checkWait(page, `${tag}: put right again`,
			() => !document.getElementById('timer').classList.contains('low'));

		/* And past the deadline: the server says there is time left. */
		await page.clock.fastForward('15:30');
		await page.waitForTimeout(1500);
		const left = await timerSecs();
		check(`${tag}: a clock past the deadline does not end the exam`,
			left > 800 && !(await said()).includes(m.timeup) &&
			!(await page.locator('fieldset.question').first().isDisabled()),
			`${left} s, said ${JSON.stringify(await said())}`);
		const view = await apiGet(page, `/api/v1/attempts/${attempt}`);
		check(`${tag}: the attempt still runs`, view.body.state === 'running', view.body.state);
	});
}

/* A 6-second exam: at the deadline the page stops taking answers, says
 * so, and after the grace shows the result the server graded. */
function timeUpRun(base, run) {
	return session(run, async (page) => {
		const tag = run.name;
		const attempt = await startExam(page, base, run, SHORT_EXAM);
		const m = await page.evaluate(() => {
			const d = document.getElementById('exam').dataset;
			return { saved: d.msgSaved, closed: d.msgClosed, timeup: d.msgTimeup };
		});
		const item = await page.getAttribute('fieldset.question', 'data-item');
		await answer(page, item, 0);
		await checkWait(page, `${tag}: answer saved`, savedIs, [m.saved]);
		await checkWait(page, `${tag}: timer reaches 00:00`,
			() => document.getElementById('timer').textContent === '00:00');
		await checkWait(page, `${tag}: time up is announced`,
			([w]) => document.getElementById('announce').textContent === w, [m.timeup]);
		await checkWait(page, `${tag}: answers are locked`,
			() => [...document.querySelectorAll('fieldset.question')].every((f) => f.disabled));
		check(`${tag}: the page says answers can no longer change`,
			(await page.textContent('#save-status')) === m.closed,
			await page.textContent('#save-status'));
		await page.screenshot({ path: `${SHOTS}/${tag}-1-timeup.png` });
		await page.waitForURL(new RegExp(`/attempts/${attempt}/result$`), { timeout: 8000 })
			.catch(() => {});
		check(`${tag}: goes to the result after the grace`, page.url().endsWith('/result'),
			page.url());
		const expired = catalog(run.locale).result_expired;
		check(`${tag}: the result says the time ran out`,
			(await page.locator('main').textContent()).includes(expired), expired);
		check(`${tag}: result says passed or not`,
			run.verdicts.includes((await page.textContent('.verdict')).trim()));
		const view = await apiGet(page, `/api/v1/attempts/${attempt}`);
		check(`${tag}: the server expired it with the answer kept`,
			view.body.state === 'expired' && view.body.responses[item] !== undefined,
			`${view.body.state} ${JSON.stringify(view.body.responses)}`);
		await page.screenshot({ path: `${SHOTS}/${tag}-2-result.png`, fullPage: true });
	});
}

/* The 50-question certification exam, ten a page: Enter on a choice does
 * not leave the page; "next page" and the navigator save first, then go. */
function pagesRun(base, run) {
	return session(run, async (page) => {
		const tag = run.name;
		const attempt = await startExam(page, base, run, CERT_EXAM);
		const saved = await page.getAttribute('#exam', 'data-msg-saved');
		const items = async () => page.locator('fieldset.question').evaluateAll(
			(l) => l.map((q) => q.dataset.item));

		check(`${tag}: five pages`, (await page.getAttribute('#exam', 'data-pages')) === '5');
		const p1 = await items();
		await answer(page, p1[0], 0);
		await checkWait(page, `${tag}: page 1 answer saved`, savedIs, [saved]);
		const snap1 = await snapshot(page, p1[0]);

		const radio = fieldset(page, p1[1]).locator('input[type=radio], input[type=checkbox]').first();
		if (await radio.count()) {
			await radio.focus();
			await page.keyboard.press('Enter');
			await page.waitForTimeout(400);
			check(`${tag}: Enter on a choice stays on the page`,
				new URL(page.url()).search === '', page.url());
		}

		await Promise.all([
			page.waitForURL(/\?page=2$/, { timeout: STEP_MS }),
			page.click('button[name=go][value=next]')
		]);
		check(`${tag}: next page`, (await page.getAttribute('#exam', 'data-page')) === '2');
		const p2 = await items();
		check(`${tag}: ten other questions`, p2.length === 10 && !p2.includes(p1[0]), p2.join(' '));
		await answer(page, p2[0], 1);
		/* Straight to question 1 through the navigator, not waiting. */
		await Promise.all([
			page.waitForURL(/\?page=1#q-/, { timeout: STEP_MS }),
			page.click(`.navigator a[data-item="${p1[0]}"]`)
		]);
		check(`${tag}: page 1 answer still there`,
			norm(await snapshot(page, p1[0])) === norm(snap1));
		check(`${tag}: navigator shows the page 2 answer`,
			await page.locator(`.navigator a[data-item="${p2[0]}"]`).evaluate(
				(a) => a.classList.contains('answered')));
		check(`${tag}: 48 of 50 unanswered`,
			(await page.textContent('#unanswered-count')).trim() === '48',
			await page.textContent('#unanswered-count'));
		await page.screenshot({ path: `${SHOTS}/${tag}-1-page1.png` });
		await Promise.all([
			page.waitForURL(/\/finish$/, { timeout: STEP_MS }),
			page.click('button.finish-btn')
		]);
		check(`${tag}: the confirmation counts 48 unanswered`,
			/\b48\s*\/\s*50\b/.test(await page.textContent('main')));
		const view = await apiGet(page, `/api/v1/attempts/${attempt}`);
		check(`${tag}: the server holds both answers`,
			!!(view.body.responses[p1[0]] && view.body.responses[p2[0]]),
			JSON.stringify(view.body.responses));
	});
}

/* As the admin (a proctor of the bundled exams): POST path with body. */
async function asAdmin(base, path, body) {
	if (!adminToken) {
		const r = await fetch(`${base}/api/v1/session`, {
			method: 'POST', headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ login: 'admin', password: adminPassword })
		});
		adminToken = (await r.json()).token;
	}
	const r = await fetch(`${base}${path}`, {
		method: 'POST', body: JSON.stringify(body),
		headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${adminToken}` }
	});
	return { status: r.status, body: await r.json().catch(() => null) };
}

/* A proctor pauses the attempt and resumes it. */
function pausedRun(base, run) {
	return session(run, async (page) => {
		const tag = run.name;
		const attempt = await startExam(page, base, run, EXAM);
		const d = await page.evaluate(() => {
			const x = document.getElementById('exam').dataset;
			return { saved: x.msgSaved, paused: x.msgPaused };
		});
		/* The item answered while paused takes one click: a multiple
		 * response takes two, and the 423 of the first locks the page
		 * before the second (the questions are drawn, so pick). */
		const items = await page.locator('fieldset.question').evaluateAll(
			(l) => {
				const ids = l.map((q) => q.dataset.item);
				const one = l.findIndex((q, i) => i > 0 && !q.dataset.multiple &&
					(q.dataset.type === 'multichoice' || q.dataset.type === 'truefalse'));
				return one > 1 ? [ids[0], ids[one]].concat(ids.filter((x, i) => i !== 0 && i !== one)) : ids;
			});
		const banner = () => page.locator('#paused-banner').isVisible();

		await answer(page, items[0], 0);
		await checkWait(page, `${tag}: first answer saved`, savedIs, [d.saved]);
		check(`${tag}: no banner while it runs`, !(await banner()));
		const before = (await apiGet(page, `/api/v1/attempts/${attempt}`)).body;
		/* The page may re-read its attempt just after a save; pausing
		 * only once it is quiet keeps that read from seeing the pause
		 * before the next answer is given (on a loaded machine it did). */
		await page.waitForLoadState('networkidle');
		const p = await asAdmin(base, `/api/v1/attempts/${attempt}/pause`, { reason: 'fire alarm' });
		check(`${tag}: the proctor pauses it`, p.status === 200, p.status);

		await answer(page, items[1], 0);
		await checkWait(page, `${tag}: the answer waits, the page says paused`,
			([w]) => document.getElementById('save-status').textContent === w, [d.paused]);
		check(`${tag}: the banner shows`, await banner());
		await checkWait(page, `${tag}: the questions are locked`,
			() => [...document.querySelectorAll('fieldset.question')].every((f) => f.disabled));
		const t1 = await page.textContent('#timer');
		await page.waitForTimeout(2100);
		check(`${tag}: the clock stands still`, (await page.textContent('#timer')) === t1,
			`${t1} then ${await page.textContent('#timer')}`);
		await page.screenshot({ path: `${SHOTS}/${tag}-1-paused.png` });
		await page.reload();
		await checkWait(page, `${tag}: after a reload still paused and locked`,
			() => !document.getElementById('paused-banner').hidden &&
				[...document.querySelectorAll('fieldset.question')].every((f) => f.disabled));

		const r = await asAdmin(base, `/api/v1/attempts/${attempt}/resume`, { reason: 'all clear' });
		check(`${tag}: the proctor resumes it`, r.status === 200, r.status);
		await checkWait(page, `${tag}: within 5 s the banner goes and the questions unlock`,
			() => document.getElementById('paused-banner').hidden &&
				![...document.querySelectorAll('fieldset.question')].some((f) => f.disabled),
			undefined, 8000);
		await checkWait(page, `${tag}: what waited is saved`, savedIs, [d.saved]);
		const after = (await apiGet(page, `/api/v1/attempts/${attempt}`)).body;
		check(`${tag}: the server holds the answer given while paused`,
			after.responses[items[1]] !== undefined, JSON.stringify(after.responses));
		check(`${tag}: the deadline moved by the pause`,
			Date.parse(after.deadline) - Date.parse(before.deadline) >= 2000,
			`${before.deadline} -> ${after.deadline}`);
		await page.screenshot({ path: `${SHOTS}/${tag}-2-resumed.png` });
	});
}

/* ---- exam day: a sitting walked through, door to room ---- */

/* The row of the room's table (#room-body) whose name cell holds name:
 * {state, left, text, ext}, or null. */
function roomRow(page, name) {
	return page.evaluate((n) => {
		for (const tr of document.querySelectorAll('#room-body tr'))
			if (tr.querySelector('th').textContent.includes(n))
				return { state: tr.querySelector('.state').textContent, left: tr.children[3].textContent,
					ext: (tr.querySelector('.ext') || { textContent: '' }).textContent };
		return null;
	}, name);
}

/* Within one poll of the room (every 5 s): the row of name satisfies ok. */
const ROOM_MS = 6000;
const rowIs = ([n, states, ext]) => [...document.querySelectorAll('#room-body tr')].some((tr) =>
	tr.querySelector('th').textContent.includes(n) &&
	states.includes(tr.querySelector('.state').textContent) &&
	(!ext || (tr.querySelector('.ext') || { textContent: '' }).textContent === ext));

/* The proctor's seat action from the room, by keyboard: the seat's
 * "Actions" button, the reason typed, then the action's button (Enter in
 * the reason when it is the first that applies). */
async function roomAct(page, name, what, reason, minutes) {
	const b = page.locator('#room-body tr', { hasText: name }).locator('button.act-open');
	await b.focus();
	await page.keyboard.press('Enter');
	await page.waitForSelector('#act-panel:not([hidden])');
	await page.keyboard.type(reason);
	if (minutes !== undefined)
		await page.fill('#act-minutes', String(minutes));
	if (what === 'pause' || what === 'resume') {
		await page.focus('#act-reason');
		await page.keyboard.press('Enter');
	} else {
		await page.focus(`#act-panel button[data-do="${what}"]`);
		await page.keyboard.press('Enter');
	}
	await page.waitForSelector('#act-panel', { state: 'hidden' });
}

/* The proctor (walk-proctor) checks learner 1 (run) and learner 2 in at the
 * door page, watches the room while learner 1 starts and is paused and
 * resumed, and learner 2 starts and gets 10 more minutes. */
function sittingWalkRun(base, run) {
	return session(run, async (page, context, open) => {
		const tag = run.name, en = catalog('en'), zh = catalog('zh-TW');
		const [l2, pr] = run.extra;
		const started = [en.room_state_started, en.room_state_saving];
		const made = await asAdmin(base, `/api/v1/exams/${EXAM}/sittings`, {
			name: 'Walk', room: 'Room 5',
			members: [{ login: run.login, seat: 1 }, { login: l2.login, seat: 2 }], proctors: [pr.login]
		});
		check(`${tag}: a sitting of two, with its proctor`, made.status === 201, made.status);
		const sid = made.body.id;

		/* The proctor: the room in this tab, the door in another. */
		await signIn(page, base, pr.login, pr.password);
		await page.goto(`${base}/console/sittings/${sid}/room`);
		await checkWait(page, `${tag}: the room is live`,
			() => document.getElementById('room-time').textContent !== '');
		check(`${tag}: both seats not arrived`,
			(await roomRow(page, run.fullName)).state === en.room_state_absent &&
			(await roomRow(page, l2.fullName)).state === en.room_state_absent);
		const door = await open();
		await door.goto(`${base}/console/sittings/${sid}/checkin`);
		await door.selectOption(`#t-${run.login}`, 'passport');
		await door.fill(`#l-${run.login}`, '4321');
		await Promise.all([door.waitForURL(/done=/),
			door.click(`#m-${run.login} form.checkin-form button[type=submit]`)]);
		check(`${tag}: the door checks learner 1 in (passport ···4321)`,
			(await door.textContent(`#m-${run.login}`)).includes('4321'));
		await checkWait(page, `${tag}: the room shows learner 1 checked in within 5 s, no reload`,
			rowIs, [run.fullName, [en.room_state_checked_in]], ROOM_MS);
		await door.check(`#m-${l2.login} input[name=confirmed]`);
		await Promise.all([door.waitForURL(/done=/),
			door.click(`#m-${l2.login} form.checkin-form button[type=submit]`)]);
		await checkWait(page, `${tag}: and learner 2 checked in`,
			rowIs, [l2.fullName, [en.room_state_checked_in]], ROOM_MS);
		await door.screenshot({ path: `${SHOTS}/${tag}-1-door.png`, fullPage: true });
		await door.close();

		/* Learner 1 starts, in a browser of their own. */
		const c1 = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
		const p1 = await c1.newPage();
		p1.on('pageerror', (e) => check(`${tag}: learner 1's page has no script error`, false, e.message));
		await startExam(p1, base, run, EXAM);
		await checkWait(page, `${tag}: the room shows learner 1 started within 5 s`,
			rowIs, [run.fullName, started], ROOM_MS);

		/* Pause and resume learner 1 from the room, by keyboard. */
		await roomAct(page, run.fullName, 'pause', 'Fire alarm');
		check(`${tag}: the room says learner 1 is paused`,
			(await page.textContent('#room-done')) === en.room_done_pause.replace('{name}', run.fullName));
		await checkWait(page, `${tag}: the room shows learner 1 paused`,
			rowIs, [run.fullName, [en.room_state_paused]], ROOM_MS);
		const items = await p1.locator('fieldset.question').evaluateAll((l) => l.map((q) => q.dataset.item));
		/* The page learns of the pause from its next save or its next look
		 * at the server, whichever comes first; a save refused with 423
		 * and a view saying paused must both end in the banner. The click
		 * is done inside the page so that a view landing first (and
		 * disabling the questions) does not leave a click waiting. */
		const clicked = await p1.evaluate((item) => {
			const fs = document.querySelector(`fieldset.question[data-item="${item}"]`);
			if (fs.disabled)
				return false;
			const choice = fs.querySelector('label.choice');
			if (choice) {
				choice.click();
				return true;
			}
			const text = fs.querySelector('input[type=text], textarea');
			text.value = 'machine learning';
			text.dispatchEvent(new Event('input', { bubbles: true }));
			text.dispatchEvent(new Event('change', { bubbles: true }));
			return true;
		}, items[0]);
		await checkWait(p1, `${tag}: learner 1 ${clicked ? 'answers' : 'waits'}: their page says paused`,
			() => !document.getElementById('paused-banner').hidden, undefined, 8000);
		check(`${tag}: learner 1's questions cannot be answered while paused`,
			await p1.evaluate(() => [...document.querySelectorAll('fieldset.question')].every((f) => f.disabled)));
		const stood = (await roomRow(page, run.fullName)).left;
		await page.screenshot({ path: `${SHOTS}/${tag}-2-paused.png`, fullPage: true });
		await page.waitForTimeout(5500);
		check(`${tag}: learner 1's time left stands still while paused`,
			(await roomRow(page, run.fullName)).left === stood, `${stood} then ${(await roomRow(page, run.fullName)).left}`);
		await roomAct(page, run.fullName, 'resume', 'All clear');
		await checkWait(page, `${tag}: the room shows learner 1 running again`,
			rowIs, [run.fullName, started], ROOM_MS);
		await checkWait(p1, `${tag}: learner 1's page is unlocked`,
			() => document.getElementById('paused-banner').hidden, undefined, 8000);
		check(`${tag}: focus is back on learner 1's Actions button`, await page.evaluate(() =>
			document.activeElement && document.activeElement.classList.contains('act-open')));

		/* Learner 2 starts and gets 10 minutes more. */
		const c2 = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
		const p2 = await c2.newPage();
		await startExam(p2, base, { ...run, name: `${tag} learner 2`, login: l2.login,
			password: l2.password }, EXAM);
		await checkWait(page, `${tag}: the room shows learner 2 started within 5 s`,
			rowIs, [l2.fullName, started], ROOM_MS);
		const before = await apiGet(page, `/api/v1/sittings/${sid}/room`);
		const left0 = before.body.seats.find((x) => x.login === l2.login).time_left_s;
		await roomAct(page, l2.fullName, 'extend', 'Late start', 10);
		const plus = en.room_extended.replace('{minutes}', '10');
		await checkWait(page, `${tag}: the room shows learner 2 with ${plus}`,
			rowIs, [l2.fullName, started, plus], ROOM_MS);
		const after = await apiGet(page, `/api/v1/sittings/${sid}/room`);
		const left1 = after.body.seats.find((x) => x.login === l2.login).time_left_s;
		check(`${tag}: learner 2's time left grew by 10 minutes`,
			left1 - left0 > 590 && left1 - left0 <= 600 + 10, `${left0} -> ${left1}`);
		await page.screenshot({ path: `${SHOTS}/${tag}-3-extended.png`, fullPage: true });
		await c1.close();
		await c2.close();

		/* The room in zh-TW on a 360 px phone, and its forms without script. */
		for (const js of [true, false]) {
			const c = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-TW',
				isMobile: true, hasTouch: true, javaScriptEnabled: js,
				extraHTTPHeaders: { 'Accept-Language': 'zh-TW' } });
			await c.addCookies(await context.cookies());
			const ph = await c.newPage();
			await ph.goto(`${base}/lang/zh-TW?next=/console/sittings/${sid}/room`);
			check(`${tag}: 360 px${js ? '' : ', no script'}: the room in zh-TW shows learner 2 ${zh.room_extended.replace('{minutes}', '10')}`,
				(await ph.textContent('#room-body')).includes(zh.room_extended.replace('{minutes}', '10')));
			if (js) {
				await checkWait(ph, `${tag}: 360 px: live`, () => document.getElementById('room-time').textContent !== '');
				await ph.locator('#room-body tr', { hasText: run.fullName }).locator('button.act-open').click();
				await ph.waitForSelector('#act-panel:not([hidden])');
			} else {
				await ph.locator('#room-body tr', { hasText: run.fullName }).locator('summary').click();
			}
			check(`${tag}: 360 px${js ? '' : ', no script'}: nothing wider than the phone`,
				await ph.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1),
				await ph.evaluate(() => document.documentElement.scrollWidth));
			await ph.screenshot({ path: `${SHOTS}/${tag}-${js ? 4 : 5}-phone-zh${js ? '' : '-nojs'}.png`, fullPage: true });
			if (!js) {
				const row = ph.locator('#room-body tr', { hasText: run.fullName });
				await row.locator('input[name=reason]').fill('紙本筆記');
				await Promise.all([ph.waitForURL(/done=note/),
					row.locator('button[value=note]').click()]);
				check(`${tag}: without script a note is filed and the room says so`,
					(await ph.textContent('#room-done')) === zh.room_done_note.replace('{name}', run.fullName),
					await ph.textContent('#room-done'));
			}
			await c.close();
		}

		/* The sitting report lists it all: both learners checked in at
		 * their seats, the pause of learner 1 with its reason and the
		 * note filed on them from the phone, the 10 minutes given
		 * learner 2. */
		await page.goto(`${base}/console/sittings/${sid}/report`);
		const r1 = await page.textContent(`#r-${run.login}`);
		const r2 = await page.textContent(`#r-${l2.login}`);
		check(`${tag}: the report shows both learners checked in`,
			r1.includes(en.report_checked_in) && r2.includes(en.report_checked_in), `${r1} | ${r2}`);
		check(`${tag}: the report gives learner 1's pause with its reason, and the note`,
			r1.includes('Fire alarm') && r1.includes('紙本筆記'), r1);
		check(`${tag}: the report gives learner 2's 10 minutes`, r2.includes('+10 min'), r2);
		const csv = await page.request.get(`${base}/console/sittings/${sid}/report.csv`);
		const text = await csv.text();
		check(`${tag}: the report's CSV has both learners`, csv.status() === 200 &&
			text.includes(run.fullName) && text.includes(l2.fullName), csv.status());
		await page.screenshot({ path: `${SHOTS}/${tag}-6-report.png`, fullPage: true });
	});
}

/* ---- the newer question types: cloze, gapselect, ordering, units ---- */

/* One question of each newer kind, and seven true/false fillers that put
 * the last of them on a second page for the run without script. Every
 * feedback is marked SECRETFB, and the short answer's key (Lutetia) is
 * typed by the learner in lower case only, so none may show before
 * grading. */
const TYPES_BANK = `<?xml version="1.0" encoding="UTF-8"?>
<quiz>
<question type="category"><category><text>bt/types</text></category></question>
<question type="cloze"><name><text>Paris</text></name>
<questiontext format="html"><text><![CDATA[<p>CLOZEQ The Roman name of the capital of France is {1:SHORTANSWER:=Lutetia#SECRETFB-SA}; about {1:NUMERICAL:=2.1:0.2#SECRETFB-NM} million people live in it; its river is the {1:MULTICHOICE:=Seine#SECRETFB-MC~Loire~Rhone}; the first stripe of its flag is {1:MULTICHOICE_V:=blue#SECRETFB-MCV~red}; two other French cities are {2:MULTIRESPONSE:=Lyon~=Nice~Geneva#SECRETFB-MR}.</p>]]></text></questiontext>
<generalfeedback format="html"><text>SECRETFB-GEN</text></generalfeedback>
</question>
<question type="gapselect"><name><text>Gaps</text></name>
<questiontext format="html"><text><![CDATA[<p>GAPQ A language model [[1]] the next word, so it can [[2]] facts: [[3]] its answer before you share it.</p>]]></text></questiontext>
<shuffleanswers>1</shuffleanswers>
<correctfeedback format="html"><text>SECRETFB-GS</text></correctfeedback>
<selectoption><text>predicts</text><group>1</group></selectoption>
<selectoption><text>invent</text><group>2</group></selectoption>
<selectoption><text>check</text><group>3</group></selectoption>
<selectoption><text>looks up</text><group>1</group></selectoption>
<selectoption><text>guarantee</text><group>2</group></selectoption>
<selectoption><text>paste</text><group>3</group></selectoption>
</question>
<question type="ordering"><name><text>Steps</text></name>
<questiontext format="html"><text>ORDQ Put the steps of writing a prompt in order.</text></questiontext>
<selecttype>ALL</selecttype><gradingtype>ABSOLUTE_POSITION</gradingtype>
<answer><text>State the goal of the task</text><feedback><text>SECRETFB-O1</text></feedback></answer>
<answer><text>Give the context and the audience</text></answer>
<answer><text>Show an example of the output</text></answer>
<answer><text>Check the answer against a source</text></answer>
</question>
<question type="numerical"><name><text>g list</text></name>
<questiontext format="html"><text>UNITSELQ How much faster does a dropped stone fall each second?</text></questiontext>
<answer fraction="100"><text>9.8</text><tolerance>0.05</tolerance><feedback><text>SECRETFB-N1</text></feedback></answer>
<units><unit><multiplier>1</multiplier><unit_name>m/s2</unit_name></unit>
<unit><multiplier>100</multiplier><unit_name>cm/s2</unit_name></unit></units>
<unitgradingtype>1</unitgradingtype><unitpenalty>0.1</unitpenalty><showunits>2</showunits>
</question>
<question type="numerical"><name><text>g typed</text></name>
<questiontext format="html"><text>UNITTXTQ The same in centimetres, with its unit?</text></questiontext>
<answer fraction="100"><text>9.8</text><tolerance>0.05</tolerance><feedback><text>SECRETFB-N2</text></feedback></answer>
<units><unit><multiplier>1</multiplier><unit_name>m/s2</unit_name></unit>
<unit><multiplier>100</multiplier><unit_name>cm/s2</unit_name></unit></units>
<unitgradingtype>1</unitgradingtype><unitpenalty>0.1</unitpenalty><showunits>0</showunits>
</question>
<question type="category"><category><text>bt/filler</text></category></question>
${[1, 2, 3, 4, 5, 6, 7].map((n) => `<question type="truefalse"><name><text>F${n}</text></name>
<questiontext format="html"><text>FILLERQ ${n}: a model can be wrong.</text></questiontext>
<answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer>
</question>`).join('\n')}
</quiz>
`;

const TYPES_EXAM = 'browser-types';
const TYPES_EXAM_2P = 'browser-types-2p';
const typesExams = [
	{
		id: TYPES_EXAM, title: { en: 'Newer types', 'zh-TW': '新題型' },
		duration_s: 900, pass_percent: 50, attempts: 0, review: 'score', languages: ['en'],
		sections: [{ category: 'bt/types', count: 5 }]
	},
	{
		id: TYPES_EXAM_2P, title: { en: 'Newer types, two pages', 'zh-TW': '新題型（兩頁）' },
		duration_s: 900, pass_percent: 50, attempts: 0, review: 'score', languages: ['en'],
		shuffle_items: false,
		sections: [{ category: 'bt/filler', count: 7 }, { category: 'bt/types', count: 5 }]
	}
];

/* The five items of the view by what they are: cloze, gapselect,
 * ordering, the unit chosen from a list, the unit typed. */
function typesItems(view) {
	const items = view.items || [];
	const by = (t, u) => items.find((x) => x.type === t && (u === undefined || x.unit_input === u));
	return {
		cloze: by('cloze'), gaps: by('gapselect'), order: by('ordering'),
		numSel: by('numerical', 'select'), numTxt: by('numerical', 'text')
	};
}

const idOf = (list, text) => ((list || []).find((c) => c.text.trim() === text) || {}).id;
const RIGHT_ORDER = ['State the goal of the task', 'Give the context and the audience',
	'Show an example of the output', 'Check the answer against a source'];

/* What the learner answers, and so what the server must hold:
 *   cloze      lutetia (right, case-insensitive), 2,1 (2.1: right), Seine
 *              (right), red (wrong), Lyon alone of Lyon and Nice (half)
 *   gapselect  predicts, invent (right), paste (wrong; check is right)
 *   ordering   the right order
 *   units      9,8 with m/s2 chosen from the list; "980 cm/s2" typed */
function typesExpected(it) {
	const g = it.cloze.gaps;
	return {
		[it.cloze.id]: { gaps: {
			1: { text: 'lutetia' }, 2: { number: 2.1 },
			3: { choice: idOf(g[2].choices, 'Seine') }, 4: { choice: idOf(g[3].choices, 'red') },
			5: { choices: [idOf(g[4].choices, 'Lyon')] } } },
		[it.gaps.id]: { gaps: {
			1: idOf(it.gaps.gaps[0].choices, 'predicts'), 2: idOf(it.gaps.gaps[1].choices, 'invent'),
			3: idOf(it.gaps.gaps[2].choices, 'paste') } },
		[it.order.id]: { order: RIGHT_ORDER.map((t) => idOf(it.order.items, t)) },
		[it.numSel.id]: { number: 9.8, unit: 'm/s2' },
		[it.numTxt.id]: { number: 980, unit: 'cm/s2' }
	};
}

/* The grade, by hand. Marks: the cloze is worth the sum of its gaps'
 * marks, 1+1+1+1+2 = 6; the others 1 each (Moodle's default grade), the
 * fillers 1 each. The cloze scores 1 (lutetia) + 1 (2.1 is within 0.2)
 * + 1 (Seine) + 0 (red) + 2 x 0.5 (Lyon: the two right answers are worth
 * 50% each, no wrong one ticked) = 4 of 6; the gapselect 2 of 3 gaps
 * right = 2/3 of 1; the ordering all in place (absolute position) = 1;
 * 9.8 m/s2 = 1; 980 cm/s2 = 980 / 100 = 9.8 m/s2 = 1, no unit penalty.
 * 4 + 2/3 + 1 + 1 + 1 = 7.667 of 10 (76.67%), or of 17 with the seven
 * fillers left unanswered. */
const TYPES_SCORE = 4 + 2 / 3 + 3;
const TYPES_MARKS = { cloze: 6, gaps: 1, order: 1, numSel: 1, numTxt: 1 };

/* Nothing a learner can see before grading tells a key, a fraction or a
 * feedback: not the text, not any attribute, not the API's view. */
async function noKeysShown(page, tag, when, html, view, extra = []) {
	const words = ['SECRETFB', 'Lutetia', '=Seine', '{1:', '{2:', 'MULTICHOICE',
		'fraction', 'tolerance', 'feedback'];
	/* The keys that are numbers, as numbers in the questions: not in the
	 * page's times, nor a field name such as "i2.1" (item i2, gap 1). */
	const form = await page.innerHTML('#answers');
	const seen = words.filter((w) => html.includes(w))
		.concat(extra.filter((w) => new RegExp(`(?<![\\w.])${w.replace('.', '\\.')}(?![\\d])`).test(form)));
	check(`${tag}: ${when}: no key, fraction or feedback in the page`, seen.length === 0,
		seen.join(' '));
	const attrs = await page.evaluate(() => {
		const bad = [];
		document.querySelectorAll('*').forEach((el) => {
			for (const a of el.attributes)
				if (/fraction|correct|key|feedback|grade|tolerance|weight/i.test(a.name) ||
				    /^-?\d+(\.\d+)?%$/.test(a.value))
					bad.push(`${el.tagName}[${a.name}=${a.value}]`);
		});
		return bad;
	}).catch((e) => [`(not read: ${e.message})`]);
	check(`${tag}: ${when}: no attribute names a key or a fraction`, attrs.length === 0,
		attrs.join(' '));
	if (view) {
		/* The items, not the times beside them, which may hold "2.1". */
		const j = JSON.stringify(view.items);
		const leak = ['SECRETFB', 'Lutetia', 'fraction', 'feedback', 'tolerance', 'weight',
			...extra].filter((w) => j.includes(w));
		check(`${tag}: ${when}: the API's view shows no key either`, leak.length === 0,
			leak.join(' '));
	}
}

/* Every control of the five questions has an accessible name, the gaps
 * "Gap N" in the page's language, the places "Place", and the move
 * buttons (with script) "Move up: item". */
async function namesCheck(page, tag, lang, ids, js, some = true) {
	const c = catalog(lang);
	const r = await page.evaluate(([ids, gap, place, up, down, js]) => {
		const nameOf = (el) => {
			let n = el.getAttribute('aria-label') || '';
			if (!n && el.getAttribute('aria-labelledby'))
				n = el.getAttribute('aria-labelledby').split(/\s+/).map(
					(i) => (document.getElementById(i) || {}).textContent || '').join(' ');
			if (!n && el.id) {
				const l = document.querySelector(`label[for="${CSS.escape(el.id)}"]`);
				n = l ? l.textContent : '';
			}
			if (!n && el.closest('label'))
				n = el.closest('label').textContent;
			return n.trim();
		};
		const nameless = [], wrong = [];
		let gaps = 0, places = 0, buttons = 0;
		for (const id of ids) {
			const fs = document.querySelector(`fieldset.question[data-item="${id}"]`);
			if (!fs)
				continue;
			fs.querySelectorAll('input:not([type=hidden]), select, button').forEach((el) => {
				if (!nameOf(el))
					nameless.push(el.id || el.outerHTML.slice(0, 60));
			});
			/* Each cloze gap: its field, list or group named "Gap N". */
			fs.querySelectorAll('span.gap[data-kind]').forEach((g) => {
				const el = g.querySelector('[role=radiogroup], [role=group], input, select');
				gaps++;
				if (nameOf(el) !== `${gap} ${g.dataset.gap}`)
					wrong.push(`cloze gap ${g.dataset.gap}: "${nameOf(el)}"`);
			});
			fs.querySelectorAll('select[data-gap]').forEach((el) => {
				gaps++;
				if (nameOf(el) !== `${gap} ${el.dataset.gap}`)
					wrong.push(`gapselect gap ${el.dataset.gap}: "${nameOf(el)}"`);
			});
			fs.querySelectorAll('select[data-place]').forEach((el) => {
				places++;
				if (nameOf(el) !== place)
					wrong.push(`place: "${nameOf(el)}"`);
			});
			fs.querySelectorAll('button[data-move]').forEach((el) => {
				buttons++;
				const text = el.closest('li').querySelector('.order-text').textContent.trim();
				if (nameOf(el) !== `${el.dataset.move === 'up' ? up : down}: ${text}`)
					wrong.push(`button: "${nameOf(el)}"`);
			});
		}
		return { nameless, wrong, gaps, places, buttons, js };
	}, [ids, c.gap_label, c.order_position, c.order_up, c.order_down, js]);
	check(`${tag}: every control of the new types has an accessible name`,
		r.nameless.length === 0, r.nameless.join(' '));
	check(`${tag}: gaps named "${c.gap_label} N", places "${c.order_position}"` +
		(js ? `, buttons "${c.order_up}: ..."` : ''),
		r.wrong.length === 0 && (r.gaps + r.places > 0) === some,
		`${r.gaps} gaps, ${r.places} places; ${r.wrong.join('; ')}`);
	return r;
}

/* At 360 px nothing sticks out: no sideways scrolling, every control of
 * the page inside the viewport. */
async function narrowCheck(page, tag) {
	const r = await page.evaluate(() => {
		const out = [];
		document.querySelectorAll('#answers input:not([type=hidden]), #answers select, #answers button, #answers label')
			.forEach((el) => {
				const b = el.getBoundingClientRect();
				if (b.width > 0 && (b.right > window.innerWidth + 0.5 || b.left < -0.5))
					out.push(`${el.tagName.toLowerCase()}#${el.id || el.className} ${Math.round(b.left)}..${Math.round(b.right)}`);
			});
		return { width: document.documentElement.scrollWidth, out };
	});
	check(`${tag}: no sideways scrolling at 360 px`, r.width <= 360, r.width);
	check(`${tag}: every control inside 360 px`, r.out.length === 0, r.out.join('; '));
}

/* A full-page screenshot from the top, so the sticky exam bar sits at
 * its place and covers no question. */
async function shot(page, name) {
	await page.evaluate(() => window.scrollTo(0, 0)).catch(() => {});
	await page.screenshot({ path: `${SHOTS}/${name}`, fullPage: true });
}

/* "All answers saved" and truly nothing left to send: a quick save
 * leaves the status as it was while its request is out, so the queue
 * kept in localStorage must be empty too. */
const savedAll = ([want, id]) => {
	const s = document.getElementById('save-status');
	return s && s.textContent === want && !s.classList.contains('pending') &&
		localStorage.getItem(`aicert:${id}:queue`) === null;
};

/* Presses Tab until the focus is on sel; the steps taken. */
async function tabTo(page, sel) {
	for (let i = 0; i < 150; i++) {
		if (await page.evaluate((s) => !!document.activeElement && document.activeElement.matches(s), sel))
			return i;
		await page.keyboard.press('Tab');
	}
	throw new Error(`Tab never reaches ${sel}`);
}

const focusedText = (page) => page.evaluate(() => {
	const el = document.activeElement;
	if (el.tagName === 'SELECT')
		return el.selectedIndex >= 0 ? el.options[el.selectedIndex].textContent.trim() : '';
	return (el.closest('label') || el).textContent.trim();
});

/* In the focused select, arrows down to the option that reads text. */
async function keySelect(page, text) {
	for (let i = 0; i < 12; i++) {
		if (await focusedText(page) === text)
			return;
		await page.keyboard.press('ArrowDown');
	}
	throw new Error(`no option "${text}" by the arrow keys`);
}

/* In the focused radio group, space on the choice, or arrows to it. */
async function keyRadio(page, text) {
	if (await focusedText(page) === text)
		return page.keyboard.press('Space');
	for (let i = 0; i < 6; i++) {
		await page.keyboard.press('ArrowDown');
		if (await focusedText(page) === text)
			return;
	}
	throw new Error(`no choice "${text}" by the arrow keys`);
}

const domOrder = (page, item) => page.locator(`fieldset.question[data-item="${item}"] li[data-oitem]`)
	.evaluateAll((l) => l.map((li) => li.dataset.oitem));

function typesRun(base, run) {
	return session(run, async (page) => {
		const tag = run.name;
		const attempt = await startExam(page, base, run, TYPES_EXAM);
		const saved = await page.getAttribute('#exam', 'data-msg-saved');
		const url = `/api/v1/attempts/${attempt}`;
		const v0 = await apiGet(page, url);
		const it = typesItems(v0.body);
		check(`${tag}: one question of each new kind`, v0.status === 200 &&
			Object.values(it).every((x) => x), JSON.stringify((v0.body.items || []).map((x) => x.type)));
		const marks = Object.keys(TYPES_MARKS).map((k) => (it[k] || {}).mark);
		check(`${tag}: marks as worked out (cloze 6, the rest 1)`,
			JSON.stringify(marks) === JSON.stringify(Object.values(TYPES_MARKS)), JSON.stringify(marks));
		const want = typesExpected(it);
		const ids = Object.keys(want);
		const fsSel = (id) => `fieldset.question[data-item="${id}"]`;
		const right = want[it.order.id].order;
		const first = await domOrder(page, it.order.id);
		check(`${tag}: the ordering is first shown mixed`,
			first.length === 4 && JSON.stringify(first) !== JSON.stringify(right), first.join(' '));

		await noKeysShown(page, tag, 'at the start', await page.content(), v0.body, ['9.8', '2.1']);
		const n = await namesCheck(page, tag, run.locale, ids, true);
		check(`${tag}: 8 gaps, 4 places and 8 move buttons named`,
			n.gaps === 8 && n.places === 4 && n.buttons === 8,
			`${n.gaps} gaps, ${n.places} places, ${n.buttons} buttons`);
		await shot(page, `${tag}-1-start.png`);

		/* Everything by keyboard, from the top of the page. */
		const C = fsSel(it.cloze.id), G = fsSel(it.gaps.id);
		const g = it.cloze.gaps;
		await tabTo(page, `${C} span.gap[data-gap="1"] input`);
		await page.keyboard.type('lutetia');
		await tabTo(page, `${C} span.gap[data-gap="2"] input`);
		await page.keyboard.type('2,1');
		await tabTo(page, `${C} span.gap[data-gap="3"] select`);
		await keySelect(page, 'Seine');
		await tabTo(page, `${C} span.gap[data-gap="4"] input[type=radio]`);
		await keyRadio(page, 'red');
		await tabTo(page, `${C} span.gap[data-gap="5"] input[data-choice="${idOf(g[4].choices, 'Lyon')}"]`);
		await page.keyboard.press('Space');
		for (const [n, text] of [[1, 'predicts'], [2, 'invent'], [3, 'paste']]) {
			await tabTo(page, `${G} select[data-gap="${n}"]`);
			await keySelect(page, text);
		}
		await checkWait(page, `${tag}: cloze and gaps saved`, savedAll, [saved, attempt]);

		/* The ordering: an item one place off goes up with its button,
		 * one further off by its place select (arrow up, one place a
		 * press); each move saved at once. */
		const O = fsSel(it.order.id);
		let byButton = 0, bySelect = 0;
		for (let p = 1; p <= 4; p++) {
			const k = (await domOrder(page, it.order.id)).indexOf(right[p - 1]) + 1;
			const li = `${O} li[data-oitem="${right[p - 1]}"]`;
			if (k === p)
				continue;
			if (k === p + 1) {
				await tabTo(page, `${li} button[data-move=up]`);
				await page.keyboard.press('Space');
				byButton++;
			} else {
				await tabTo(page, `${li} select[data-place]`);
				for (let i = k; i > p; i--)
					await page.keyboard.press('ArrowUp');
				bySelect++;
			}
		}
		check(`${tag}: the ordering put right by keyboard (${byButton} by button, ${bySelect} by place)`,
			JSON.stringify(await domOrder(page, it.order.id)) === JSON.stringify(right),
			(await domOrder(page, it.order.id)).join(' '));
		/* And the button both ways: the first item down, then up again,
		 * the focus staying on the item moved. */
		await tabTo(page, `${O} li[data-oitem="${right[0]}"] button[data-move=down]`);
		await page.keyboard.press('Space');
		await checkWait(page, `${tag}: "move down" moves it`,
			([s, id]) => document.querySelectorAll(`${s} li[data-oitem]`)[1].dataset.oitem === id,
			[O, right[0]]);
		await checkWait(page, `${tag}: "move down" saved`, savedAll, [saved, attempt]);
		const down = await apiGet(page, url);
		const swapped = [right[1], right[0], right[2], right[3]];
		check(`${tag}: the server holds the order moved down`,
			JSON.stringify((down.body.responses || {})[it.order.id]) === JSON.stringify({ order: swapped }),
			JSON.stringify((down.body.responses || {})[it.order.id]));
		check(`${tag}: the focus stays on the button of the item moved`,
			await page.evaluate((id) => document.activeElement.matches(
				`li[data-oitem="${id}"] button[data-move=down]`), right[0]));
		check(`${tag}: its place now says 2`,
			await page.locator(`${O} li[data-oitem="${right[0]}"] select[data-place]`).inputValue() === '2');
		await page.keyboard.press('Shift+Tab');
		await page.keyboard.press('Space');
		/* And the last item to the top by its place select, then back. */
		const placeOf = (id) => `${O} li[data-oitem="${id}"] select[data-place]`;
		await tabTo(page, placeOf(right[3]));
		for (let i = 0; i < 3; i++)
			await page.keyboard.press('ArrowUp');
		await checkWait(page, `${tag}: three presses of arrow up move it to the top`,
			([s, id]) => document.querySelector(`${s} li[data-oitem]`).dataset.oitem === id,
			[O, right[3]]);
		await checkWait(page, `${tag}: a place chosen by arrow keys saved`, savedAll, [saved, attempt]);
		const top = await apiGet(page, url);
		check(`${tag}: the server holds the last item moved first`,
			JSON.stringify((top.body.responses || {})[it.order.id]) ===
			JSON.stringify({ order: [right[3], right[0], right[1], right[2]] }),
			`${JSON.stringify((top.body.responses || {})[it.order.id])}, right ${right.join(' ')}, ` +
			`shown ${(await domOrder(page, it.order.id)).join(' ')}`);
		check(`${tag}: the focus stays on its place, which says 1`,
			await page.evaluate((s) => document.activeElement.matches(s) &&
				document.activeElement.value === '1', placeOf(right[3])));
		for (let i = 0; i < 3; i++)
			await page.keyboard.press('ArrowDown');
		check(`${tag}: and back to the right order`,
			JSON.stringify(await domOrder(page, it.order.id)) === JSON.stringify(right),
			(await domOrder(page, it.order.id)).join(' '));

		/* The units: 9,8 and m/s2 from the list; "980 cm/s2" typed. */
		await tabTo(page, `${fsSel(it.numSel.id)} input[type=text]`);
		await page.keyboard.type('9,8');
		await tabTo(page, `${fsSel(it.numSel.id)} select[data-unit]`);
		await keySelect(page, 'm/s2');
		await tabTo(page, `${fsSel(it.numTxt.id)} input[type=text]`);
		await page.keyboard.type('980 cm/s2');
		await page.keyboard.press('Tab');
		await checkWait(page, `${tag}: every answer saved`, savedAll, [saved, attempt]);
		check(`${tag}: nothing left unanswered`,
			(await page.textContent('#unanswered-count')).trim() === '0',
			await page.textContent('#unanswered-count'));

		const v1 = await apiGet(page, url);
		const got = v1.body.responses || {};
		for (const [k, id] of Object.entries({ cloze: it.cloze.id, gapselect: it.gaps.id,
			ordering: it.order.id, 'unit from a list': it.numSel.id, 'unit typed': it.numTxt.id }))
			check(`${tag}: the server holds the ${k} as answered`, v1.status === 200 &&
				JSON.stringify(got[id]) === JSON.stringify(want[id]),
				`${JSON.stringify(got[id])} vs ${JSON.stringify(want[id])}`);

		const snaps = {};
		for (const id of ids)
			snaps[id] = await snapshot(page, id);
		await noKeysShown(page, tag, 'answered', await page.content(), v1.body);
		await shot(page, `${tag}-2-answered.png`);

		await page.reload();
		await checkWait(page, `${tag}: exam.js runs after reload`,
			() => document.getElementById('exam').classList.contains('js'));
		/* "2,1" and "9,8" come back from the server as 2.1 and 9.8. */
		const comma = (x) => x.replace(/=(\d+),(\d+)\b/g, '=$1.$2');
		const changed = [];
		for (const id of ids)
			if (comma(await snapshot(page, id)) !== comma(snaps[id]))
				changed.push(`${id}: ${await snapshot(page, id)} vs ${snaps[id]}`);
		check(`${tag}: every answer still in place after reload`, changed.length === 0,
			changed.join('; '));
		check(`${tag}: the ordering after reload`,
			JSON.stringify(await domOrder(page, it.order.id)) === JSON.stringify(right));
		check(`${tag}: "980 cm/s2" shown as typed`,
			await page.locator(`${fsSel(it.numTxt.id)} input[type=text]`).inputValue() === '980 cm/s2',
			await page.locator(`${fsSel(it.numTxt.id)} input[type=text]`).inputValue());
		await noKeysShown(page, tag, 'after reload', await page.content(), null);

		/* The page's language switched to Traditional Chinese: the gaps,
		 * places and move buttons are named in it. */
		await Promise.all([
			page.waitForURL((u) => u.pathname === `/attempts/${attempt}`, { timeout: STEP_MS }),
			page.click('nav.langs a[hreflang="zh-TW"]')
		]);
		await checkWait(page, `${tag}: exam.js runs in zh-TW`,
			() => document.documentElement.lang === 'zh-TW' &&
				document.getElementById('exam').classList.contains('js'));
		const nz = await namesCheck(page, `${tag} zh-TW`, 'zh-TW', ids, true);
		check(`${tag} zh-TW: 8 gaps, 4 places and 8 move buttons named`,
			nz.gaps === 8 && nz.places === 4 && nz.buttons === 8,
			`${nz.gaps} gaps, ${nz.places} places, ${nz.buttons} buttons`);
		const unchanged = [];
		for (const id of ids)
			if (comma(await snapshot(page, id)) !== comma(snaps[id]))
				unchanged.push(id);
		check(`${tag} zh-TW: the answers are still there`, unchanged.length === 0, unchanged.join(' '));

		/* The same page on a phone. */
		await page.setViewportSize({ width: 360, height: 740 });
		await page.waitForTimeout(200);
		await narrowCheck(page, tag);
		await shot(page, `${tag}-3-360px.png`);
		await page.setViewportSize(run.viewport);

		await Promise.all([
			page.waitForURL(/\/finish$/, { timeout: STEP_MS }),
			page.click('button.finish-btn')
		]);
		await Promise.all([
			page.waitForURL(/\/result$/, { timeout: STEP_MS }),
			page.click(`form[action="/attempts/${attempt}/submit"] button[type=submit]`)
		]);
		const res = await apiGet(page, `${url}/result`);
		check(`${tag}: graded ${TYPES_SCORE.toFixed(3)} of 10, as worked out by hand`,
			res.status === 200 && Math.abs(res.body.score - TYPES_SCORE) < 0.005 &&
			res.body.max_score === 10, JSON.stringify(res.body));
		const shown = await page.textContent('.score');
		check(`${tag}: the result page shows 76.7%`, /\b76\.(7|67)%/.test(shown), shown);
		await shot(page, `${tag}-4-result.png`);
	});
}

/* The same questions without script, on a phone, in Traditional Chinese:
 * answered through the page form, Next and Finish save them. */
function typesNoJsRun(base, run) {
	return session(run, async (page) => {
		const tag = run.name;
		const api = async (u) => {
			const r = await page.request.get(`${base}${u}`);
			return { status: r.status(), body: await r.json().catch(() => ({})) };
		};
		await signIn(page, base, run.login, run.password);
		await page.goto(`${base}/exams/${TYPES_EXAM_2P}`);
		await page.check(`input[name=lang][value="${run.lang}"]`);
		await Promise.all([
			page.waitForURL(/\/attempts\/[^/?#]+$/, { timeout: STEP_MS }),
			page.click(`form[action="/exams/${TYPES_EXAM_2P}/start"] button[type=submit]`)
		]);
		const attempt = await page.getAttribute('#exam', 'data-attempt');
		check(`${tag}: exam page opened without script`, !!attempt &&
			!(await page.getAttribute('#exam', 'class')).split(' ').includes('js'), page.url());
		const url = `/api/v1/attempts/${attempt}`;
		const v0 = await api(url);
		const it = typesItems(v0.body);
		check(`${tag}: twelve questions, the new ones among them`, v0.status === 200 &&
			v0.body.items.length === 12 && Object.values(it).every((x) => x));
		const want = typesExpected(it);
		const ids = Object.keys(want);
		const fsSel = (id) => `fieldset.question[data-item="${id}"]`;
		const right = want[it.order.id].order;
		const g = it.cloze.gaps;

		/* Answers whatever of the five this page shows, by the form. */
		const answerHere = async () => {
			const here = [];
			for (const id of ids)
				if (await page.locator(fsSel(id)).count())
					here.push(id);
			for (const id of here) {
				const F = fsSel(id);
				if (id === it.cloze.id) {
					await page.fill(`${F} span.gap[data-gap="1"] input`, 'lutetia');
					await page.fill(`${F} span.gap[data-gap="2"] input`, '2,1');
					await page.selectOption(`${F} span.gap[data-gap="3"] select`, { label: 'Seine' });
					await page.check(`${F} span.gap[data-gap="4"] input[value="${idOf(g[3].choices, 'red')}"]`);
					await page.check(`${F} span.gap[data-gap="5"] input[data-choice="${idOf(g[4].choices, 'Lyon')}"]`);
				} else if (id === it.gaps.id) {
					for (const [n, text] of [[1, 'predicts'], [2, 'invent'], [3, 'paste']])
						await page.selectOption(`${F} select[data-gap="${n}"]`, { label: text });
				} else if (id === it.order.id) {
					for (const [i, oid] of right.entries())
						await page.selectOption(`${F} select[data-place="${oid}"]`, String(i + 1));
				} else if (id === it.numSel.id) {
					await page.fill(`${F} input[type=text]`, '9,8');
					await page.selectOption(`${F} select[data-unit]`, 'm/s2');
				} else if (id === it.numTxt.id) {
					await page.fill(`${F} input[type=text]`, '980 cm/s2');
				}
			}
			return here;
		};

		const p1 = await answerHere();
		await noKeysShown(page, tag, 'page 1', await page.content(), v0.body, ['9.8']);
		/* The draw may put every gap and place on one page and only the
		 * numerical questions on the other. */
		const named = (here) => here.some((id) => [it.cloze.id, it.gaps.id, it.order.id].includes(id));
		const n1 = await namesCheck(page, tag, run.locale, ids, false, named(p1));
		await narrowCheck(page, `${tag} page 1`);
		await shot(page, `${tag}-1-page1.png`);
		await Promise.all([
			page.waitForURL(/\?page=2/, { timeout: STEP_MS }),
			page.click('button[name=go][value=next]')
		]);
		const p2 = await answerHere();
		check(`${tag}: the five split over two pages`, p1.length + p2.length === 5 &&
			p1.length > 0 && p2.length > 0, `${p1.length} + ${p2.length}`);
		const n2 = await namesCheck(page, `${tag} page 2`, run.locale, ids, false, named(p2));
		check(`${tag}: 8 gaps and 4 places named over the two pages, no move buttons`,
			n1.gaps + n2.gaps === 8 && n1.places + n2.places === 4 && n1.buttons + n2.buttons === 0,
			`${n1.gaps + n2.gaps} gaps, ${n1.places + n2.places} places`);
		await narrowCheck(page, `${tag} page 2`);
		await shot(page, `${tag}-2-page2.png`);
		await Promise.all([
			page.waitForURL(/\/finish$/, { timeout: STEP_MS }),
			page.click('button.finish-btn')
		]);
		const v1 = await api(url);
		const got = v1.body.responses || {};
		for (const id of ids)
			check(`${tag}: the server holds ${(v0.body.items.find((x) => x.id === id) || {}).type} ${id} from the form`,
				v1.status === 200 && JSON.stringify(got[id]) === JSON.stringify(want[id]),
				`${JSON.stringify(got[id])} vs ${JSON.stringify(want[id])}`);
		await Promise.all([
			page.waitForURL(/\/result$/, { timeout: STEP_MS }),
			page.click(`form[action="/attempts/${attempt}/submit"] button[type=submit]`)
		]);
		const res = await api(`${url}/result`);
		check(`${tag}: graded ${TYPES_SCORE.toFixed(3)} of 17, the fillers left blank`,
			res.status === 200 && Math.abs(res.body.score - TYPES_SCORE) < 0.005 &&
			res.body.max_score === 17, JSON.stringify(res.body));
		await shot(page, `${tag}-3-result.png`);
	});
}

/* ---- main ---- */

const runs = [
	{
		name: 'desktop-en', login: 'learner-en', fullName: '王小明', lang: 'en', locale: 'en-US',
		viewport: { width: 1280, height: 900 }, savedText: 'All answers saved',
		promptRe: /[A-Za-z]{3,}/, verdicts: ['Passed', 'Not passed'], test: takeExam
	},
	{
		name: 'phone-zh', login: 'learner-zh', fullName: '陳美玲', lang: 'zh-TW', locale: 'zh-TW',
		viewport: { width: 360, height: 740 }, mobile: true, savedText: '所有答案已儲存',
		promptRe: /[\u4e00-\u9fff]/, verdicts: ['通過', '未通過'], test: takeExam,
		closeTab: true
	},
	{
		name: 'pages-en', login: 'learner-pages', fullName: 'Chen Wei', lang: 'en', locale: 'en-US',
		viewport: { width: 1280, height: 800 }, test: pagesRun
	},
	{
		name: 'clock-en', login: 'learner-clock', fullName: 'Lin Mei', lang: 'en', locale: 'en-US',
		viewport: { width: 1024, height: 768 }, test: clockRun
	},
	{
		name: 'timeup-zh', login: 'learner-late', fullName: '林志明', lang: 'zh-TW', locale: 'zh-TW',
		viewport: { width: 360, height: 740 }, mobile: true, verdicts: ['通過', '未通過'],
		test: timeUpRun
	},
	{
		name: 'paused-en', login: 'learner-paused', fullName: 'Huang Yi', lang: 'en', locale: 'en-US',
		viewport: { width: 1366, height: 800 }, test: pausedRun
	},
	{
		name: 'types-en', login: 'learner-types', fullName: 'Wu Jia', lang: 'en', locale: 'en-US',
		viewport: { width: 1366, height: 900 }, test: typesRun
	},
	{
		name: 'types-nojs-zh', login: 'learner-nojs', fullName: '黃雅婷', lang: 'en', locale: 'zh-TW',
		viewport: { width: 360, height: 740 }, mobile: true, noJs: true, test: typesNoJsRun
	},
	{
		name: 'sitting-walk', login: 'walk-1', fullName: 'Tsai Ming', lang: 'en', locale: 'en-US',
		viewport: { width: 1366, height: 900 }, test: sittingWalkRun,
		extra: [{ login: 'walk-2', fullName: 'Kao Lan', role: 'learner' },
			{ login: 'walk-proctor', fullName: 'Proctor Ho', role: 'proctor' }]
	}
];
const adminPassword = 'admin-' + randomBytes(9).toString('hex');
let adminToken = null;

/* The bundled practice exam, but over in 6 seconds. */
const SHORT_EXAM = 'browser-short';
const shortExam = {
	id: SHORT_EXAM, title: { en: 'Six seconds', 'zh-TW': '六秒測驗' },
	duration_s: 6, grace_s: 1, pass_percent: 50, attempts: 0, review: 'by_section',
	sections: [{ category: 'ai-literacy/concepts', count: 2 }]
};

const t0 = Date.now();
const watchdog = setTimeout(() => {
	check('finishes in time', false, `${DEADLINE_MS / 1000} s`);
	console.log(`${counts().passed} passed, ${counts().failed} failed`);
	stop();
	process.exit(1);
}, DEADLINE_MS);

try {
	fs.mkdirSync(SHOTS, { recursive: true });
	for (const f of fs.readdirSync(SHOTS))
		if (runs.some((r) => f.startsWith(`${r.name}-`)) && f.endsWith('.png'))
			fs.rmSync(path.join(SHOTS, f));
	cli(['init'], '', { AICERT_ADMIN_PASSWORD: adminPassword });
	fs.writeFileSync(path.join(tmp, 'short.json'), JSON.stringify(shortExam));
	cli(['exam', 'add', path.join(tmp, 'short.json')]);
	fs.writeFileSync(path.join(tmp, 'types.xml'), TYPES_BANK);
	cli(['import', '--bank', 'browser-types', path.join(tmp, 'types.xml')]);
	for (const e of typesExams) {
		fs.writeFileSync(path.join(tmp, `${e.id}.json`), JSON.stringify(e));
		cli(['exam', 'add', path.join(tmp, `${e.id}.json`)]);
	}
	for (const run of runs) {
		run.password = 'pw-' + randomBytes(9).toString('hex');
		cli(['user', 'add', '--login', run.login, '--name', run.fullName, '--role', 'learner'],
			run.password + '\n');
		for (const x of run.extra || []) {
			x.password = 'pw-' + randomBytes(9).toString('hex');
			cli(['user', 'add', '--login', x.login, '--name', x.fullName, '--role', x.role],
				x.password + '\n');
		}
	}
	const base = await startServer();
	console.log(`# server ${base}, chromium ${CHROMIUM}`);
	browser = await chromium.launch({
		executablePath: CHROMIUM, headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
			'--disable-background-networking', '--disable-component-update', '--disable-sync']
	});
	/* BROWSER_RUNS=types-en,types-nojs-zh runs only those. */
	const only = (process.env.BROWSER_RUNS || '').split(',').filter(Boolean);
	for (const run of runs)
		if (!only.length || only.includes(run.name))
			await run.test(base, run);
} catch (e) {
	check('setup', false, e.stack || e.message);
} finally {
	if (browser)
		await browser.close().catch(() => {});
	stop();
	clearTimeout(watchdog);
}
const { passed, failed } = counts();
console.log(`# ${((Date.now() - t0) / 1000).toFixed(1)} s; screenshots in ${SHOTS}/`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
