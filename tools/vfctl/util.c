// SPDX-License-Identifier: GPL-2.0
/*
 * Parsing and matching helpers for vfctl: PCI addresses, MAC addresses,
 * bounded integers, on/off flags, batch-file lines, keyword abbreviations
 * and the names of the family's enums.
 */
#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Read 1..max_digits hex digits; returns the first unread character or NULL.
 * Longer runs are rejected rather than truncated so "0003a:..." cannot be
 * mistaken for a valid bus number.
 */
static const char *hex_field(const char *s, unsigned int max_digits, uint32_t *val)
{
	unsigned int n = 0;
	uint32_t v = 0;
	int d;

	while ((d = hex_digit(s[n])) >= 0) {
		if (++n > max_digits)
			return NULL;
		v = v << 4 | (uint32_t)d;
	}
	if (!n)
		return NULL;
	*val = v;
	return s + n;
}

/*
 * Accepts "DOMAIN:BUS:DEV.FN" and the short form "BUS:DEV.FN" (domain 0),
 * in either case, with or without leading zeros.
 */
int pci_addr_parse(const char *s, struct pci_addr *addr)
{
	uint32_t domain = 0, bus, dev, fn;
	const char *colon = strchr(s, ':');

	if (!colon)
		return -EINVAL;
	if (strchr(colon + 1, ':')) {
		s = hex_field(s, 8, &domain);
		if (!s || *s++ != ':')
			return -EINVAL;
	}
	s = hex_field(s, 2, &bus);
	if (!s || *s++ != ':')
		return -EINVAL;
	s = hex_field(s, 2, &dev);
	if (!s || *s++ != '.' || dev > 0x1f)
		return -EINVAL;
	s = hex_field(s, 1, &fn);
	if (!s || *s || fn > 7)
		return -EINVAL;

	addr->domain = domain;
	addr->bus = (uint8_t)bus;
	addr->dev = (uint8_t)dev;
	addr->fn = (uint8_t)fn;
	return 0;
}

/* The kernel's own spelling, so the result can be used as a sysfs name. */
int pci_addr_format(const struct pci_addr *addr, char *buf, size_t len)
{
	int n = snprintf(buf, len, "%04x:%02x:%02x.%x", addr->domain, addr->bus,
			 addr->dev, addr->fn);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

int pci_addr_normalise(const char *s, char *buf, size_t len)
{
	struct pci_addr addr;
	int err = pci_addr_parse(s, &addr);

	return err ? err : pci_addr_format(&addr, buf, len);
}

/*
 * Orders two addresses by value (domains differ in width, so not as text);
 * anything that does not parse compares as text.
 */
int pci_addr_cmp(const char *a, const char *b)
{
	struct pci_addr x, y;

	if (pci_addr_parse(a, &x) || pci_addr_parse(b, &y))
		return strcmp(a, b);
	if (x.domain != y.domain)
		return x.domain < y.domain ? -1 : 1;
	if (x.bus != y.bus)
		return x.bus < y.bus ? -1 : 1;
	if (x.dev != y.dev)
		return x.dev < y.dev ? -1 : 1;
	if (x.fn != y.fn)
		return x.fn < y.fn ? -1 : 1;
	return 0;
}

/*
 * Only the canonical six colon-separated pairs: accepting "1:2:3:4:5:6" or
 * dashes would make the same address spellable in ways that later compare
 * unequal in scripts and saved batch files.
 */
int mac_parse(const char *s, uint8_t mac[MAC_LEN])
{
	uint8_t out[MAC_LEN];
	int i, hi, lo;

	for (i = 0; i < MAC_LEN; i++) {
		hi = hex_digit(s[0]);
		lo = hi < 0 ? -1 : hex_digit(s[1]);
		if (lo < 0)
			return -EINVAL;
		out[i] = (uint8_t)(hi << 4 | lo);
		s += 2;
		if (*s != (i == MAC_LEN - 1 ? '\0' : ':'))
			return -EINVAL;
		s++;
	}
	memcpy(mac, out, sizeof(out));
	return 0;
}

void mac_format(const uint8_t mac[MAC_LEN], char buf[MAC_STRLEN])
{
	snprintf(buf, MAC_STRLEN, "%02x:%02x:%02x:%02x:%02x:%02x",
		 mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}

/* The I/G bit; a VF's station address must not have it set. */
bool mac_is_multicast(const uint8_t mac[MAC_LEN])
{
	return mac[0] & 0x01;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

/*
 * The kernel's rule for interface names: at most IFNAMSIZ - 1 bytes, not
 * "." or "..", and no '/', ':' or whitespace. Checking it up front turns a
 * typo into a usage error instead of a confusing sysfs lookup.
 */
bool ifname_valid(const char *name)
{
	size_t len = strlen(name);
	const char *p;

	if (!len || len >= IFNAMSIZ || !strcmp(name, ".") || !strcmp(name, ".."))
		return false;
	for (p = name; *p; p++)
		if (*p == '/' || *p == ':' || is_blank(*p))
			return false;
	return true;
}

/*
 * Decimal only, no sign, no blanks: strtoull() would quietly accept " 5",
 * "+5" and wrap "-1" to ULLONG_MAX, none of which an admin means.
 * Returns -EINVAL for malformed input and -ERANGE outside [min, max].
 */
int uint_parse(const char *s, unsigned long long min, unsigned long long max,
	       unsigned long long *val)
{
	unsigned long long v = 0;
	unsigned int d;

	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		d = (unsigned int)(*s - '0');
		if (v > (ULLONG_MAX - d) / 10)
			return -ERANGE;
		v = v * 10 + d;
	}
	if (v < min || v > max)
		return -ERANGE;
	*val = v;
	return 0;
}

/* Only these two spellings, so batch files read the same everywhere. */
int onoff_parse(const char *s, bool *val)
{
	if (!strcmp(s, "on"))
		*val = true;
	else if (!strcmp(s, "off"))
		*val = false;
	else
		return -EINVAL;
	return 0;
}

/*
 * Split a batch-file line into words in place, with a small subset of shell
 * quoting: '...' is literal, "..." honours \" and \\ only, a backslash outside
 * quotes escapes the next character, and # starts a comment only at the start
 * of a word. Adjacent quoted and unquoted parts join into one word.
 *
 * The write pointer never passes the read pointer (every output byte, and
 * each terminating NUL, consumes at least one input byte), which is what makes
 * the in-place rewrite safe.
 *
 * Returns the number of words, or a negative errno with *why set.
 */
int line_tokenise(char *line, char **argv, int max, const char **why)
{
	char *r = line, *w = line;
	int argc = 0;
	char quote, c;

	for (;;) {
		while (is_blank(*r))
			r++;
		if (!*r || *r == '#')
			return argc;
		if (argc == max) {
			*why = "too many words";
			return -E2BIG;
		}
		argv[argc++] = w;

		while (*r && !is_blank(*r)) {
			if (*r == '\'' || *r == '"') {
				quote = *r++;
				while (*r && *r != quote) {
					if (quote == '"' && *r == '\\' &&
					    (r[1] == '"' || r[1] == '\\'))
						r++;
					*w++ = *r++;
				}
				if (!*r) {
					*why = "unterminated quote";
					return -EINVAL;
				}
				r++;
			} else if (*r == '\\') {
				if (!*++r) {
					*why = "backslash at end of line";
					return -EINVAL;
				}
				*w++ = *r++;
			} else {
				*w++ = *r++;
			}
		}
		c = *r;
		*w++ = '\0';
		if (!c)
			return argc;
		r++;
	}
}

/*
 * A keyword may be shortened to any prefix, but a prefix shared by two
 * keywords is refused instead of picking the first one: a saved batch file
 * must not change meaning when a command is added. An exact match always
 * wins. The names are read from an array of structs (or plain strings) at
 * the given stride.
 *
 * Returns the index, ABBREV_NONE or ABBREV_AMBIGUOUS.
 */
int abbrev_match(const char *word, const char *const *names, size_t count,
		 size_t stride)
{
	size_t i, len = strlen(word);
	int found = ABBREV_NONE;
	const char *name;

	if (!len)
		return ABBREV_NONE;
	for (i = 0; i < count; i++) {
		name = *(const char *const *)((const char *)names + i * stride);
		if (!strcmp(name, word))
			return (int)i;
		if (!strncmp(name, word, len))
			found = found == ABBREV_NONE ? (int)i : ABBREV_AMBIGUOUS;
	}
	return found;
}

/* The name of val in a table indexed by the enum, or NULL past its end. */
const char *enum_name(const char *const *names, size_t count, uint32_t val)
{
	return val < count ? names[val] : NULL;
}

/*
 * The exact names only, no abbreviations: batch files must read one way.
 * Sets *val to the index of s in names, or returns -EINVAL.
 */
int enum_parse(const char *s, const char *const *names, size_t count,
	       uint32_t *val)
{
	uint32_t i;

	for (i = 0; i < count; i++) {
		if (!strcmp(s, names[i])) {
			*val = i;
			return 0;
		}
	}
	return -EINVAL;
}

/* Writes the reason a parse failed into why and returns -EINVAL. */
int fail_why(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/*
 * Makes room for element n of an array of *cap elements of size bytes,
 * doubling it when full (first elements to begin with). Returns the array,
 * moved perhaps, with *cap updated; or NULL, the array and *cap untouched.
 */
void *array_grow(void *array, size_t n, size_t *cap, size_t first,
		 size_t size)
{
	size_t want;

	if (n < *cap)
		return array;
	want = *cap ? 2 * *cap : first;
	array = realloc(array, want * size);
	if (array)
		*cap = want;
	return array;
}
