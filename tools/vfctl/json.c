// SPDX-License-Identifier: GPL-2.0
/*
 * JSON writer for vfctl's -j and -p output.
 *
 * Output must stay valid JSON whatever the kernel or sysfs hands us, so
 * strings are checked as UTF-8 and any byte that is not part of a well-formed
 * sequence is replaced by U+FFFD instead of being copied through.
 */
#include "json.h"

void json_init(struct json_writer *w, FILE *out, bool pretty)
{
	w->out = out;
	w->pretty = pretty;
	w->depth = 0;
	w->first = true;
	w->after_key = false;
}

/* Ends the document with a newline; returns -1 if the stream failed. */
int json_finish(struct json_writer *w)
{
	fputc('\n', w->out);
	return ferror(w->out) ? -1 : 0;
}

static void json_newline(struct json_writer *w)
{
	unsigned int i;

	fputc('\n', w->out);
	for (i = 0; i < w->depth; i++)
		fputs("    ", w->out);
}

/* Separator and indentation owed before the next key or value. */
static void json_next(struct json_writer *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (!w->first)
		fputc(',', w->out);
	if (w->pretty && w->depth)
		json_newline(w);
	w->first = false;
}

static void json_open(struct json_writer *w, char c)
{
	json_next(w);
	fputc(c, w->out);
	w->depth++;
	w->first = true;
}

static void json_close(struct json_writer *w, char c)
{
	w->depth--;
	/* Empty containers stay on one line: {} and []. */
	if (w->pretty && !w->first)
		json_newline(w);
	fputc(c, w->out);
	w->first = false;
}

void json_object_begin(struct json_writer *w)
{
	json_open(w, '{');
}

void json_object_end(struct json_writer *w)
{
	json_close(w, '}');
}

void json_array_begin(struct json_writer *w)
{
	json_open(w, '[');
}

void json_array_end(struct json_writer *w)
{
	json_close(w, ']');
}

/* Length of the well-formed UTF-8 sequence at s (RFC 3629), 0 if none. */
static unsigned int utf8_len(const unsigned char *s)
{
	unsigned char lo = 0x80, hi = 0xbf;
	unsigned int i, n;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		if (s[0] == 0xe0)
			lo = 0xa0;	/* overlong */
		else if (s[0] == 0xed)
			hi = 0x9f;	/* UTF-16 surrogates */
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		if (s[0] == 0xf0)
			lo = 0x90;	/* overlong */
		else if (s[0] == 0xf4)
			hi = 0x8f;	/* above U+10FFFF */
	} else {
		return 0;
	}
	/* Checked in order, so a NUL stops the scan before the end. */
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return n;
}

static void json_quote(FILE *out, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned int n;

	fputc('"', out);
	while (*s) {
		switch (*s) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\b':
			fputs("\\b", out);
			break;
		case '\f':
			fputs("\\f", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		default:
			if (*s < 0x20 || *s == 0x7f) {
				fprintf(out, "\\u%04x", *s);
				break;
			}
			n = utf8_len(s);
			if (!n) {
				fputs("\\ufffd", out);
				break;
			}
			fwrite(s, 1, n, out);
			s += n;
			continue;
		}
		s++;
	}
	fputc('"', out);
}

void json_key(struct json_writer *w, const char *key)
{
	json_next(w);
	json_quote(w->out, key);
	fputs(w->pretty ? ": " : ":", w->out);
	w->after_key = true;
}

void json_string(struct json_writer *w, const char *s)
{
	json_next(w);
	json_quote(w->out, s);
}

void json_uint(struct json_writer *w, unsigned long long v)
{
	json_next(w);
	fprintf(w->out, "%llu", v);
}

void json_bool(struct json_writer *w, bool v)
{
	json_next(w);
	fputs(v ? "true" : "false", w->out);
}

void json_null(struct json_writer *w)
{
	json_next(w);
	fputs("null", w->out);
}

void json_kv_string(struct json_writer *w, const char *key, const char *s)
{
	json_key(w, key);
	json_string(w, s);
}

void json_kv_uint(struct json_writer *w, const char *key, unsigned long long v)
{
	json_key(w, key);
	json_uint(w, v);
}

void json_kv_bool(struct json_writer *w, const char *key, bool v)
{
	json_key(w, key);
	json_bool(w, v);
}

void json_kv_null(struct json_writer *w, const char *key)
{
	json_key(w, key);
	json_null(w);
}
