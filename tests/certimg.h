/*
 * certimg.h - sample issuer images for the certificate tests, the
 * benchmark and the documentation's sample: a logo (a navy ring with a
 * gold dot) and a red square seal (印信: a thick border and a grid of
 * strokes, transparent around them), both PNG, made here so no image
 * file is needed. An uncompressed PNG (stored deflate blocks): only the
 * CRC-32 and Adler-32 are computed.
 */
#ifndef AICERT_CERTIMG_H
#define AICERT_CERTIMG_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct certimg_buf {
	unsigned char *p;
	size_t n, cap;
};

static inline void
certimg_put(struct certimg_buf *b, const void *d, size_t n)
{
	if (b->n + n > b->cap) {
		b->cap = (b->n + n) * 2;
		if ((b->p = realloc(b->p, b->cap)) == NULL)
			abort();
	}
	memcpy(b->p + b->n, d, n);
	b->n += n;
}

static inline void
certimg_be32(struct certimg_buf *b, uint32_t v)
{
	unsigned char x[4] = { (unsigned char)(v >> 24),
	    (unsigned char)(v >> 16), (unsigned char)(v >> 8),
	    (unsigned char)v };

	certimg_put(b, x, 4);
}

static inline uint32_t
certimg_crc(const unsigned char *p, size_t n)
{
	uint32_t c = 0xffffffffu;

	for (size_t i = 0; i < n; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
	}
	return ~c;
}

static inline void
certimg_chunk(struct certimg_buf *b, const char *type,
    const unsigned char *d, size_t n)
{
	size_t at;

	certimg_be32(b, (uint32_t)n);
	at = b->n;
	certimg_put(b, type, 4);
	if (n)
		certimg_put(b, d, n);
	certimg_be32(b, certimg_crc(b->p + at, n + 4));
}

/* rgba: w * h pixels of 4 bytes. A malloc'd PNG, *len bytes. */
static inline unsigned char *
certimg_png(const unsigned char *rgba, int w, int h, size_t *len)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r',
	    '\n', 0x1a, '\n' };
	struct certimg_buf b = { 0 }, z = { 0 };
	unsigned char ihdr[13] = { 0 };
	size_t raw_n = (size_t)h * (4 * (size_t)w + 1), off = 0;
	unsigned char *raw = malloc(raw_n);
	uint32_t s1 = 1, s2 = 0;

	if (raw == NULL)
		abort();
	for (int y = 0; y < h; y++) {
		raw[(size_t)y * (4 * (size_t)w + 1)] = 0;	/* no filter */
		memcpy(raw + (size_t)y * (4 * (size_t)w + 1) + 1,
		    rgba + (size_t)y * 4 * (size_t)w, 4 * (size_t)w);
	}
	certimg_put(&z, "\x78\x01", 2);
	while (off < raw_n) {
		size_t k = raw_n - off < 65535 ? raw_n - off : 65535;
		unsigned char hd[5] = { (unsigned char)(off + k == raw_n),
		    (unsigned char)k, (unsigned char)(k >> 8),
		    (unsigned char)~k, (unsigned char)(~k >> 8) };

		certimg_put(&z, hd, 5);
		certimg_put(&z, raw + off, k);
		off += k;
	}
	for (size_t i = 0; i < raw_n; i++) {
		s1 = (s1 + raw[i]) % 65521;
		s2 = (s2 + s1) % 65521;
	}
	certimg_be32(&z, s2 << 16 | s1);
	free(raw);
	certimg_put(&b, sig, 8);
	ihdr[0] = (unsigned char)(w >> 24);
	ihdr[1] = (unsigned char)(w >> 16);
	ihdr[2] = (unsigned char)(w >> 8);
	ihdr[3] = (unsigned char)w;
	ihdr[4] = (unsigned char)(h >> 24);
	ihdr[5] = (unsigned char)(h >> 16);
	ihdr[6] = (unsigned char)(h >> 8);
	ihdr[7] = (unsigned char)h;
	ihdr[8] = 8;		/* bits per channel */
	ihdr[9] = 6;		/* RGBA */
	certimg_chunk(&b, "IHDR", ihdr, 13);
	certimg_chunk(&b, "IDAT", z.p, z.n);
	certimg_chunk(&b, "IEND", NULL, 0);
	free(z.p);
	*len = b.n;
	return b.p;
}

/* The sample logo: 96 x 96, a navy ring and a gold dot. */
static inline unsigned char *
certimg_logo(size_t *len)
{
	enum { S = 96 };
	unsigned char *px = calloc((size_t)S * S, 4), *png;

	if (px == NULL)
		abort();
	for (int y = 0; y < S; y++)
		for (int x = 0; x < S; x++) {
			double dx = x - S / 2.0 + 0.5, dy = y - S / 2.0 + 0.5;
			double d2 = dx * dx + dy * dy;
			unsigned char *p = px + 4 * ((size_t)y * S + x);

			if (d2 < 46.0 * 46 && d2 > 36.0 * 36) {
				p[0] = 0x1f, p[1] = 0x3a, p[2] = 0x5f, p[3] = 255;
			} else if (d2 < 18.0 * 18) {
				p[0] = 0xa8, p[1] = 0x86, p[2] = 0x4f, p[3] = 255;
			}
		}
	png = certimg_png(px, S, S, len);
	free(px);
	return png;
}

/* The sample seal: 120 x 120, a red square stamp with a thick border and
 * a two-by-two grid of strokes, transparent between them. */
static inline unsigned char *
certimg_seal(size_t *len)
{
	enum { S = 120 };
	unsigned char *px = calloc((size_t)S * S, 4), *png;

	if (px == NULL)
		abort();
	for (int y = 0; y < S; y++)
		for (int x = 0; x < S; x++) {
			int border = x < 10 || y < 10 || x >= S - 10 ||
			    y >= S - 10;
			int inner = x > 16 && y > 16 && x < S - 17 &&
			    y < S - 17 && ((x > 56 && x < 64) ||
			    (y > 56 && y < 64) || ((x - 17) % 20 < 5 &&
			    (y / 8) % 2 == 0));
			unsigned char *p = px + 4 * ((size_t)y * S + x);

			if (border || inner) {
				p[0] = 0xc8, p[1] = 0x1e, p[2] = 0x1e;
				p[3] = 210;
			}
		}
	png = certimg_png(px, S, S, len);
	free(px);
	return png;
}

#endif
