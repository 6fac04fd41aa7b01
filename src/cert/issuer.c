/*
 * issuer.c - the issuing organisation: loading and checking its profile,
 * storing it, sniffing its images, and its Open Badges 3.0 Profile with
 * the key set as Multikeys; see issuer.h. Depends on the store (tables
 * issuer and issuer_images, signing_keys), keys.c (PEM) and libsodium
 * (SHA-256).
 */
#include "issuer.h"

#include <sodium.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "cert_pdf.h"
#include "keys.h"
#include "utf8.h"

#define DEFAULT_EN "aicert AI Skills Certification"
#define DEFAULT_ZH "aicert 人工智慧技能認證"

/* The text fields in the row's column order, by offset into struct
 * issuer, with their API names and the most characters each takes. */
static const struct field {
	const char *name;
	size_t off;
	size_t max;
	int lines;		/* may hold line breaks */
} fields[] = {
	{ "legal_name_en", offsetof(struct issuer, legal_en), 200, 0 },
	{ "legal_name_zh", offsetof(struct issuer, legal_zh), 200, 0 },
	{ "short_name", offsetof(struct issuer, short_name), 40, 0 },
	{ "website", offsetof(struct issuer, website), 500, 0 },
	{ "email", offsetof(struct issuer, email), 254, 0 },
	{ "phone", offsetof(struct issuer, phone), 40, 0 },
	{ "address", offsetof(struct issuer, address), 500, 1 },
	{ "privacy", offsetof(struct issuer, privacy), 4000, 1 },
	{ "officer_name_en", offsetof(struct issuer, officer_en), 100, 0 },
	{ "officer_name_zh", offsetof(struct issuer, officer_zh), 100, 0 },
	{ "officer_title_en", offsetof(struct issuer, officer_title_en), 100, 0 },
	{ "officer_title_zh", offsetof(struct issuer, officer_title_zh), 100, 0 },
};
#define NFIELDS (sizeof fields / sizeof *fields)

static const char **
field_at(struct issuer *is, size_t i)
{
	return (const char **)(void *)((char *)is + fields[i].off);
}

static const char *
field_val(const struct issuer *is, size_t i)
{
	return *(const char *const *)(const void *)((const char *)is + fields[i].off);
}

const char *const issuer_field_names[] = {
	"legal_name_en", "legal_name_zh", "short_name", "website", "email", "phone",
	"address", "privacy", "officer_name_en", "officer_name_zh", "officer_title_en",
	"officer_title_zh", NULL
};

int
issuer_set_field(struct issuer *is, const char *name, const char *value)
{
	for (size_t i = 0; i < NFIELDS; i++)
		if (strcmp(fields[i].name, name) == 0) {
			*field_at(is, i) = value ? value : "";
			return 0;
		}
	return -1;
}

static json_t *
image_json(const struct issuer_image *im, const char *base_url, const char *kind)
{
	if (im->type == NULL)
		return json_null();
	return json_pack("{s:s, s:s, s:i, s:i, s:I, s:s+}", "media_type", im->type,
	    "sha256", im->sha256, "width", im->width, "height", im->height,
	    "bytes", (json_int_t)im->len, "url", base_url, kind);
}

json_t *
issuer_fields_json(const struct issuer *is, const char *base_url)
{
	json_t *o = json_object();

	for (size_t i = 0; i < NFIELDS; i++)
		json_object_set_new(o, fields[i].name, json_string(field_val(is, i)));
	json_object_set_new(o, "logo", image_json(&is->logo, base_url, "/issuer/logo"));
	json_object_set_new(o, "seal", image_json(&is->seal, base_url, "/issuer/seal"));
	return o;
}

static void
defaults(struct issuer *out)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < NFIELDS; i++)
		*field_at(out, i) = "";
	out->legal_en = DEFAULT_EN;
	out->legal_zh = DEFAULT_ZH;
}

static void
image_meta(struct arena *a, struct stmt *st, struct issuer_image *im, int with_data)
{
	const char *sha = db_col_text(st, 2);

	im->type = db_text(a, st, 1);
	snprintf(im->sha256, sizeof im->sha256, "%s", sha ? sha : "");
	im->width = db_col_int(st, 3);
	im->height = db_col_int(st, 4);
	if (!with_data) {
		im->len = (size_t)db_col_int64(st, 5);
	} else {
		im->len = (size_t)db_col_bytes(st, 5);
		const void *p = db_col_blob(st, 5);
		unsigned char *copy = arena_alloc(a, im->len ? im->len : 1);

		if (p != NULL)
			memcpy(copy, p, im->len);
		im->data = copy;
	}
}

static int
load(struct store *s, struct arena *a, struct issuer *out, int with_data)
{
	static const char sql[] =
	    "SELECT legal_en, legal_zh, short_name, website, email, phone, address, "
	    "privacy, officer_en, officer_zh, officer_title_en, officer_title_zh "
	    "FROM issuer WHERE id = 1";
	static const char imgs[] =
	    "SELECT kind, media_type, sha256, width, height, data FROM issuer_images";
	static const char meta[] =
	    "SELECT kind, media_type, sha256, width, height, length(data) "
	    "FROM issuer_images";
	struct db *d = store_db(s);
	struct stmt *st = db_stmt(d, sql);
	int rc = st == NULL ? -1 : 0;

	defaults(out);
	if (db_row(st))
		for (size_t i = 0; i < NFIELDS; i++) {
			char *v = db_text(a, st, (int)i);

			if (v != NULL && *v != '\0')
				*field_at(out, i) = v;
		}
	db_end(st);
	/* meta reads no image bytes: a blob's length is in its record header. */
	st = db_stmt(d, with_data ? imgs : meta);
	if (st == NULL)
		rc = -1;
	while (db_row(st)) {
		const char *kind = db_col_text(st, 0);

		if (kind != NULL && strcmp(kind, "logo") == 0)
			image_meta(a, st, &out->logo, with_data);
		else if (kind != NULL && strcmp(kind, "seal") == 0)
			image_meta(a, st, &out->seal, with_data);
	}
	db_end(st);
	return rc;
}

int
issuer_load(struct store *s, struct arena *a, struct issuer *out)
{
	return load(s, a, out, 1);
}

int
issuer_load_text(struct store *s, struct arena *a, struct issuer *out)
{
	return load(s, a, out, 0);
}

int
issuer_image(struct store *s, struct arena *a, const char *kind, struct issuer_image *out)
{
	static const char sql[] =
	    "SELECT kind, media_type, sha256, width, height, data FROM issuer_images "
	    "WHERE kind = ?";
	struct stmt *st = db_stmt_text(store_db(s), sql, kind);
	int found = 0;

	memset(out, 0, sizeof *out);
	if (db_row(st)) {
		image_meta(a, st, out, 1);
		found = 1;
	}
	db_end(st);
	return found;
}

/* ---- checking ---- */

static unsigned
be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* A JPEG's size from its first start-of-frame marker: 0, or -1. */
static int
jpeg_size(const unsigned char *p, size_t n, int *w, int *h)
{
	size_t i = 2;

	while (i + 4 <= n) {
		unsigned m, len;

		if (p[i] != 0xff)
			return -1;
		m = p[i + 1];
		if (m == 0xff) {		/* fill byte */
			i++;
			continue;
		}
		if (m == 0xd8 || (m >= 0xd0 && m <= 0xd7) || m == 0x01) {
			i += 2;			/* markers without a length */
			continue;
		}
		if (m == 0xd9 || m == 0xda)	/* end, or scan data before a frame */
			return -1;
		len = be16(p + i + 2);
		if (len < 2)
			return -1;
		/* SOF0..SOF15 but DHT (c4), JPG (c8) and DAC (cc). */
		if (m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc) {
			if (len < 7 || i + 9 > n)
				return -1;
			*h = (int)be16(p + i + 5);
			*w = (int)be16(p + i + 7);
			return 0;
		}
		i += 2 + len;
	}
	return -1;
}

const char *
issuer_image_sniff(const unsigned char *p, size_t n, const char **type, int *width,
    int *height)
{
	static const unsigned char png[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

	*type = NULL;
	*width = *height = 0;
	if (n >= 8 && memcmp(p, png, 8) == 0) {
		*type = "image/png";
		if (n < 24 || be32(p + 8) != 13 || memcmp(p + 12, "IHDR", 4) != 0)
			return "issuer_image_corrupt";
		if (be32(p + 16) > 1000000 || be32(p + 20) > 1000000)
			return "issuer_image_too_wide";
		*width = (int)be32(p + 16);
		*height = (int)be32(p + 20);
	} else if (n >= 3 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff) {
		*type = "image/jpeg";
		if (jpeg_size(p, n, width, height) != 0)
			return "issuer_image_corrupt";
	} else {
		return "issuer_image_type";
	}
	if (n > ISSUER_IMAGE_MAX)
		return "issuer_image_too_big";
	if (*width <= 0 || *height <= 0)
		return "issuer_image_corrupt";
	if (*width > ISSUER_IMAGE_PX || *height > ISSUER_IMAGE_PX)
		return "issuer_image_too_wide";
	return NULL;
}

/* "http://" or "https://", a host, no spaces or controls. */
static int
url_ok(const char *u)
{
	const char *h;

	if (strncmp(u, "https://", 8) == 0)
		h = u + 8;
	else if (strncmp(u, "http://", 7) == 0)
		h = u + 7;
	else
		return 0;
	if (*h == '\0' || *h == '/' || *h == '.' || *h == ':')
		return 0;
	for (const char *p = u; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f || *p == '"' || *p == '<' ||
		    *p == '>' || *p == '\\')
			return 0;
	return 1;
}

/* One @, something before it, a dot in the domain after it, no spaces. */
static int
email_ok(const char *e)
{
	const char *at = strchr(e, '@');

	if (at == NULL || at == e || strchr(at + 1, '@') != NULL ||
	    strchr(at + 1, '.') == NULL || at[1] == '.' || e[strlen(e) - 1] == '.')
		return 0;
	for (const char *p = e; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f || *p == '<' || *p == '>' ||
		    *p == '"' || *p == ',' || *p == ';')
			return 0;
	return 1;
}

/* Digits, spaces and + ( ) - . / # and "ext"; at least six digits. */
static int
phone_ok(const char *t)
{
	int digits = 0;

	for (const char *p = t; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (strncmp(p, "ext", 3) == 0)
			p += 2;
		else if (strchr(" +()-./#", *p) == NULL)
			return 0;
	}
	return digits >= 6;
}

char *
issuer_tel(struct arena *a, const char *phone)
{
	char *out = arena_alloc(a, strlen(phone) + 5), *t = out + 4;

	memcpy(out, "tel:", 4);
	for (const char *c = phone; *c && strncmp(c, "ext", 3) != 0 && *c != '#'; c++)
		if ((*c >= '0' && *c <= '9') || (*c == '+' && t == out + 4))
			*t++ = *c;
	*t = '\0';
	return out;
}

static void
link(json_t *list, const char *href, const char *text)
{
	json_array_append_new(list, json_pack("{s:s, s:s}", "href", href, "text", text));
}

json_t *
issuer_contact_json(const struct issuer *is, struct arena *a, const char *privacy_label)
{
	json_t *out = json_array();
	const char *p = is->privacy;

	if (*is->email != '\0')
		link(out, arena_printf(a, "mailto:%s", is->email), is->email);
	if (*is->phone != '\0')
		link(out, issuer_tel(a, is->phone), is->phone);
	if (*is->website != '\0')
		link(out, is->website, is->website +
		    (strncmp(is->website, "https://", 8) == 0 ? 8 : 7));
	if (privacy_label != NULL && *p != '\0')
		link(out, strncmp(p, "http://", 7) == 0 || strncmp(p, "https://", 8) == 0 ? p :
		    "/issuer/privacy", privacy_label);
	return out;
}

/* No control characters but (when lines) line breaks and tabs. */
static int
text_ok(const char *s, int lines)
{
	size_t n = strlen(s);

	if (!utf8_valid(s, n))
		return 0;
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if ((c < 0x20 && !(lines && (c == '\n' || c == '\r' || c == '\t'))) || c == 0x7f)
			return 0;
	}
	return 1;
}

static void
add_err(struct issuer_err *errs, int *n, const char *field, const char *key)
{
	if (*n < ISSUER_MAX_ERRS) {
		errs[*n].field = field;
		errs[*n].key = key;
		(*n)++;
	}
}

static void
check_image(struct issuer_image *im, const char *field, struct issuer_err *errs, int *n)
{
	const char *why;

	if (im->change != ISSUER_SET)
		return;
	if (im->data == NULL || im->len == 0) {
		add_err(errs, n, field, "issuer_image_type");
		return;
	}
	why = issuer_image_sniff(im->data, im->len, &im->type, &im->width, &im->height);
	if (why != NULL) {
		add_err(errs, n, field, why);
		return;
	}
	/* Its header is right: the certificate must also be able to draw
	 * it, or every certificate issued after would fail to render. */
	{
		struct cert_image ci = { im->data, im->len, im->type };

		if (cert_pdf_image_check(&ci) != 0) {
			add_err(errs, n, field, "issuer_image_unreadable");
			return;
		}
	}
	{
		unsigned char h[crypto_hash_sha256_BYTES];

		crypto_hash_sha256(h, im->data, im->len);
		sodium_bin2hex(im->sha256, sizeof im->sha256, h, sizeof h);
	}
}

int
issuer_check(struct issuer *in, struct issuer_err *errs)
{
	int n = 0;

	for (size_t i = 0; i < NFIELDS; i++) {
		const char **v = field_at(in, i);

		if (*v == NULL)
			*v = "";
		if (!text_ok(*v, fields[i].lines))
			add_err(errs, &n, fields[i].name, "issuer_text_invalid");
		else if (utf8_chars(*v, strlen(*v)) > fields[i].max)
			add_err(errs, &n, fields[i].name, "issuer_text_too_long");
		else if (i < 2 && (*v)[strspn(*v, " \t")] == '\0')
			add_err(errs, &n, fields[i].name, "issuer_name_required");
	}
	if (*in->website != '\0' && !url_ok(in->website))
		add_err(errs, &n, "website", "issuer_url_invalid");
	if (*in->email != '\0' && !email_ok(in->email))
		add_err(errs, &n, "email", "issuer_email_invalid");
	if (*in->phone != '\0' && !phone_ok(in->phone))
		add_err(errs, &n, "phone", "issuer_phone_invalid");
	/* A notice that starts as a URL must be one; any other is its text. */
	if ((strncmp(in->privacy, "http://", 7) == 0 || strncmp(in->privacy, "https://", 8) == 0) &&
	    !url_ok(in->privacy))
		add_err(errs, &n, "privacy", "issuer_url_invalid");
	check_image(&in->logo, "logo", errs, &n);
	check_image(&in->seal, "seal", errs, &n);
	return n;
}

/* ---- storing ---- */

struct save {
	struct issuer *in;
	const char *changed;	/* for the audit row */
};

static int
save_image(struct db *d, const char *kind, const struct issuer_image *im)
{
	static const char put[] =
	    "INSERT OR REPLACE INTO issuer_images(kind, media_type, sha256, width, "
	    "height, data, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
	static const char del[] = "DELETE FROM issuer_images WHERE kind = ?";
	struct stmt *st;

	if (im->change == ISSUER_KEEP)
		return 0;
	if (im->change == ISSUER_REMOVE)
		return db_done(db_stmt_text(d, del, kind));
	if ((st = db_stmt_text(d, put, kind)) == NULL)
		return -1;
	db_bind_text(st, 2, im->type);
	db_bind_text(st, 3, im->sha256);
	db_bind_int(st, 4, im->width);
	db_bind_int(st, 5, im->height);
	db_bind_blob(st, 6, im->data, (int)im->len);
	db_bind_int64(st, 7, (int64_t)time(NULL));
	return db_done(st);
}

static int
save_fn(struct db *d, void *ctx)
{
	static const char sql[] =
	    "INSERT OR REPLACE INTO issuer(id, legal_en, legal_zh, short_name, website, "
	    "email, phone, address, privacy, officer_en, officer_zh, officer_title_en, "
	    "officer_title_zh, updated_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	struct save *sv = ctx;
	struct stmt *st = db_stmt(d, sql);

	if (st == NULL)
		return -1;
	for (size_t i = 0; i < NFIELDS; i++)
		db_bind_text(st, (int)i + 1, *field_at(sv->in, i));
	db_bind_int64(st, (int)NFIELDS + 1, (int64_t)time(NULL));
	if (db_done(st) != 0 || save_image(d, "logo", &sv->in->logo) != 0 ||
	    save_image(d, "seal", &sv->in->seal) != 0)
		return -1;
	return db_audit(d, "issuer.update", sv->changed);
}

int
issuer_save(struct store *s, struct issuer *in, struct issuer_err *errs)
{
	struct arena *a;
	struct issuer old;
	struct buf changed = BUF_INIT;
	struct save sv = { in, NULL };
	int n = issuer_check(in, errs), rc;

	if (n > 0)
		return n;
	a = arena_new();
	issuer_load_text(s, a, &old);
	for (size_t i = 0; i < NFIELDS; i++)
		if (strcmp(field_val(&old, i), field_val(in, i)) != 0)
			buf_printf(&changed, "%s%s", changed.len ? " " : "", fields[i].name);
	if (in->logo.change != ISSUER_KEEP)
		buf_printf(&changed, "%slogo", changed.len ? " " : "");
	if (in->seal.change != ISSUER_KEEP)
		buf_printf(&changed, "%sseal", changed.len ? " " : "");
	sv.changed = changed.len ? changed.data : "nothing";
	rc = store_write(s, save_fn, &sv);
	buf_free(&changed);
	arena_free(a);
	return rc != 0 ? -1 : 0;
}

struct names {
	const char *en, *zh;
};

static int
names_fn(struct db *d, void *ctx)
{
	static const char sql[] =
	    "INSERT INTO issuer(id, legal_en, legal_zh) VALUES (1, ?1, ?2) "
	    "ON CONFLICT(id) DO UPDATE SET legal_en = coalesce(?1, issuer.legal_en), "
	    "legal_zh = coalesce(?2, issuer.legal_zh)";
	struct names *nm = ctx;
	struct stmt *st = db_stmt(d, sql);

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, nm->en);
	db_bind_text(st, 2, nm->zh);
	return db_done(st);
}

int
issuer_set_names(struct store *s, const char *en, const char *zh)
{
	struct names nm = { en != NULL && *en != '\0' ? en : NULL,
	    zh != NULL && *zh != '\0' ? zh : NULL };

	if (nm.en == NULL && nm.zh == NULL)
		return 0;
	return store_write(s, names_fn, &nm);
}

/* ---- the public profile ---- */

void
issuer_multikey(const unsigned char pk[32], char out[ISSUER_MULTIKEY_LEN])
{
	static const char b58[] =
	    "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
	unsigned char in[34], digits[60];
	size_t nd = 0, o = 0;

	in[0] = 0xed;		/* multicodec ed25519-pub, as a varint */
	in[1] = 0x01;
	memcpy(in + 2, pk, 32);
	/* Base 256 to base 58, digits least significant first. in[0] is
	 * not zero, so there are no leading zero bytes to write as '1'. */
	for (size_t i = 0; i < sizeof in; i++) {
		unsigned carry = in[i];

		for (size_t j = 0; j < nd; j++) {
			carry += (unsigned)digits[j] << 8;
			digits[j] = (unsigned char)(carry % 58);
			carry /= 58;
		}
		while (carry > 0) {
			digits[nd++] = (unsigned char)(carry % 58);
			carry /= 58;
		}
	}
	out[o++] = 'z';
	while (nd > 0)
		out[o++] = b58[digits[--nd]];
	out[o] = '\0';
}

char *
issuer_key_ref(struct arena *a, const char *base_url, const char *kid)
{
	return arena_printf(a, "%s/api/v1/issuer#key-%s", base_url, kid);
}

/* The terms the profile uses beyond the two contexts: the names in both
 * languages as a language map, and the key set as a controller
 * document's (the W3C security vocabulary). */
static json_t *
profile_context(void)
{
	return json_pack("[s, s, {s:{s:s, s:s}, s:{s:s, s:s, s:s}, s:{s:s, s:s, s:s}, "
	    "s:s, s:{s:s, s:s}, s:{s:s, s:s}}]",
	    "https://www.w3.org/ns/credentials/v2",
	    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
	    "nameMap", "@id", "https://schema.org/name", "@container", "@language",
	    "verificationMethod", "@id", "https://w3id.org/security#verificationMethod",
	    "@type", "@id", "@container", "@set",
	    "assertionMethod", "@id", "https://w3id.org/security#assertionMethod",
	    "@type", "@id", "@container", "@set",
	    "Multikey", "https://w3id.org/security#Multikey",
	    "controller", "@id", "https://w3id.org/security#controller", "@type", "@id",
	    "publicKeyMultibase", "@id", "https://w3id.org/security#publicKeyMultibase",
	    "@type", "https://w3id.org/security#multibase");
}

static void
set_if(json_t *o, const char *key, const char *v)
{
	if (v != NULL && *v != '\0')
		json_object_set_new(o, key, json_string(v));
}

json_t *
issuer_profile_json(struct store *s, const char *base_url)
{
	static const char sql[] = "SELECT id, public_pem FROM signing_keys ORDER BY created_at";
	struct arena *a = arena_new();
	struct issuer is;
	json_t *p, *vms = json_array(), *refs = json_array();
	char *id = arena_printf(a, "%s/api/v1/issuer", base_url);
	struct stmt *st;

	issuer_load_text(s, a, &is);
	p = json_pack("{s:o, s:s, s:[s], s:s, s:{s:s, s:s}}", "@context", profile_context(),
	    "id", id, "type", "Profile", "name", is.legal_en,
	    "nameMap", "en", is.legal_en, "zh-TW", is.legal_zh);
	set_if(p, "url", is.website);
	set_if(p, "email", is.email);
	set_if(p, "phone", is.phone);
	if (*is.address != '\0')
		json_object_set_new(p, "address", json_pack("{s:[s], s:s}", "type", "Address",
		    "streetAddress", is.address));
	if (is.logo.type != NULL)
		json_object_set_new(p, "image", json_pack("{s:s, s:s, s:s}",
		    "id", arena_printf(a, "%s/issuer/logo", base_url), "type", "Image",
		    "caption", is.legal_en));
	set_if(p, "official", is.officer_en);
	st = db_stmt(store_db(s), sql);
	while (db_row(st)) {
		const char *kid = db_col_text(st, 0);
		const char *pem = db_col_text(st, 1);
		unsigned char pk[32];
		char mk[ISSUER_MULTIKEY_LEN];
		char *ref;

		if (kid == NULL || pem == NULL || keys_parse_public_pem(&pem, pk) != 0)
			continue;
		issuer_multikey(pk, mk);
		ref = issuer_key_ref(a, base_url, kid);
		json_array_append_new(vms, json_pack("{s:s, s:s, s:s, s:s}", "id", ref,
		    "type", "Multikey", "controller", id, "publicKeyMultibase", mk));
		json_array_append_new(refs, json_string(ref));
	}
	db_end(st);
	json_object_set_new(p, "verificationMethod", vms);
	json_object_set_new(p, "assertionMethod", refs);
	arena_free(a);
	return p;
}
