/*
 * bank_xml.h - reads Moodle XML question banks.
 */
#ifndef AICERT_BANK_XML_H
#define AICERT_BANK_XML_H

#include <stddef.h>

#include "question.h"

/*
 * Reads len bytes of Moodle XML (a <quiz> of <question type="...">) into
 * b, as Moodle's qformat_xml does. data must be UTF-8 (see encoding.h); an
 * encoding named in the XML declaration is ignored.
 *
 * Types read: multichoice, truefalse, shortanswer, numerical, matching,
 * essay, description, cloze (Moodle's multianswer: the gaps in its text,
 * cloze.h), gapselect (its <selectoption>s, gaps [[n]] checked
 * against them) and ordering (its items and options, Moodle's defaults
 * for what is absent); <question type="category"> sets the category of the
 * questions after it (Moodle's $course$/ style prefix and "top" dropped).
 * Any other type is refused with an error naming it. Embedded
 * <file encoding="base64"> images (PNG, JPEG, GIF, WebP by content, at
 * most 1 MiB each) go to question->files; @@PLUGINFILE@@/name references
 * in the text are left as they are. A Moodle 1.9 <image> with
 * <image_base64> becomes such a file and an <img> appended to the text.
 * Penalty, hints, combined feedback, answer numbering and a numerical
 * question's <units> and unit options are read.
 * What is read without being modelled (an unknown element or attribute,
 * a known one holding a value that matters) is a warning with its line
 * in b->warn (question.h), when set; a category's non-empty <info> too.
 *
 * The parse never touches the network or loads a DTD, substitutes no
 * entities, and refuses a document that declares entities. Malformed XML
 * is reported with its line. Every problem found is recorded in b and a
 * question with an error is left out. Returns 0 if there was no error, -1
 * otherwise. Everything is allocated from b's arena.
 *
 * The caller must have called libxml2's xmlInitParser() once, from one
 * thread, before any thread calls this; after that concurrent calls are
 * safe (all state is per parse: errors go to a per-context handler).
 */
int bank_xml_parse(struct q_bank *b, const char *data, size_t len);

#endif
