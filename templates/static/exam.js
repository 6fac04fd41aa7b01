/*
 * exam.js - the exam page's script: the countdown, instant saving, the
 * offline queue and resume. The page works without it (one form post a
 * page); this only adds to it. No libraries, no build step; loaded with
 * `defer` under CSP script-src 'self'.
 *
 * Reads everything from #exam's data-* attributes (see attempt.html) and
 * talks to the JSON API (docs/api.md):
 *
 *   GET  /api/v1/attempts/{id}                  time, state (drift, resume)
 *   PUT  /api/v1/attempts/{id}/responses/{item} {"response","seq"}
 *   PUT  /api/v1/attempts/{id}/flags/{item}     {"flagged"}
 *   POST /api/v1/attempts/{id}/events           {"kind","detail"}
 *
 * Paused: a save answered 423 (or a view saying "paused") means a proctor
 * stopped the clock. The queue is kept, the questions are locked, the
 * banner shows and the time left stands still; every few seconds the page
 * asks again, and on the resume it takes the moved deadline and sends
 * what waited.
 *
 * Time: the server's clock is the only clock. We keep the offset between
 * the server's time and Date.now() and the server's deadline, and show
 * deadline - (now + offset); every 60 s the offset is measured again.
 *
 * Answers: every change goes into a queue in localStorage (one entry per
 * item, the newest, with its sequence number) before it is sent, and
 * leaves it only once the server answered 200. Sequence numbers only
 * grow, across reloads too, so a late retry never overwrites a newer
 * answer on the server.
 */
(function () {
	'use strict';

	const root = document.getElementById('exam');
	const form = document.getElementById('answers');
	if (!root || !form || !root.dataset.attempt)
		return;

	const D = root.dataset;
	const attempt = D.attempt;
	const api = '/api/v1/attempts/' + encodeURIComponent(attempt);
	const page = parseInt(D.page, 10) || 1;
	const timerEl = document.getElementById('timer');
	const statusEl = document.getElementById('save-status');
	const announceEl = document.getElementById('announce');
	const countEl = document.getElementById('unanswered-count');
	const msg = {
		saved: D.msgSaved || '', saving: D.msgSaving || '', queued: D.msgQueued || '',
		offline: D.msgOffline || '', closed: D.msgClosed || '',
		warn10: D.msgWarn10 || '', warn5: D.msgWarn5 || '', warn1: D.msgWarn1 || '',
		timeup: D.msgTimeup || '',
		navAnswered: D.msgNavAnswered || '', navUnanswered: D.msgNavUnanswered || '',
		navFlagged: D.msgNavFlagged || '',
		orderUp: D.msgOrderUp || '', orderDown: D.msgOrderDown || '',
		orderPlace: D.msgOrderPlace || '', paused: D.msgPaused || ''
	};
	const DEBOUNCE_MS = 600, RETRY_MS = 5000, SYNC_MS = 60000, EVENT_GAP_MS = 5000;
	const SEND_TIMEOUT_MS = 10000, FLUSH_WAIT_MS = 3000;

	/* ---- storage: localStorage, else memory (private mode, quota) ---- */

	const memory = new Map();
	const kSeq = 'aicert:' + attempt + ':seq';
	const kQueue = 'aicert:' + attempt + ':queue';

	function load(key, dflt) {
		try {
			const v = window.localStorage.getItem(key);
			if (v !== null)
				return JSON.parse(v);
		} catch (e) { /* fall through to memory */ }
		return memory.has(key) ? memory.get(key) : dflt;
	}

	function keep(key, value) {
		memory.set(key, value);
		try {
			if (value === undefined)
				window.localStorage.removeItem(key);
			else
				window.localStorage.setItem(key, JSON.stringify(value));
		} catch (e) { /* memory holds it for this page */ }
	}

	/* The queue: {"r:ITEM": {k:"r", item, seq, v: RESPONSE},
	 *             "f:ITEM": {k:"f", item, seq, v: BOOL}}. */
	function loadQueue() {
		const q = load(kQueue, {});
		return q && typeof q === 'object' ? q : {};
	}

	function saveQueue(q) {
		keep(kQueue, Object.keys(q).length ? q : undefined);
	}

	function queued() {
		const q = loadQueue();
		return Object.keys(q).map(function (k) { return q[k]; })
			.sort(function (a, b) { return a.seq - b.seq; });
	}

	/* Sequence numbers: above everything the server has committed and
	 * everything this browser ever handed out for this attempt. */
	let serverSeq = parseInt(D.maxSeq, 10) || 0;

	function nextSeq() {
		let s = Math.max(Number(load(kSeq, 0)) || 0, serverSeq);

		queued().forEach(function (e) { s = Math.max(s, e.seq); });
		s += 1;
		keep(kSeq, s);
		return s;
	}

	/* ---- reading and writing answers in the form ---- */

	const INVALID = null;

	function fieldsetOf(item) {
		return form.querySelector('fieldset.question[data-item="' + CSS.escape(item) + '"]');
	}

	function textInput(fs) {
		return fs.querySelector('input[type=text]');
	}

	/* Moodle's apply_units, as the server's form_number_parse: spaces
	 * out, "x10^5" and the like as "e5", a comma a thousands separator
	 * when there is a point or a second comma, else the decimal point;
	 * the number first (last when the unit goes left) and the unit the
	 * rest. null when there is no number. */
	function splitNumber(s, left) {
		s = s.replace(/ /g, '').replace(/(?:e|E|(?:x|\*|\u00d7)10(?:\^|\*\*))([+-]?\d+)/g, 'e$1');
		if (s.indexOf('.') >= 0 || (s.match(/,/g) || []).length > 1)
			s = s.replace(/,/g, '');
		else
			s = s.replace(',', '.');
		const m = (left ? /[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?$/ :
			/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?/).exec(s);
		if (!m || !isFinite(Number(m[0])))
			return null;
		return { number: Number(m[0]),
			unit: left ? s.slice(0, m.index) : s.slice(m[0].length) };
	}

	/* A cloze number gap's text as a number, read as splitNumber reads
	 * a numerical item's box but with nothing beside it; NaN if it is
	 * not one (the server's form_number in ui_attempt.c). */
	function parseNumber(s) {
		const p = splitNumber(s.trim(), false);
		return p && p.unit === '' ? p.number : NaN;
	}

	/* A numerical item's response: the typed number, with the unit typed
	 * beside it where units are typed, or chosen apart (radio or list);
	 * text beside the number anywhere else makes it INVALID. */
	function readNumber(fs, typed) {
		const how = fs.dataset.unitInput || '';
		const p = splitNumber(typed, !!fs.dataset.unitsLeft);
		let unit;

		if (!p || (p.unit !== '' && how !== 'text'))
			return INVALID;
		unit = p.unit;
		if (how === 'radio' || how === 'select') {
			const el = fs.querySelector('input[data-unit]:checked') ||
				fs.querySelector('select[data-unit]');
			unit = el ? el.value : '';
		}
		return unit !== '' ? { number: p.number, unit: unit } : { number: p.number };
	}

	/* The response the form gives for one item, {} when cleared, or
	 * INVALID when what is typed is not an answer (not a number). */
	function readResponse(fs) {
		const type = fs.dataset.type;
		let el;

		if (type === 'multichoice' && fs.dataset.multiple) {
			return { choices: Array.prototype.map.call(
				fs.querySelectorAll('input[type=checkbox][data-choice]:checked'),
				function (c) { return c.dataset.choice; }) };
		}
		if (type === 'multichoice') {
			el = fs.querySelector('input[type=radio]:checked');
			return el ? { choice: el.value } : {};
		}
		if (type === 'truefalse') {
			el = fs.querySelector('input[type=radio]:checked');
			return el ? { value: el.value === 'true' } : {};
		}
		if (type === 'shortanswer') {
			el = textInput(fs);
			return el ? { text: el.value } : {};
		}
		if (type === 'numerical') {
			el = textInput(fs);
			if (!el || el.value.trim() === '')
				return {};
			return readNumber(fs, el.value);
		}
		if (type === 'matching') {
			const pairs = {};
			fs.querySelectorAll('select[data-sub]').forEach(function (s) {
				pairs[s.dataset.sub] = s.value === '' ? null : s.value;
			});
			return { pairs: pairs };
		}
		if (type === 'cloze')
			return readCloze(fs);
		if (type === 'gapselect') {
			const gaps = {};
			fs.querySelectorAll('select[data-gap]').forEach(function (s) {
				gaps[s.dataset.gap] = s.value === '' ? null : s.value;
			});
			return { gaps: gaps };
		}
		/* An ordering nobody has moved is not an answer yet. */
		if (type === 'ordering')
			return fs.dataset.touched ? { order: orderOf(fs) } : {};
		return {};
	}

	/* A cloze's {gaps:{"1":..}}: each gap in its kind's shape, a blank
	 * or untouched gap left out, as the page form without script. */
	function readCloze(fs) {
		const gaps = {};
		let bad = false;

		fs.querySelectorAll('span.gap[data-gap]').forEach(function (g) {
			const kind = g.dataset.kind, id = g.dataset.gap;
			const text = g.querySelector('input[type=text]');
			let el;

			if (kind === 'multiresponse') {
				const c = Array.prototype.map.call(
					g.querySelectorAll('input[type=checkbox][data-choice]:checked'),
					function (x) { return x.dataset.choice; });
				if (c.length > 0)
					gaps[id] = { choices: c };
			} else if (kind === 'shortanswer') {
				if (text && text.value !== '')
					gaps[id] = { text: text.value };
			} else if (kind === 'numerical') {
				if (text && text.value.trim() !== '') {
					const n = parseNumber(text.value);
					if (isFinite(n))
						gaps[id] = { number: n };
					else
						bad = true;
				}
			} else {
				el = g.querySelector('select') ||
					g.querySelector('input[type=radio]:checked');
				if (el && el.value !== '')
					gaps[id] = { choice: el.value };
			}
		});
		return bad ? INVALID : { gaps: gaps };
	}

	/* In a cloze only the number gaps that do not hold a number are
	 * marked, not the first field of the question. */
	function markClozeNumbers(fs) {
		fs.querySelectorAll('span.gap[data-kind=numerical] input[type=text]').forEach(function (el) {
			const v = el.value.trim();

			if (v !== '' && !isFinite(parseNumber(v)))
				el.setAttribute('aria-invalid', 'true');
			else
				el.removeAttribute('aria-invalid');
		});
	}

	function applyCloze(fs, r) {
		const gaps = r.gaps && typeof r.gaps === 'object' ? r.gaps : {};

		fs.querySelectorAll('span.gap[data-gap]').forEach(function (g) {
			const a = gaps[g.dataset.gap] && typeof gaps[g.dataset.gap] === 'object' ?
				gaps[g.dataset.gap] : {};
			const text = g.querySelector('input[type=text]'), sel = g.querySelector('select');

			if (text)
				text.value = typeof a.text === 'string' ? a.text :
					typeof a.number === 'number' ? String(a.number) : '';
			if (sel)
				sel.value = typeof a.choice === 'string' ? a.choice : '';
			g.querySelectorAll('input[type=radio]').forEach(function (c) {
				c.checked = c.value === a.choice;
			});
			g.querySelectorAll('input[type=checkbox][data-choice]').forEach(function (c) {
				c.checked = Array.isArray(a.choices) && a.choices.indexOf(c.dataset.choice) >= 0;
			});
		});
	}

	/* ---- ordering: places, and buttons to move an item ---- */

	function orderOf(fs) {
		return Array.prototype.map.call(fs.querySelectorAll('li[data-oitem]'),
			function (li) { return li.dataset.oitem; });
	}

	/* Each item's place select says where it now is. */
	function renumber(fs) {
		fs.querySelectorAll('li[data-oitem]').forEach(function (li, i) {
			const sel = li.querySelector('select[data-place]');
			if (sel)
				sel.value = String(i + 1);
		});
	}

	/* Moves li to place p (1-based) in its list. */
	function moveTo(fs, li, p) {
		const list = li.parentNode;
		const items = Array.prototype.slice.call(list.querySelectorAll('li[data-oitem]'));
		const rest = items.filter(function (x) { return x !== li; });
		p = Math.max(1, Math.min(items.length, p));
		list.insertBefore(li, rest[p - 1] || null);
		renumber(fs);
		fs.dataset.touched = '1';
	}

	function orderApply(fs, order) {
		const list = fs.querySelector('ol.ordering');
		if (!list || !Array.isArray(order))
			return;
		order.forEach(function (id) {
			const li = list.querySelector('li[data-oitem="' + CSS.escape(id) + '"]');
			if (li)
				list.appendChild(li);
		});
		renumber(fs);
		fs.dataset.touched = '1';
	}

	function orderButtons(fs) {
		fs.querySelectorAll('li[data-oitem]').forEach(function (li) {
			const text = (li.querySelector('.order-text') || li).textContent.trim();
			const pos = li.querySelector('.order-pos') || li;
			[['up', msg.orderUp, '\u2191'], ['down', msg.orderDown, '\u2193']].forEach(function (b) {
				const btn = document.createElement('button');
				btn.type = 'button';
				btn.className = 'order-move';
				btn.dataset.move = b[0];
				btn.textContent = b[2];
				btn.setAttribute('aria-label', b[1] + ': ' + text);
				btn.title = b[1];
				pos.appendChild(btn);
			});
		});
	}

	form.querySelectorAll('fieldset.question[data-type="ordering"]').forEach(orderButtons);

	/* Runs before the form's own change handler saves: a new place moves
	 * the item first, so what is saved is the new order. */
	form.addEventListener('change', function (ev) {
		const el = ev.target;
		if (closed || !el.matches || !el.matches('select[data-place]'))
			return;
		const fs = el.closest('fieldset.question');
		moveTo(fs, el.closest('li'), parseInt(el.value, 10));
		el.focus();
		announce(msg.orderPlace + ' ' + el.value);
	}, true);

	form.addEventListener('click', function (ev) {
		const btn = ev.target.closest ? ev.target.closest('button[data-move]') : null;
		if (!btn || closed)
			return;
		const fs = btn.closest('fieldset.question'), li = btn.closest('li');
		const items = Array.prototype.slice.call(fs.querySelectorAll('li[data-oitem]'));
		const at = items.indexOf(li) + 1;
		const to = btn.dataset.move === 'up' ? at - 1 : at + 1;
		if (to < 1 || to > items.length)
			return;
		moveTo(fs, li, to);
		btn.focus();
		announce(msg.orderPlace + ' ' + to);
		saveItem(fs);
	});

	/* Puts a response back into the form (a queued answer after a reload,
	 * or the server's when ours turned out older). */
	function applyResponse(fs, r) {
		const type = fs.dataset.type;
		let el;

		r = r && typeof r === 'object' ? r : {};
		if (type === 'multichoice' && fs.dataset.multiple) {
			const chosen = Array.isArray(r.choices) ? r.choices : [];
			fs.querySelectorAll('input[type=checkbox][data-choice]').forEach(function (c) {
				c.checked = chosen.indexOf(c.dataset.choice) >= 0;
			});
		} else if (type === 'multichoice' || type === 'truefalse') {
			fs.querySelectorAll('input[type=radio]').forEach(function (c) {
				c.checked = type === 'truefalse' ?
					typeof r.value === 'boolean' && (c.value === 'true') === r.value :
					c.value === r.choice;
			});
		} else if (type === 'shortanswer' && (el = textInput(fs))) {
			el.value = typeof r.text === 'string' ? r.text : '';
		} else if (type === 'numerical' && (el = textInput(fs))) {
			const n = typeof r.number === 'number' ? String(r.number) : '';
			const u = typeof r.unit === 'string' ? r.unit : '';
			const sel = fs.querySelector('select[data-unit]');

			el.value = n !== '' && u !== '' && fs.dataset.unitInput === 'text' ?
				(fs.dataset.unitsLeft ? u + ' ' + n : n + ' ' + u) : n;
			fs.querySelectorAll('input[data-unit]').forEach(function (c) {
				c.checked = c.value === u;
			});
			if (sel)
				sel.value = u;
			markInvalid(fs, false);
		} else if (type === 'matching') {
			const pairs = r.pairs && typeof r.pairs === 'object' ? r.pairs : {};
			fs.querySelectorAll('select[data-sub]').forEach(function (s) {
				s.value = typeof pairs[s.dataset.sub] === 'string' ? pairs[s.dataset.sub] : '';
			});
		} else if (type === 'cloze') {
			applyCloze(fs, r);
		} else if (type === 'gapselect') {
			const gaps = r.gaps && typeof r.gaps === 'object' ? r.gaps : {};
			fs.querySelectorAll('select[data-gap]').forEach(function (s) {
				s.value = typeof gaps[s.dataset.gap] === 'string' ? gaps[s.dataset.gap] : '';
			});
		} else if (type === 'ordering') {
			orderApply(fs, r.order);
		}
	}

	/* The same rule as the server's (ui_exam.c answered()). */
	function isAnswered(r) {
		if (!r || typeof r !== 'object')
			return false;
		if (Array.isArray(r.choices))
			return r.choices.length > 0;
		if (typeof r.text === 'string')
			return r.text.length > 0;
		if (r.pairs && typeof r.pairs === 'object')
			return Object.keys(r.pairs).some(function (k) { return typeof r.pairs[k] === 'string'; });
		/* A gapselect's gap holds an option id or null, a cloze's a
		 * gap response (only answered ones are kept). */
		if (r.gaps && typeof r.gaps === 'object')
			return Object.keys(r.gaps).some(function (k) {
				const g = r.gaps[k];
				return typeof g === 'string' ||
					(g !== null && typeof g === 'object' && Object.keys(g).length > 0);
			});
		return Object.keys(r).length > 0;
	}

	function markInvalid(fs, bad) {
		const el = textInput(fs);

		fs.classList.toggle('invalid', bad);
		if (fs.dataset.type === 'cloze') {
			markClozeNumbers(fs);
			return;
		}
		if (!el)
			return;
		if (bad)
			el.setAttribute('aria-invalid', 'true');
		else
			el.removeAttribute('aria-invalid');
	}

	/* ---- navigator and unanswered count ---- */

	function navLink(item) {
		return root.querySelector('.navigator a[data-item="' + CSS.escape(item) + '"]');
	}

	function relabel(a) {
		if (!a.dataset.label)
			return;
		let label = a.dataset.label + ', ' +
			(a.classList.contains('answered') ? msg.navAnswered : msg.navUnanswered);
		if (a.classList.contains('flagged'))
			label += ', ' + msg.navFlagged;
		a.setAttribute('aria-label', label);
	}

	function setNav(item, cls, on) {
		const a = navLink(item);

		if (!a || a.classList.contains(cls) === on)
			return;
		a.classList.toggle(cls, on);
		relabel(a);
		if (cls === 'answered' && countEl)
			countEl.textContent = String(root.querySelectorAll(
				'.navigator a[data-item]:not(.answered)').length);
	}

	/* ---- save status ---- */

	let closed = false, timeUp = false, failing = false, busySince = 0, everSaved = false;
	const debounce = {};       /* item -> timer of a text field being typed */
	const refused = new Set(); /* items whose last answer the server refused (400) */

	function show(text, cls) {
		if (!statusEl)
			return;
		if (statusEl.textContent !== text)
			statusEl.textContent = text;
		statusEl.classList.toggle('pending', cls === 'pending');
		statusEl.classList.toggle('closed', cls === 'closed');
	}

	/* Says "saving" only when a save takes a while: a quick one leaves
	 * the text as it was, so a screen reader is not told twice per click. */
	function renderStatus() {
		const n = queued().length;

		if (closed || timeUp)
			show(msg.closed, 'closed');
		else if (paused)
			show(msg.paused, 'pending');
		else if (n > 0 && (failing || navigator.onLine === false))
			show(msg.queued, 'pending');
		else if (n > 0 && busySince && Date.now() - busySince >= 1000)
			show(msg.saving, '');
		else if (Object.keys(debounce).length > 0)
			show(msg.saving, '');   /* typed, not sent yet: not "all saved" */
		else if (n === 0 && navigator.onLine === false)
			show(msg.offline, '');
		else if (n === 0)
			show(everSaved && refused.size === 0 ? msg.saved : '', '');
	}

	/* ---- sending ---- */

	function request(method, url, body) {
		const ctl = typeof AbortController === 'function' ? new AbortController() : null;
		const timer = ctl ? setTimeout(function () { ctl.abort(); }, SEND_TIMEOUT_MS) : 0;
		const init = {
			method: method, credentials: 'same-origin', cache: 'no-store',
			headers: { 'Accept': 'application/json' }
		};

		if (ctl)
			init.signal = ctl.signal;
		if (body !== undefined) {
			init.headers['Content-Type'] = 'application/json';
			init.headers['X-CSRF-Token'] = D.csrf || '';
			init.body = JSON.stringify(body);
		}
		return fetch(url, init).finally(function () { clearTimeout(timer); });
	}

	function send(e) {
		const item = encodeURIComponent(e.item);

		return e.k === 'f' ?
			request('PUT', api + '/flags/' + item, { flagged: !!e.v }) :
			request('PUT', api + '/responses/' + item, { response: e.v, seq: e.seq });
	}

	function dequeue(e) {
		const q = loadQueue(), key = e.k + ':' + e.item;

		/* A newer answer for the item may have come in meanwhile. */
		if (q[key] && q[key].seq === e.seq) {
			delete q[key];
			saveQueue(q);
		}
	}

	const stale = new Set();
	let flushing = null;

	/* Sends what is queued, oldest first, one at a time, until the queue
	 * is empty, the network fails or the attempt is closed. */
	async function drain() {
		for (;;) {
			const list = queued();

			if (closed)
				return;
			if (list.length === 0) {
				failing = false;
				busySince = 0;
				renderStatus();
				return;
			}
			if (navigator.onLine === false) {
				failing = true;
				renderStatus();
				return;
			}
			const e = list[0];
			let res, body = null;

			if (!busySince) {
				busySince = Date.now();
				setTimeout(renderStatus, 1050);
			}
			renderStatus();
			try {
				res = await send(e);
				body = await res.json().catch(function () { return null; });
			} catch (err) {
				failing = true;
				busySince = 0;
				renderStatus();
				return;
			}
			if (res.status === 200) {
				failing = false;
				everSaved = true;
				if (body && typeof body.seq === 'number')
					serverSeq = Math.max(serverSeq, body.seq);
				if (e.k === 'r' && body && body.saved === false)
					stale.add(e.item);
				dequeue(e);
			} else if (res.status === 409) {
				close();
				return;
			} else if (res.status === 423) {
				/* Paused: kept for the resume. */
				busySince = 0;
				setPaused(true, null);
				return;
			} else if (res.status >= 400 && res.status < 500 && res.status !== 401 &&
			    res.status !== 403 && res.status !== 408 && res.status !== 429) {
				/* The server will never take it (a bad answer): drop it
				 * rather than block everything after it. */
				dequeue(e);
				const fs = fieldsetOf(e.item);
				if (e.k === 'r') {
					refused.add(e.item);
					delete last[e.item];
					if (fs)
						markInvalid(fs, true);
				}
			} else {
				/* 5xx, signed out, rate-limited: keep it for later. */
				failing = true;
				busySince = 0;
				renderStatus();
				return;
			}
		}
	}

	function flush() {
		if (!flushing)
			flushing = drain().catch(function () { failing = true; })
				.finally(function () {
					flushing = null;
					renderStatus();
					if (stale.size && queued().length === 0)
						sync();
				});
		return flushing;
	}

	/* Flushes, waiting at most ms; resolves either way. */
	function flushWithin(ms) {
		if (navigator.onLine === false)
			return Promise.resolve();
		return Promise.race([flush(), new Promise(function (ok) { setTimeout(ok, ms); })]);
	}

	function enqueue(kind, item, value) {
		const q = loadQueue();

		q[kind + ':' + item] = { k: kind, item: item, seq: nextSeq(), v: value };
		saveQueue(q);
		renderStatus();
		flush();
	}

	/* ---- answering ---- */

	const last = {};           /* item -> JSON of the last response queued */

	function saveItem(fs) {
		const item = fs.dataset.item;

		clearTimeout(debounce[item]);
		delete debounce[item];
		if (closed)
			return;
		const r = readResponse(fs);
		markInvalid(fs, r === INVALID);
		const json = JSON.stringify(r);
		if (r === INVALID || last[item] === json) {
			renderStatus();
			return;
		}
		last[item] = json;
		refused.delete(item);
		setNav(item, 'answered', isAnswered(r));
		enqueue('r', item, r);
	}

	function saveTyping() {
		Object.keys(debounce).forEach(function (item) {
			const fs = fieldsetOf(item);
			if (fs)
				saveItem(fs);
		});
	}

	form.addEventListener('change', function (ev) {
		const el = ev.target;

		if (closed || !el.closest)
			return;
		if (el.matches('input[data-flag]')) {
			setNav(el.dataset.flag, 'flagged', el.checked);
			enqueue('f', el.dataset.flag, el.checked);
			return;
		}
		const fs = el.closest('fieldset.question');
		if (fs)
			saveItem(fs);
	});

	form.addEventListener('input', function (ev) {
		const el = ev.target;

		if (closed || !el.closest || el.type !== 'text')
			return;
		const fs = el.closest('fieldset.question');
		if (!fs)
			return;
		const item = fs.dataset.item;
		clearTimeout(debounce[item]);
		debounce[item] = setTimeout(function () { saveItem(fs); }, DEBOUNCE_MS);
		renderStatus();
	});

	/* Enter in an answer must not submit the page form, whose first
	 * button may be "Previous page"; in a text answer it saves it. */
	form.addEventListener('keydown', function (ev) {
		const el = ev.target;

		if (ev.key !== 'Enter' || ev.isComposing || el.tagName !== 'INPUT' || !el.closest)
			return;
		const fs = el.closest('fieldset.question');
		if (!fs)
			return;
		ev.preventDefault();
		if (el.type === 'text')
			saveItem(fs);
	});

	/* ---- moving between pages: flush first, then go ---- */

	let leaving = false;

	function leave(url) {
		leaving = true;
		saveTyping();
		flushWithin(FLUSH_WAIT_MS).then(function () { window.location.assign(url); });
	}

	let clicked = null;   /* the submit button, where ev.submitter is missing */

	form.addEventListener('click', function (ev) {
		const b = ev.target.closest ? ev.target.closest('button[type=submit]') : null;
		if (b)
			clicked = b;
	});

	form.addEventListener('submit', function (ev) {
		const b = ev.submitter || clicked;
		const go = b ? b.value : '';
		const base = '/attempts/' + encodeURIComponent(attempt);

		ev.preventDefault();
		if (leaving)
			return;
		if (go === 'finish')
			leave(base + '/finish');
		else if (go === 'prev')
			leave(base + '?page=' + Math.max(1, page - 1));
		else if (go === 'next')
			leave(base + '?page=' + (page + 1));
		else
			leave(base + '?page=' + page);
	});

	root.querySelectorAll('.navigator a[data-item]').forEach(function (a) {
		a.addEventListener('click', function (ev) {
			if (ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey)
				return;
			const url = new URL(a.href, window.location.href);
			ev.preventDefault();
			saveTyping();
			if (url.pathname === window.location.pathname &&
			    (parseInt(url.searchParams.get('page'), 10) || 1) === page) {
				/* A question on this page: no reload, just the browser's
				 * own jump to it (which also moves where Tab goes next). */
				history.replaceState(history.state, '', url.pathname + url.search);
				window.location.hash = url.hash;
				flush();
			} else if (!leaving) {
				leave(url.href);
			}
		});
	});

	/* ---- time ---- */

	const grace = (parseInt(D.grace, 10) || 0) * 1000;
	let offset = Date.parse(D.serverTime) - Date.now();
	let deadline = Date.parse(D.deadline);

	if (!isFinite(offset))
		offset = 0;
	if (!isFinite(deadline))
		deadline = Date.now() + offset + (parseInt(D.remaining, 10) || 0) * 1000;

	function serverNow() {
		return Date.now() + offset;
	}

	/* Paused by a proctor: the time left then, which stands still. */
	let paused = false, pausedLeft = null;

	function secondsLeft() {
		if (paused && pausedLeft !== null)
			return pausedLeft;
		return Math.max(0, Math.ceil((deadline - serverNow()) / 1000));
	}

	/* Shows or ends the pause; left: the server's time left, if known. */
	function setPaused(on, left) {
		const banner = document.getElementById('paused-banner');

		if (on && left !== null && left !== undefined)
			pausedLeft = left;
		else if (on && !paused)
			pausedLeft = secondsLeft();
		if (on === paused) {
			renderStatus();
			return;
		}
		paused = on;
		if (!on)
			pausedLeft = null;
		if (banner) {
			banner.hidden = !on;
			if (on)
				announce(banner.textContent);
		}
		root.classList.toggle('paused', on);
		if (!closed && !timeUp)
			form.querySelectorAll('fieldset.question').forEach(function (fs) {
				fs.disabled = on;
			});
		renderStatus();
		if (!on)
			flush();
	}

	function clock(s) {
		const h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, sec = s % 60;
		const two = function (n) { return (n < 10 ? '0' : '') + n; };

		return h > 0 ? h + ':' + two(m) + ':' + two(sec) : two(Math.floor(s / 60)) + ':' + two(sec);
	}

	function announce(text) {
		if (!announceEl || !text)
			return;
		/* Empty first, so the same words twice are still spoken. */
		announceEl.textContent = '';
		setTimeout(function () { announceEl.textContent = text; }, 100);
	}

	const warnings = [[600, 'warn10'], [300, 'warn5'], [60, 'warn1']];
	let prevLeft = secondsLeft(), resultTimer = 0;

	function lock() {
		saveTyping();
		form.querySelectorAll('fieldset.question').forEach(function (fs) { fs.disabled = true; });
		root.classList.add('closed');
	}

	function goToResult() {
		if (navigator.onLine === false) {
			/* Navigating now would show the browser's error page. */
			window.addEventListener('online', goToResult, { once: true });
			return;
		}
		window.location.assign('/attempts/' + encodeURIComponent(attempt) + '/result');
	}

	/* The attempt takes no more answers (409, or the server says so):
	 * what is still queued can never be saved. */
	function close() {
		if (closed)
			return;
		closed = true;
		lock();
		keep(kQueue, undefined);
		keep(kSeq, undefined);
		renderStatus();
		clearTimeout(resultTimer);
		resultTimer = setTimeout(goToResult, 1500);
	}

	/* The deadline has passed: no more changes; the grace covers answers
	 * still on their way, after it the server has graded the attempt. */
	function timeIsUp() {
		timeUp = true;
		announce(msg.timeup);
		lock();
		flush();
		renderStatus();
		clearTimeout(resultTimer);
		resultTimer = setTimeout(goToResult,
			Math.max(0, deadline + grace - serverNow()) + 1000);
	}

	let confirming = false;

	function tick() {
		const left = secondsLeft();
		let crossed = null;

		if (timerEl) {
			const text = clock(left);
			if (timerEl.textContent !== text)
				timerEl.textContent = text;
			timerEl.classList.toggle('low', left <= 300);
		}
		/* Only when a mark is crossed (the lowest, if a re-sync jumped
		 * over several): no per-second chatter. */
		warnings.forEach(function (w) {
			if (prevLeft > w[0] && left <= w[0] && left > 0)
				crossed = w[1];
		});
		if (crossed)
			announce(msg[crossed]);
		prevLeft = left;
		if (left === 0 && !timeUp && !closed && !confirming && !paused) {
			/* Ask the server first: this machine's clock may have jumped
			 * since the last sync. Offline, our own reckoning stands. */
			confirming = true;
			sync().then(function () {
				confirming = false;
				if (secondsLeft() === 0 && !timeUp && !closed)
					timeIsUp();
			});
		}
	}

	function schedule() {
		tick();
		/* Wake just after the next whole second of the server's clock. */
		const ms = 1000 - ((serverNow() - deadline) % 1000 + 1000) % 1000;
		setTimeout(schedule, ms + 20);
	}

	let syncing = null;

	/* Measures the clock offset again and re-reads deadline and state;
	 * puts back the server's answer where ours turned out to be older.
	 * Resolves when done (at once when offline); never rejects. */
	function sync() {
		if (navigator.onLine === false)
			return Promise.resolve();
		if (!syncing)
			syncing = resync().finally(function () { syncing = null; });
		return syncing;
	}

	async function resync() {
		try {
			const before = Object.assign({}, last), waiting = loadQueue();
			const t0 = Date.now();
			const res = await request('GET', api);
			const t1 = Date.now();
			if (res.status !== 200)
				return;
			const v = await res.json();
			const st = Date.parse(v.server_time), dl = Date.parse(v.deadline);
			if (isFinite(st))
				offset = st - (t0 + t1) / 2;
			if (isFinite(dl))
				deadline = dl;
			if (v.state && v.state !== 'running') {
				close();
				return;
			}
			setPaused(v.paused === true, v.remaining_s);
			if (stale.size && v.responses) {
				const q = loadQueue();
				stale.forEach(function (item) {
					const fs = fieldsetOf(item);
					/* Not if the learner changed it meanwhile. */
					if (!fs || q['r:' + item] || waiting['r:' + item] ||
					    last[item] !== before[item])
						return;
					applyResponse(fs, v.responses[item]);
					const r = readResponse(fs);
					last[item] = JSON.stringify(r);
					setNav(item, 'answered', isAnswered(r));
				});
				stale.clear();
			}
			tick();
		} catch (e) {
			/* next time */
		}
	}

	/* ---- integrity log: best effort, never in the learner's way ---- */

	const lastEvent = {};

	function logEvent(kind, detail) {
		const now = Date.now();

		if (closed || timeUp || (lastEvent[kind] && now - lastEvent[kind] < EVENT_GAP_MS))
			return;
		lastEvent[kind] = now;
		if (navigator.onLine === false)
			return;
		try {
			fetch(api + '/events', {
				method: 'POST', credentials: 'same-origin', keepalive: true,
				headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': D.csrf || '' },
				body: JSON.stringify({ kind: kind, detail: detail })
			}).catch(function () {});
		} catch (e) { /* ignore */ }
	}

	document.addEventListener('visibilitychange', function () {
		if (document.visibilityState === 'hidden') {
			logEvent('hidden', 'page ' + page);
			saveTyping();
		} else {
			sync();
			flush();
		}
	});

	window.addEventListener('blur', function (ev) {
		if (ev.target === window)
			logEvent('blur', 'page ' + page);
	});

	form.addEventListener('paste', function (ev) {
		const fs = ev.target.closest ? ev.target.closest('fieldset.question') : null;
		const text = ev.clipboardData ? ev.clipboardData.getData('text') : '';

		logEvent('paste', (fs ? fs.dataset.item + ': ' : '') + text.length + ' characters');
	});

	/* ---- network ---- */

	let offlineSince = 0;

	window.addEventListener('offline', function () {
		offlineSince = offlineSince || Date.now();
		renderStatus();
	});

	window.addEventListener('online', function () {
		if (offlineSince)
			logEvent('online', 'offline for ' + Math.round((Date.now() - offlineSince) / 1000) + ' s');
		offlineSince = 0;
		failing = false;
		renderStatus();
		flush();
		sync();
	});

	window.addEventListener('pageshow', function (ev) {
		if (ev.persisted) {
			sync();
			flush();
		}
	});

	/* ---- start ---- */

	/* What is still queued is newer than what the server rendered. */
	(function resume() {
		const q = loadQueue();

		Object.keys(q).forEach(function (key) {
			const e = q[key];
			if (!e || typeof e.item !== 'string')
				return;
			const fs = fieldsetOf(e.item);
			const box = fs && fs.querySelector('input[data-flag]');
			/* Items on other pages: only their navigator links. */
			if (e.k === 'r' && fs)
				applyResponse(fs, e.v);
			else if (e.k === 'r')
				setNav(e.item, 'answered', isAnswered(e.v));
			if (e.k === 'f' && box)
				box.checked = !!e.v;
			if (e.k === 'f')
				setNav(e.item, 'flagged', !!e.v);
		});
		form.querySelectorAll('fieldset.question').forEach(function (fs) {
			const r = readResponse(fs);
			last[fs.dataset.item] = JSON.stringify(r);
			if (r !== INVALID)
				setNav(fs.dataset.item, 'answered', isAnswered(r));
		});
	})();

	if (navigator.onLine === false)
		offlineSince = Date.now();
	/* What the server rendered is saved: say so once something is. */
	everSaved = root.querySelector('.navigator a[data-item].answered') !== null;
	root.classList.add('js');
	renderStatus();
	schedule();
	flush();
	if (D.paused === '1')
		setPaused(true, parseInt(D.remaining, 10) || 0);
	setInterval(function () {
		if (paused && !closed)
			sync();	/* waiting for the resume */
		else if (!closed && queued().length)
			flush();
		else
			renderStatus();
	}, RETRY_MS);
	setInterval(sync, SYNC_MS);
})();
