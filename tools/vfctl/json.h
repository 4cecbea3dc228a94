/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small streaming JSON writer for vfctl's -j output. Callers emit values in
 * document order; the writer adds separators, indentation and escaping.
 */
#ifndef VFCTL_JSON_H
#define VFCTL_JSON_H

#include <stdbool.h>
#include <stdio.h>

struct json_writer {
	FILE *out;
	bool pretty;
	unsigned int depth;
	bool first;		/* nothing emitted yet in the open container */
	bool after_key;		/* a key was written; its value comes next */
};

void json_init(struct json_writer *w, FILE *out, bool pretty);
int json_finish(struct json_writer *w);

void json_object_begin(struct json_writer *w);
void json_object_end(struct json_writer *w);
void json_array_begin(struct json_writer *w);
void json_array_end(struct json_writer *w);

void json_key(struct json_writer *w, const char *key);
void json_string(struct json_writer *w, const char *s);
void json_uint(struct json_writer *w, unsigned long long v);
void json_bool(struct json_writer *w, bool v);
void json_null(struct json_writer *w);

/* Key/value shorthands for object members. */
void json_kv_string(struct json_writer *w, const char *key, const char *s);
void json_kv_uint(struct json_writer *w, const char *key, unsigned long long v);
void json_kv_bool(struct json_writer *w, const char *key, bool v);
void json_kv_null(struct json_writer *w, const char *key);

#endif /* VFCTL_JSON_H */
