/*
 * room.js - keeps the proctor's room page fresh: polls
 * /api/v1/sittings/{id}/room every 5 s (paused with the button, or while
 * the tab is hidden), redraws the seats in the order chosen by the
 * header buttons (aria-sort), and lists integrity events newest first.
 * A seat's "Actions" button opens the one action form (#act-panel) for
 * its attempt: pause or resume, extend, a note, each with its reason, sent
 * to the JSON API; the room-wide form likewise; the room is then polled
 * at once. Without the script the page's own forms post and come back.
 * Text comes from the page's data-l-* attributes; nothing from the
 * server is put in as HTML.
 */
(function () {
	'use strict';
	var root = document.getElementById('room');
	if (!root) return;
	var id = root.dataset.sitting, lang = root.dataset.lang;
	var body = document.getElementById('room-body');
	var evList = document.getElementById('room-events');
	var stamp = document.getElementById('room-time');
	var errBox = document.getElementById('room-error');
	var pauseBtn = document.getElementById('room-pause');
	var panel = document.getElementById('act-panel'), allForm = document.getElementById('room-all');
	var doneBox = document.getElementById('room-done'), actErr = document.getElementById('act-error');
	var actTitle = document.getElementById('act-title'), csrf = root.dataset.csrf;
	var actSeat = null, actDo = null, allDo = null;
	var ths = root.querySelectorAll('th[data-key]');
	var sortKey = 'seat', sortDir = 1, paused = false, seats = [], events = [], timer = null;
	var ORDER = { offline: 0, paused: 1, saving: 2, started: 3, checked_in: 4, absent: 5, submitted: 6 };

	function l(k) { var v = root.getAttribute('data-l-' + k); return v === null ? k : v; }
	function el(tag, cls, text) {
		var e = document.createElement(tag);
		if (cls) e.className = cls;
		if (text !== undefined) e.textContent = text;
		return e;
	}
	var labels = [3, 4, 5].map(function (i) { return root.querySelectorAll('thead th')[i].textContent.trim(); });
	function mmss(s) {
		if (!s || s <= 0) return '–';
		var h = Math.floor(s / 3600), m = Math.floor(s % 3600 / 60), x = s % 60;
		return (h ? h + ':' + (m < 10 ? '0' : '') : '') + m + ':' + (x < 10 ? '0' : '') + x;
	}
	function clock(d) {
		return d.toLocaleTimeString(lang === 'zh-TW' ? 'zh-TW' : 'en-GB', { hour12: false });
	}
	function cmp(a, b) {
		var x, y;
		if (sortKey === 'name') { x = a.name; y = b.name; return sortDir * x.localeCompare(y, lang); }
		if (sortKey === 'state') { x = ORDER[a.state]; y = ORDER[b.state]; }
		else if (sortKey === 'seat') { x = a.seat || 1e9; y = b.seat || 1e9; }
		else { x = a[sortKey]; y = b[sortKey]; }
		return x === y ? a.name.localeCompare(b.name, lang) : sortDir * (x < y ? -1 : 1);
	}
	function stateText(s) {
		var t = l(s.state);
		if (s.state === 'offline') t = l('offline_for').replace('{seconds}', s.last_seen_s);
		return t;
	}
	function draw() {
		var rows = seats.slice().sort(cmp), frag = document.createDocumentFragment();
		rows.forEach(function (s) {
			var tr = el('tr'), th = el('th', '', s.name);
			th.scope = 'row';
			if (s.name_alt) { th.appendChild(document.createTextNode(' ')); th.appendChild(el('span', 'alt', s.name_alt)); }
			tr.appendChild(el('td', 'num', s.seat ? String(s.seat) : '–'));
			tr.appendChild(th);
			var td = el('td');
			td.appendChild(el('span', 'state state-' + s.state, stateText(s)));
			tr.appendChild(td);
			var c = [mmss(s.time_left_s), s.total ? s.answered + ' / ' + s.total : '–', String(s.events)];
			var cls = ['num', 'num', 'num' + (s.events ? ' warn' : '')];
			for (var i = 0; i < 3; i++) {
				var cell = el('td', cls[i], c[i]);
				cell.setAttribute('data-label', labels[i]);
				if (i === 0 && s.extended_s > 0) {
					cell.appendChild(document.createTextNode(' '));
					cell.appendChild(el('span', 'ext', l('extended').replace('{minutes}', Math.ceil(s.extended_s / 60))));
				}
				tr.appendChild(cell);
			}
			var act = el('td', 'act');
			if (s.attempt) {
				var b = el('button', 'act-open', l('act'));
				b.type = 'button';
				b.setAttribute('aria-label', l('act') + ': ' + s.name);
				b.setAttribute('aria-controls', 'act-panel');
				b.setAttribute('aria-expanded', actSeat && actSeat.attempt === s.attempt ? 'true' : 'false');
				b.dataset.attempt = s.attempt;
				act.appendChild(b);
			}
			tr.appendChild(act);
			frag.appendChild(tr);
		});
		/* A redraw keeps the keyboard where it was: on a seat's button. */
		var f = document.activeElement, keep = f && f.classList.contains('act-open') && body.contains(f) ?
			f.dataset.attempt : null;
		body.textContent = '';
		body.appendChild(frag);
		if (keep !== null)
			body.querySelectorAll('button.act-open').forEach(function (b) { if (b.dataset.attempt === keep) b.focus(); });
		var ef = document.createDocumentFragment();
		events.forEach(function (e) {
			var li = el('li');
			li.appendChild(el('time', '', clock(new Date(e.at * 1000))));
			li.appendChild(document.createTextNode(' ' + (e.seat ? '#' + e.seat + ' · ' : '') + e.name + ' · ' + l('event_' + e.kind)));
			ef.appendChild(li);
		});
		evList.textContent = '';
		evList.appendChild(ef);
		ths.forEach(function (th) {
			th.setAttribute('aria-sort', th.dataset.key === sortKey ? (sortDir > 0 ? 'ascending' : 'descending') : 'none');
		});
	}
	function poll() {
		if (paused || document.hidden) return;
		fetch('/api/v1/sittings/' + encodeURIComponent(id) + '/room', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
			.then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
			.then(function (j) {
				seats = j.seats || []; events = j.events || [];
				draw();
				stamp.textContent = clock(new Date());
				errBox.textContent = '';
			})
			.catch(function () { errBox.textContent = l('failed'); });
	}
	function say(text) { doneBox.textContent = text; }
	function send(url, data) {
		return fetch(url, {
			method: 'POST', credentials: 'same-origin',
			headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': csrf },
			body: JSON.stringify(data)
		}).then(function (r) {
			return r.json().catch(function () { return {}; }).then(function (j) {
				if (!r.ok) throw new Error(j.error || l('failed'));
				return j;
			});
		});
	}
	function opener() {
		return actSeat && body.querySelector('button[data-attempt="' + actSeat.attempt.replace(/[^A-Za-z0-9_-]/g, '') + '"]');
	}
	function closePanel(focusBack) {
		var b = opener();
		panel.hidden = true;
		if (b) { b.setAttribute('aria-expanded', 'false'); if (focusBack) b.focus(); }
		actSeat = null;
	}
	function openPanel(s) {
		if (actSeat) closePanel(false);
		actSeat = s;
		actTitle.textContent = (s.seat ? '#' + s.seat + ' · ' : '') + s.name + ' · ' + stateText(s);
		panel.querySelector('#act-attempt').value = s.attempt;
		/* The buttons that apply, in order, first: Enter in the reason
		 * does the first (pause or resume; a note once it is over). */
		var bar = panel.querySelector('.act-buttons'), cancel = document.getElementById('act-cancel');
		['pause', 'resume', 'extend', 'note'].forEach(function (d) {
			var b = bar.querySelector('button[data-do="' + d + '"]'), over = s.state === 'submitted';
			b.hidden = b.disabled = d === 'pause' ? over || s.state === 'paused' :
				d === 'resume' ? s.state !== 'paused' : d === 'extend' ? over : false;
			bar.insertBefore(b, cancel);
		});
		bar.querySelectorAll('button[data-do]:disabled').forEach(function (b) { bar.appendChild(b); });
		panel.querySelector('#act-minutes').parentNode.hidden = s.state === 'submitted';
		actErr.textContent = '';
		panel.hidden = false;
		var b = opener();
		if (b) b.setAttribute('aria-expanded', 'true');
		panel.querySelector('#act-reason').focus();
	}
	body.addEventListener('click', function (e) {
		var b = e.target.closest && e.target.closest('button.act-open');
		if (!b) return;
		for (var i = 0; i < seats.length; i++)
			if (seats[i].attempt === b.dataset.attempt) {
				if (actSeat && actSeat.attempt === b.dataset.attempt) closePanel(true);
				else openPanel(seats[i]);
			}
	});
	panel.querySelectorAll('button[data-do]').forEach(function (b) {
		b.addEventListener('click', function () { actDo = b.dataset.do; });
	});
	document.getElementById('act-cancel').addEventListener('click', function () { closePanel(true); });
	panel.addEventListener('keydown', function (e) { if (e.key === 'Escape') closePanel(true); });
	panel.addEventListener('submit', function (e) {
		e.preventDefault();
		if (!actSeat || !actDo) return;
		var what = actDo, s = actSeat, reason = panel.querySelector('#act-reason').value;
		var mins = parseInt(panel.querySelector('#act-minutes').value, 10), data = { reason: reason };
		if (what === 'note') data = { note: reason };
		if (what === 'extend') data.seconds = mins * 60;
		send('/api/v1/attempts/' + encodeURIComponent(s.attempt) + '/' + (what === 'note' ? 'incidents' : what), data)
			.then(function () {
				say(l('done_' + what).replace('{name}', s.name));
				panel.querySelector('#act-reason').value = '';
				closePanel(true);
				poll();
			})
			.catch(function (err) { actErr.textContent = err.message; });
	});
	allForm.querySelectorAll('button[name=do]').forEach(function (b) {
		b.addEventListener('click', function () { allDo = b.value; });
	});
	allForm.addEventListener('submit', function (e) {
		e.preventDefault();
		var what = allDo === 'resume_all' ? 'resume' : 'pause', input = allForm.querySelector('input[name=reason]');
		send('/api/v1/sittings/' + encodeURIComponent(id) + '/' + what, { reason: input.value })
			.then(function (j) {
				say(l('done_' + what + '_all').replace('{n}', j[what === 'pause' ? 'paused' : 'resumed']));
				input.value = '';
				poll();
			})
			.catch(function (err) { say(''); errBox.textContent = err.message; });
	});
	ths.forEach(function (th) {
		th.querySelector('button').addEventListener('click', function () {
			var k = th.dataset.key;
			sortDir = k === sortKey ? -sortDir : 1;
			sortKey = k;
			draw();
		});
	});
	pauseBtn.hidden = false;
	pauseBtn.addEventListener('click', function () {
		paused = !paused;
		pauseBtn.setAttribute('aria-pressed', paused ? 'true' : 'false');
		pauseBtn.textContent = paused ? l('resume') : l('pause');
		if (!paused) poll();
	});
	document.addEventListener('visibilitychange', function () { if (!document.hidden) poll(); });
	poll();
	timer = setInterval(poll, 5000);
})();
