// a11y.test.mjs - every page of every role, in both languages, at a desktop
// (1366x900) and a phone (360x740), in real headless Chromium:
//
//   axe       axe-core (tests/browser/node_modules/axe-core) with the tags
//             wcag2a wcag2aa wcag21a wcag21aa wcag22aa best-practice: no
//             violation; each one printed with its rule, target and page.
//   borders   every form field's border 3:1 or more against its surround.
//   width     document.documentElement.scrollWidth <= innerWidth: nothing
//             pans sideways, a wide table scrolls in its own box (its
//             hidden labels inside it, its caption on the screen).
//   shot      a full-page screenshot in build/screens/ROLE-PAGE-LANG-WIDTH.png
//             (A11Y_SCREENS=dir to put them elsewhere), to be looked at.
//   focus     on the exam page, Tab through at least 20 stops: each focused
//             element shows a ring (outline of 2 px or more, or a
//             box-shadow) whose colour is 3:1 or more against the
//             element's background and the page's around it; the same on
//             the pages of FOCUS_PAGES (forms, tables, red buttons).
//   contrast  "Saving..." and the timer's last minutes, 4.5:1.
//   bar       the exam's sticky bar takes at most 15 % of the height at
//             200 % zoom (640x400 CSS px) and on the phone.
//   lang      questions in English on a page in zh-TW say so (lang="en"),
//             on the exam page and in a review.
//
// The store: an admin; a trainer (coach) owning a bank, an exam and a
// sitting, who imported two learners; a proctor with a sitting of the
// certification; learners: one with an attempt in progress and a
// certificate, one with a revoked certificate and a practice review, one
// with a 46-letter name; an issuer profile with an address and contact.
// A page another part adds: one line in PAGES. A11Y_ONLY=role-page,...
// (or focus, bar, lang) runs those only; A11Y_SIZES=640x400,... other
// sizes. Exits 1 on any failure, 77 when a tool is missing.

import fs from 'node:fs';
import path from 'node:path';

import { apiFetch, CHROMIUM, ROOT, check, chromiumOrSkip, cli, counts, scratch, startServer,
	stop } from './harness.mjs';

const chromium = await chromiumOrSkip();
const dir = scratch('aicert-a11y-');
const SCREENS = path.resolve(process.env.A11Y_SCREENS || path.join(ROOT, 'build', 'screens'));
const AXE = path.join(ROOT, 'tests', 'browser', 'node_modules', 'axe-core', 'axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
/* A11Y_SIZES=640x400,... to look at other sizes (200 % zoom is 640x400) */
const SIZES = process.env.A11Y_SIZES ? process.env.A11Y_SIZES.split(',').map((x) => x.split('x').map(Number)) :
	[[1366, 900], [360, 740]];
const LANGS = ['en', 'zh-TW'];
const CERT = 'ai-literacy-cert';
let browser = null, base = '';

const BANK = '$CATEGORY: c/all\n\n' +
	'// [id:c1] [tag:comp:AIL.1]\n::One::Which of these is a large language model?{=A model trained on text to predict words ~A spreadsheet}\n\n' +
	'// [id:c2]\n::Two::Who is accountable for an AI system\'s output at work?{=The people who use and deploy it ~The model}\n';
const EXAM = {
	id: 'basics', title: { en: 'AI Basics for Teams', 'zh-TW': '團隊人工智慧基礎' }, duration_s: 600,
	pass_percent: 60, languages: ['en'], review: 'score', certificate: { valid_years: 3 },
	sections: [{ category: 'c/all', count: 2 }]
};

/* ---- the pages: [role, name, path, status, then]; a path may use the ids
 * made below (ids.x), a function of them; status 200 unless given; then,
 * when given, does what leads from that page to the one to look at (a
 * form's answer: then(page) clicks and waits). Roles: visitor (signed out), learner
 * (wang: an attempt in progress, a certificate), learner2 (lin: a
 * revoked certificate, a practice attempt), trainer (coach: owns "basics",
 * imported a learner), proctor (pat), admin. ---- */
const PAGES = [
	['visitor', 'home', '/'],
	['visitor', 'signin', '/signin'],
	['visitor', 'signin-failed', '/signin', 200, (page) => page.fill('#login', 'nobody')
		.then(() => page.fill('#password', 'wrong-password'))
		.then(() => Promise.all([page.waitForNavigation(), page.click('main form[action="/signin"] button[type=submit]')]))],
	['visitor', 'register', '/register'],
	['visitor', 'reset', '/reset'],
	['visitor', 'exam-start', `/exams/${CERT}`],
	['visitor', 'verify', (ids) => `/v/${ids.code}`],
	['visitor', 'verify-revoked', (ids) => `/v/${ids.rcode}`],
	['visitor', 'lookup', '/verify'],
	['visitor', 'credential', '/verify/credential'],
	['visitor', 'privacy', '/privacy'],
	['visitor', 'issuer-privacy', '/issuer/privacy'],
	['visitor', 'not-found', '/no/such/page', 404],
	['learner', 'home', '/'],
	['learner', 'exam-start', `/exams/${CERT}`],
	['learner', 'attempt', (ids) => `/attempts/${ids.running}`],
	['learner', 'finish', (ids) => `/attempts/${ids.running}/finish`],
	['learner', 'result', (ids) => `/attempts/${ids.passed}/result`],
	['learner2', 'practice-result', (ids) => `/attempts/${ids.practice}/result`],
	['learner2', 'result-revoked', (ids) => `/attempts/${ids.revoked}/result`],
	['learner2', 'account', '/me'],
	['learner', 'account', '/me'],
	['learner', 'erase', '/me/erase'],
	['learner', 'consent', '/consent'],
	['trainer', 'console', '/console'],
	['trainer', 'upload', '/console/banks/upload'],
	['trainer', 'upload-summary', '/console/banks/upload', 200, (page) => page.setInputFiles('#u-file',
		path.join(dir, 'team.en.gift')).then(() => Promise.all([page.waitForNavigation(),
		page.click('form[action="/console/banks/upload"] button[type=submit]')]))],
	['trainer', 'bank', '/console/banks/c'],
	['trainer', 'exam-new', '/console/exams/new'],
	['trainer', 'exam-new-errors', '/console/exams/new', 200, (page) => page.evaluate(() => {
		const f = document.querySelector('form.exam-form');
		f.noValidate = true;
		f.querySelector('#e-id').value = 'Not An Id!';
	}).then(() => Promise.all([page.waitForNavigation(), page.click('form.exam-form button[type=submit]:not([name])')]))],
	['trainer', 'exam', '/console/exams/basics'],
	['trainer', 'exam-edit', '/console/exams/basics/edit'],
	['trainer', 'regrade-preview', '/console/exams/basics', 200, (page) => Promise.all([page.waitForNavigation(),
		page.click('form[action$="/regrade"] button[type=submit]')])],
	['trainer', 'sitting', (ids) => `/console/exams/basics/sittings/${ids.tsitting}`],
	['trainer', 'attempt', (ids) => `/console/attempts/${ids.passed}`],
	['trainer', 'certificates', '/console/certificates'],
	['trainer', 'people', '/console/people'],
	['trainer', 'slips', (ids) => ids.slips],
	['trainer', 'password-slip', '/console/people', 200, (page) => page.fill('#pw-login', 'kai')
		.then(() => Promise.all([page.waitForNavigation(), page.click('form[action="/console/people/password"] button')]))],
	['trainer', 'sittings', '/console/sittings'],
	['proctor', 'sittings', '/console/sittings'],
	['proctor', 'checkin', (ids) => `/console/sittings/${ids.sitting}/checkin`],
	['proctor', 'room', (ids) => `/console/sittings/${ids.sitting}/room`],
	['proctor', 'report', (ids) => `/console/sittings/${ids.sitting}/report`],
	['admin', 'console', '/console'],
	['admin', 'bank', '/console/banks/ai-literacy?category=ai-literacy%2Fconcepts'],
	['admin', 'exam', `/console/exams/${CERT}`],
	['admin', 'exam-edit', `/console/exams/${CERT}/edit`],
	['admin', 'sitting', (ids) => `/console/exams/${CERT}/sittings/${ids.sitting}`],
	['admin', 'attempt-running', (ids) => `/console/attempts/${ids.running}`],
	['admin', 'certificates', '/console/certificates'],
	['admin', 'people', '/console/people'],
	['admin', 'users', '/console/users'],
	['admin', 'audit', '/console/audit'],
	['admin', 'issuer', '/console/issuer'],
	['admin', 'notice', '/console/notice'],
	['admin', 'outbox', '/console/outbox'],
	['visitor', 'framework', '/frameworks/ai-literacy'],
	['learner', 'programme', '/programmes/ai-application-planning'],
	['learner', 'programme-part', '/exams/ai-planning-fundamentals'],
	['trainer', 'frameworks', '/console/frameworks'],
	['trainer', 'cohort', '/console/exams/basics/cohort'],
	['trainer', 'items', '/console/exams/basics/items'],
	['admin', 'cohort', `/console/exams/${CERT}/cohort`],
	['admin', 'items', `/console/exams/${CERT}/items?competency=AIL.5`],
];

const api = (token, method, p, body, ctype) => apiFetch(base, token, method, p, body, ctype);

async function signin(login, password) {
	const r = await api(null, 'POST', '/api/v1/session', { login, password });
	return r.json && r.json.token;
}

/* Answers each item of the attempt att as token: right (the choice whose
 * text is the key above) or the first choice; only the first n items. */
async function answer(token, att, n) {
	for (const it of att.items.slice(0, n)) {
		let response;
		if (it.type === 'truefalse')
			response = { value: true };
		else if (it.choices && it.choices.length) {
			const c = it.choices.find((x) => /^(A model trained|The people)/.test(x.text)) || it.choices[0];
			response = it.multiple ? { choices: [c.id] } : { choice: c.id };
		} else
			continue;
		await api(token, 'PUT', `/api/v1/attempts/${att.id}/responses/${it.id}`, { response, seq: 1 });
	}
}

async function passBasics(token) {
	const att = (await api(token, 'POST', `/api/v1/exams/${EXAM.id}/attempts`, { lang: 'en' })).json;
	await answer(token, att, att.items.length);
	const res = (await api(token, 'POST', `/api/v1/attempts/${att.id}/submit`)).json;
	return { attempt: att.id, cert: res.certificate };
}

/* The store every page is looked at in; the ids the paths use and each
 * role's session. */
async function build() {
	cli(['init', '--issuer-en', 'Taiwan AI Skills Institute', '--issuer-zh', '台灣人工智慧技能學會'], '',
		{ AICERT_ADMIN_PASSWORD: 'admin-pass-123' });
	cli(['user', 'add', '--login', 'coach', '--name', 'Chen Coach', '--role', 'trainer'], 'coach-pass-1\n');
	cli(['user', 'add', '--login', 'pat', '--name', 'Pat Proctor', '--role', 'proctor'], 'proctor-pass-1\n');
	cli(['user', 'add', '--login', 'wang', '--name', '王小明', '--name-alt', 'Wang Hsiao-Ming',
		'--role', 'learner'], 'wang-pass-123\n');
	cli(['user', 'add', '--login', 'lin', '--name', '林美華', '--name-alt', 'Lin Mei-Hua',
		'--role', 'learner'], 'lin-pass-1234\n');
	/* a long name with no space to break at, to find the pages it widens */
	cli(['user', 'add', '--login', 'maximilian.wolfeschlegelsteinhausen', '--name',
		'Maximilian Wolfeschlegelsteinhausenbergerdorff', '--role', 'learner'], 'max-pass-12345\n');
	fs.writeFileSync(path.join(dir, 'c.gift'), BANK);
	fs.writeFileSync(path.join(dir, 'team.en.gift'), BANK.replace(/c\/all/g, 'team/all'));
	fs.writeFileSync(path.join(dir, 'basics.json'), JSON.stringify(EXAM));
	cli(['import', '--bank', 'c', '--owner', 'coach', path.join(dir, 'c.gift')]);
	cli(['exam', 'add', '--owner', 'coach', path.join(dir, 'basics.json')]);
	base = await startServer();

	const tok = {
		admin: await signin('admin', 'admin-pass-123'), trainer: await signin('coach', 'coach-pass-1'),
		proctor: await signin('pat', 'proctor-pass-1'), learner: await signin('wang', 'wang-pass-123'),
		lin: await signin('lin', 'lin-pass-1234')
	};
	let r = await api(tok.admin, 'PUT', '/api/v1/issuer', {
		address: '台北市信義區市府路 1 號\nNo. 1, Shifu Rd., Taipei', email: 'info@taisi.example.tw',
		privacy: 'We keep your results for five years. 成績保存五年。'
	});
	check('store: the issuer profile is set', r.status === 200, r.status);
	r = await api(tok.admin, 'POST', `/api/v1/exams/${CERT}/sittings`, {
		name: 'Morning A', room: 'Room 301', members: [{ login: 'wang', seat: 1 }, { login: 'lin', seat: 2 },
			{ login: 'maximilian.wolfeschlegelsteinhausen', seat: 3 }],
		proctors: ['pat']
	});
	check('store: a sitting of the certification with proctor pat', r.status === 201, r.status);
	const sitting = r.json && r.json.id;
	r = await api(tok.trainer, 'POST', `/api/v1/exams/${EXAM.id}/sittings`, {
		name: 'Team B', room: 'Room 12', members: []
	});
	check('store: the trainer books a sitting of his exam', r.status === 201, `${r.status} ${JSON.stringify(r.json)}`);
	const tsitting = r.json && r.json.id;
	const w = await passBasics(tok.learner), l = await passBasics(tok.lin);
	check('store: both learners pass with a certificate', w.cert && l.cert, JSON.stringify(w));
	r = await api(tok.trainer, 'POST', `/api/v1/certificates/${l.cert.serial}/revoke`,
		{ reason: 'Exam misconduct 考試舞弊' });
	check('store: the trainer revokes lin\'s certificate', r.status === 200, r.status);
	await api(tok.proctor, 'POST', `/api/v1/sittings/${sitting}/checkin`,
		{ login: 'wang', id_type: 'passport', id_last4: '1234' });
	r = await api(tok.learner, 'POST', `/api/v1/exams/${CERT}/attempts`, { lang: 'en' });
	check('store: wang starts the certification', r.status === 201, r.status);
	const running = r.json;
	await answer(tok.learner, running, 5);
	r = await api(tok.lin, 'POST', '/api/v1/exams/ai-literacy-practice/attempts', { lang: 'zh-TW' });
	check('store: lin takes the practice exam (its review shows keys)', r.status === 201, r.status);
	await answer(tok.lin, r.json, 6);
	await api(tok.lin, 'POST', `/api/v1/attempts/${r.json.id}/submit`);
	tok.learner2 = tok.lin;
	return {
		tok, ids: {
			sitting, tsitting, running: running.id, passed: w.attempt, revoked: l.attempt, practice: r.json.id,
			code: w.cert.verify_url.replace(/^.*\/V\//, ''), rcode: l.cert.verify_url.replace(/^.*\/V\//, '')
		}
	};
}

/* The page's violations, each "rule (impact): target; target" */
async function axe(page) {
	if (!(await page.evaluate(() => typeof window.axe === 'object')))
		await page.addScriptTag({ path: AXE });
	return page.evaluate(async (tags) => {
		const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags },
			resultTypes: ['violations'] });
		return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 4)
			.map((n) => n.target.join(' ') + (n.failureSummary ? ' [' + n.failureSummary
				.replace(/\s+/g, ' ').slice(0, 160) + ']' : '')).join('; ')}${v.nodes.length > 4 ?
			` and ${v.nodes.length - 4} more` : ''}`);
	}, TAGS);
}

function withLang(p, lang) {
	return `${p}${p.includes('?') ? '&' : '?'}lang=${lang}`;
}

/* ---- the focus ring, computed in the page ---- */

/* What the focused element shows: {ok, what}; ok when a ring (outline of
 * 2 px or more, or a box-shadow) has 3:1 or more against the element's
 * own background and against the background around it. */
function ringOf() {
	const el = document.activeElement;
	const parse = (s) => {
		const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(s || '');
		return m ? [+m[1], +m[2], +m[3], m[4] === undefined ? 1 : +m[4]] : null;
	};
	const lum = (c) => {
		const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
		return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
	};
	const ratio = (a, b) => {
		const x = lum(a), y = lum(b);
		return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
	};
	const bgOf = (e) => {
		for (; e && e.nodeType === 1; e = e.parentElement) {
			const c = parse(getComputedStyle(e).backgroundColor);
			if (c && c[3] > 0.5)
				return c;
		}
		return [255, 255, 255, 1];
	};
	if (!el || el === document.body)
		return { ok: false, what: 'nothing focused' };
	const st = getComputedStyle(el);
	let ring = null, kind = '';
	if (st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) >= 2) {
		ring = parse(st.outlineColor);
		kind = `outline ${st.outlineWidth} ${st.outlineColor}`;
	} else if (st.boxShadow && st.boxShadow !== 'none') {
		ring = parse(st.boxShadow);
		kind = `box-shadow ${st.boxShadow}`;
	}
	const name = `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().replace(/\s+/g, '.') : ''}`;
	if (!ring)
		return { ok: false, what: `${name}: no outline or box-shadow` };
	const own = bgOf(el), around = bgOf(el.parentElement);
	const a = ratio(ring, own), b = ratio(ring, around);
	return { ok: a >= 3 && b >= 3, what: `${name}: ${kind}, ${a.toFixed(2)}:1 on its own background, ${b.toFixed(2)}:1 around it` };
}

/* The form fields whose border is under 3:1 against the background
 * around them (WCAG 1.4.11), computed in the page: "tag#id colour ratio". */
function weakBorders() {
	const parse = (s) => {
		const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(s || '');
		return m ? [+m[1], +m[2], +m[3], m[4] === undefined ? 1 : +m[4]] : null;
	};
	const lum = (c) => {
		const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
		return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
	};
	const ratio = (a, b) => {
		const x = lum(a), y = lum(b);
		return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
	};
	const bgOf = (e) => {
		for (; e && e.nodeType === 1; e = e.parentElement) {
			const c = parse(getComputedStyle(e).backgroundColor);
			if (c && c[3] > 0.5)
				return c;
		}
		return [255, 255, 255, 1];
	};
	const out = [];
	for (const el of document.querySelectorAll('input[type=text], input[type=password], input[type=email], ' +
		'input[type=number], input[type=search], input[type=url], input[type=tel], select, textarea')) {
		const st = getComputedStyle(el);
		if (el.offsetParent === null || st.borderTopStyle === 'none' || parseFloat(st.borderTopWidth) === 0)
			continue;
		const r = ratio(parse(st.borderTopColor), bgOf(el.parentElement));
		if (r < 3)
			out.push(`${el.tagName.toLowerCase()}#${el.id} ${st.borderTopColor} ${r.toFixed(2)}:1`);
	}
	return out;
}

/* Tabs through page up to max stops (until focus leaves the page or
 * comes round again):
 * {stops, bad} with what each stop without a good ring showed. */
async function tabWalk(page, max) {
	let stops = 0;
	const bad = [];
	for (let i = 0; i < max; i++) {
		await page.keyboard.press('Tab');
		const again = await page.evaluate(() => {
			const el = document.activeElement;
			if (!el || el === document.body || el.dataset.a11ySeen)
				return true;
			el.dataset.a11ySeen = '1';
			return false;
		});
		if (again)
			break;
		stops++;
		const r = await page.evaluate(ringOf);
		if (!r.ok)
			bad.push(r.what);
	}
	return { stops, bad };
}

async function focusRing(ctx, ids) {
	const page = await ctx.newPage();
	await page.goto(`${base}/attempts/${ids.running}?lang=en`);
	await page.waitForSelector('#exam');
	const { stops, bad } = await tabWalk(page, 80);
	check(`focus: Tab reaches 20 or more stops on the exam page (${stops})`, stops >= 20, stops);
	check('focus: every stop shows a ring of 3:1 or more', bad.length === 0, '\n  ' + bad.join('\n  '));
	/* the navigator's box of this page, focused */
	await page.focus('.nav-item.here');
	const here = await page.evaluate(ringOf);
	check('focus: the navigator\'s "this page" box shows the ring too', here.ok, here.what);
	await page.screenshot({ path: path.join(SCREENS, 'learner-attempt-focus-en-1366.png') });
	/* "Saving..." (exam.js's pending state, seen for a moment in the
	 * run above) and the timer's last minutes: 4.5:1 as any text */
	await page.evaluate(() => {
		const st = document.getElementById('save-status');
		st.className = 'save-status pending';
		st.textContent = document.getElementById('exam').dataset.msgSaving;
		document.getElementById('timer').classList.add('low');
	});
	await page.addScriptTag({ path: AXE });
	const v = await page.evaluate(async () => (await window.axe.run(['#save-status', '#timer'],
		{ runOnly: ['color-contrast'] })).violations.map((x) => x.nodes.map((n) => n.failureSummary).join('; ')));
	check('contrast: "Saving..." and the low timer are 4.5:1 or more', v.length === 0, v.join('\n'));
	await page.close();
}

/* The other pages Tab walks through: forms, tables, red buttons. */
const FOCUS_PAGES = [
	['visitor', '/register'],
	['learner', '/me'],
	['learner', '/me/erase'],
	['trainer', '/console/exams/basics'],
	['admin', '/console/users'],
	['admin', '/console/issuer'],
];

async function focusOthers(ctx, role) {
	for (const [r, p] of FOCUS_PAGES) {
		if (r !== role)
			continue;
		const page = await ctx.newPage();
		await page.goto(`${base}${withLang(p, 'en')}`);
		const { stops, bad } = await tabWalk(page, 60);
		check(`focus ${role} ${p}: each of ${stops} stops shows a ring of 3:1 or more`,
			stops > 3 && bad.length === 0, '\n  ' + bad.join('\n  '));
		await page.close();
	}
}

/* The exam bar's share of the height at 200 % zoom and on a phone. */
async function barHeight(ids, tok) {
	for (const [w, h] of [[640, 400], [360, 740]]) {
		const ctx = await browser.newContext({ viewport: { width: w, height: h } });
		await ctx.addCookies([{ name: 'aicert_session', value: tok.learner, url: base }]);
		for (const lang of LANGS) {
			const page = await ctx.newPage();
			await page.goto(`${base}/attempts/${ids.running}?lang=${lang}`);
			await page.waitForSelector('#exam');
			await page.evaluate(() => window.scrollTo(0, 600));
			const r = await page.evaluate(() => {
				const b = document.querySelector('.exam-bar').getBoundingClientRect();
				const sticky = getComputedStyle(document.querySelector('.exam-bar')).position === 'sticky';
				return { share: sticky ? b.height / window.innerHeight : 0, height: b.height, sticky };
			});
			check(`bar ${lang} ${w}x${h}: the sticky exam bar takes 15 % of the height or less`,
				r.share <= 0.15, JSON.stringify(r));
			await page.screenshot({ path: path.join(SCREENS, `learner-attempt-bar-${lang}-${w}x${h}.png`) });
			if (w === 360) {
				const parts = await page.evaluate(() => [document.documentElement.lang,
					...[...document.querySelectorAll('#answers .prompt, #answers .choices')].map((e) => e.lang)]);
				check(`lang ${lang}: the page in ${lang}, the English questions and choices marked lang="en"`,
					parts[0] === lang && parts.length > 2 && parts.slice(1).every((l) => l === 'en'),
					parts.join(' '));
			}
			await page.close();
		}
		await ctx.close();
	}
}

const run = async () => {
	const { tok, ids } = await build();
	fs.mkdirSync(SCREENS, { recursive: true });
	browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
	{
		const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
		await ctx.addCookies([{ name: 'aicert_session', value: tok.trainer, url: base }]);
		const page = await ctx.newPage();
		await page.goto(`${base}/console/people`);
		await page.fill('#p-csv', 'login,name,name_alt\nkai,王凱,Wang Kai\nmaria,Maria Santos,\n');
		await Promise.all([page.waitForNavigation(), page.click('form[action="/console/people"] button[type=submit]')]);
		ids.slips = new URL(page.url()).pathname;
		check('store: the trainer imports two learners; their slips', ids.slips.includes('/slips/'), page.url());
		await ctx.close();
	}
	const only = (process.env.A11Y_ONLY || '').split(',').filter(Boolean);
	const roles = [...new Set(PAGES.map((p) => p[0]))];
	let looked = 0;

	for (const [width, height] of SIZES) {
		for (const role of roles) {
			const ctx = await browser.newContext({ viewport: { width, height }, bypassCSP: true });
			if (role !== 'visitor')
				await ctx.addCookies([{ name: 'aicert_session', value: tok[role], url: base }]);
			const page = await ctx.newPage();
			const errors = [];
			page.on('pageerror', (e) => errors.push(e.message));
			for (const [r, name, p, want = 200, then] of PAGES) {
				if (r !== role || (only.length && !only.includes(`${role}-${name}`)))
					continue;
				const url = typeof p === 'function' ? p(ids) : p;
				for (const lang of LANGS) {
					const where = `${role}-${name}-${lang}-${width}`;
					/* the cookie too: a form's answer (then) keeps the language */
					await ctx.addCookies([{ name: 'lang', value: lang, url: base }]);
					const t0 = Date.now();
					const res = await page.goto(base + withLang(url, lang));
					const status = res ? res.status() : 0;
					check(`${where}: ${url} answers ${want}`, status === want, status);
					if (then)
						await then(page);
					looked++;
					const v = await axe(page);
					check(`${where}: axe finds no violation`, v.length === 0, '\n  ' + v.join('\n  '));
					const sw = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
					check(`${where}: no wider than the window`, sw[0] <= sw[1], `${sw[0]} > ${sw[1]}`);
					const loose = await page.evaluate(() => [...document.querySelectorAll('.table-wrap .sr-only')]
						.filter((e) => !e.offsetParent || !e.closest('.table-wrap').contains(e.offsetParent))
						.map((e) => e.textContent.trim().slice(0, 30)));
					check(`${where}: hidden labels in a scrolling table stay in its box`, loose.length === 0,
						loose.join(', '));
					const cut = await page.evaluate(() => [...document.querySelectorAll('.table-wrap caption:not(.sr-only)')]
						.filter((e) => e.getBoundingClientRect().width > 0 &&
							e.getBoundingClientRect().right > window.innerWidth + 1)
						.map((e) => e.textContent.trim().slice(0, 30)));
					check(`${where}: a scrolling table's caption fits the window`, cut.length === 0, cut.join(', '));
					const weak = await page.evaluate(weakBorders);
					check(`${where}: form fields' borders are 3:1 or more`, weak.length === 0, weak.slice(0, 5).join(', '));
					await page.screenshot({ path: path.join(SCREENS, `${where}.png`), fullPage: true });
					if (process.env.A11Y_TIMES)
						console.log(`# ${where}: ${Date.now() - t0} ms`);
				}
			}
			check(`${role} ${width}: no script error`, errors.length === 0, errors.join('; '));
			if (width === 1366 && (!only.length || only.includes('focus'))) {
				if (role === 'learner')
					await focusRing(ctx, ids);
				await focusOthers(ctx, role);
			}
			await ctx.close();
		}
	}
	console.log(`# ${looked} page views; screenshots in ${SCREENS}`);
	if (!only.length || only.includes('bar'))
		await barHeight(ids, tok);
	if (!only.length || only.includes('lang')) {
		const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
		await ctx.addCookies([{ name: 'aicert_session', value: tok.learner2, url: base }]);
		const page = await ctx.newPage();
		await page.goto(`${base}/attempts/${ids.practice}/result?lang=en`);
		const parts = await page.evaluate(() => [document.documentElement.lang,
			...[...document.querySelectorAll('.review .prompt, .review [lang]')].map((e) => e.lang)]);
		check('lang: a zh-TW practice review on an English page marks its questions and answers lang="zh-TW"',
			parts[0] === 'en' && parts.length > 10 && parts.slice(1).every((l) => l === 'zh-TW'),
			parts.join(' '));
		await ctx.close();
	}
};

try {
	await run();
} catch (e) {
	check('the a11y test runs to its end', false, e.stack);
}
if (browser)
	await browser.close();
stop();
const { passed, failed } = counts();
console.log(`a11y: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
