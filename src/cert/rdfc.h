/*
 * rdfc.h - RDF quads and their canonical form (W3C RDF Dataset
 * Canonicalization, RDFC-1.0, with SHA-256), for the Data Integrity
 * proofs of credentials (ob3.c).
 *
 * Quads in the default graph only, with IRIs, blank nodes and literals
 * with a datatype (no language tags): what credentials hold. Blank nodes
 * are labelled from their first-degree hashes and, where some share one,
 * by the n-degree step, whose work is limited: a graph that would need
 * more (only a crafted one can) is refused rather than guessed at.
 * The output is the canonical N-Quads text, lines sorted as RDFC-1.0 (and
 * jsonld.js) sort them. Pure C and libsodium (SHA-256).
 */
#ifndef AICERT_RDFC_H
#define AICERT_RDFC_H

#include <stddef.h>

#include "arena.h"

#define RDFC_XSD_STRING "http://www.w3.org/2001/XMLSchema#string"

/* A term: an IRI (blank < 0, datatype NULL), a blank node (blank >= 0),
 * or a literal (lit: value with datatype, NULL for xsd:string). */
struct rdfc_term {
	const char *value;
	const char *datatype;
	int blank;
	int lit;
};

struct rdfc_quad {
	struct rdfc_term s, o;
	const char *p;
};

/* Quads and blank nodes; strings must outlive the graph (the arena's). */
struct rdfc_graph {
	struct arena *a;
	struct rdfc_quad *q;
	size_t n, cap;
	int blanks;
};

void rdfc_init(struct rdfc_graph *g, struct arena *a);

/* A new blank node. */
struct rdfc_term rdfc_blank(struct rdfc_graph *g);
struct rdfc_term rdfc_iri(const char *iri);
struct rdfc_term rdfc_literal(const char *value, const char *datatype);

/* Adds the quad (s, p, o) in the default graph. */
void rdfc_add(struct rdfc_graph *g, struct rdfc_term s, const char *p, struct rdfc_term o);

/* The canonical N-Quads of g (from g->a), or NULL when telling its blank
 * nodes apart would take more than the n-degree step's work limit. Drops
 * repeated quads from g first (a dataset is a set). */
char *rdfc_canonize(struct rdfc_graph *g);

/* Whether s is an absolute IRI as JSON-LD keeps one: a scheme, ':', then
 * no whitespace, controls or <>"{}|^`\ characters. */
int rdfc_iri_ok(const char *s);

#endif
