/*
 * ui_console_sitting.c - a sitting's printable lists, in the console:
 * GET /console/exams/{exam}/sittings/{sitting} is the seat list (by seat,
 * for the room's wall and the proctor), ?list=door the door list (by
 * name, with a column to tick each learner in and one for the ID seen).
 * For who manages the exam (owner.h); the data is people.h's.
 */
#include "handlers.h"

#include <stdlib.h>
#include <string.h>

#include "owner.h"
#include "people.h"
#include "timefmt.h"

/* "Times are Taiwan time (UTC+8).", in r's language. */
static char *
zone_line(struct req *r)
{
	const char *key = arena_printf(r->arena, "zone_%s", timefmt_zone());
	const char *zone = i18n_get(r->lang, key);
	char offset[10];

	timefmt_offset_text(offset);
	return i18n_msg(r->arena, r->lang, "roster_tz", "zone", strcmp(zone, key) != 0 ?
	    zone : timefmt_zone(), "offset", offset, NULL);
}

int
ui_console_sitting(struct req *r)
{
	const char *exam = req_param(r, "exam"), *list = req_query(r, "list");
	const char *sid_s = req_param(r, "sitting");
	char *end = NULL;
	long long sid = sid_s ? strtoll(sid_s, &end, 10) : 0;
	int door = list != NULL && strcmp(list, "door") == 0, status;
	json_t *sitting, *members, *ctx;

	if ((status = api_exam_managed(r)) != 0)
		return status;
	if (end == sid_s || *end != '\0' || sid <= 0 ||
	    !owner_sitting(r->store, sid, exam, &r->user) ||
	    (sitting = people_sitting_get(r->store, sid)) == NULL)
		return reply_error(r, 404, "sitting_not_found");
	members = people_sitting_roster(r->store, sid, !door);
	ctx = json_pack("{s:s, s:s, s:O, s:s, s:s, s:s, s:s, s:O, s:o, s:i, s:b, s:I}",
	    "title", arena_printf(r->arena, "%s · %s", i18n_get(r->lang, door ?
	    "roster_door" : "roster_seats"), json_string_value(json_object_get(sitting, "name"))),
	    "exam_id", exam, "name", json_object_get(sitting, "name"),
	    "exam", json_string_value(json_object_get(sitting, strcmp(r->lang, "zh-TW") == 0 ?
	    "exam_zh" : "exam_en")),
	    "opens_text", ui_console_time(r->arena, json_integer_value(json_object_get(sitting,
	    "opens_at")), 0),
	    "closes_text", ui_console_time(r->arena, json_integer_value(json_object_get(sitting,
	    "closes_at")), 0),
	    "zone", zone_line(r), "room", json_object_get(sitting, "room"),
	    "members", members, "count", (int)json_array_size(members), "door", door,
	    "sitting_id", (json_int_t)sid);
	json_decref(sitting);
	return reply_page(r, 200, "console_sitting", ctx);
}
