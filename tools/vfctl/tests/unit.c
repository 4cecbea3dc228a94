// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for vfctl's parsers (util.c) and JSON writer (json.c).
 * Prints KTAP; exits 0 if every check passed, 1 otherwise.
 *
 * Results are collected first and printed at the end because the plan line
 * ("1..N") must come before the first result.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../json.h"
#include "../util.h"

#define MAX_CHECKS 512

static struct {
	bool ok;
	char desc[160];
	char *diag;	/* printed as "# " lines before a failed result */
} results[MAX_CHECKS];
static unsigned int n_results;

static void check(bool ok, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void check(bool ok, const char *fmt, ...)
{
	va_list ap;

	if (n_results == MAX_CHECKS) {
		fprintf(stderr, "unit: more than %d checks\n", MAX_CHECKS);
		exit(1);
	}
	results[n_results].ok = ok;
	va_start(ap, fmt);
	vsnprintf(results[n_results].desc, sizeof(results[0].desc), fmt, ap);
	va_end(ap);
	n_results++;
}

/* Attaches an explanation to the check just recorded. */
static void diag(const char *label, const char *text)
{
	char **d = &results[n_results - 1].diag;
	size_t old = *d ? strlen(*d) : 0;
	size_t len = strlen(text);
	size_t add = strlen(label) + len + 2;

	/* One newline at the end, whether or not the text brought its own. */
	if (len && text[len - 1] == '\n')
		len--;
	*d = realloc(*d, old + add + 1);
	if (!*d)
		exit(1);
	snprintf(*d + old, add + 1, "%s %.*s\n", label, (int)len, text);
}

/* Descriptions go on one KTAP line, so control characters are shown as '?'. */
static const char *printable(const char *s)
{
	static char buf[64];
	size_t i;

	for (i = 0; s[i] && i < sizeof(buf) - 1; i++)
		buf[i] = (unsigned char)s[i] < 0x20 ? '?' : s[i];
	buf[i] = '\0';
	return buf;
}

/* ---- PCI addresses ---- */

static void pci_ok(const char *in, const char *want)
{
	char buf[PCI_ADDR_STRLEN] = "";
	int err = pci_addr_normalise(in, buf, sizeof(buf));

	check(!err && !strcmp(buf, want), "pci address \"%s\" normalises to %s",
	      in, want);
}

static void pci_bad(const char *in, const char *why)
{
	struct pci_addr addr;

	check(pci_addr_parse(in, &addr) == -EINVAL,
	      "pci address \"%s\" rejected (%s)", in, why);
}

static void test_pci(void)
{
	struct pci_addr addr = { .domain = 0x1, .bus = 0x2, .dev = 0x3, .fn = 4 };
	char small[8];

	pci_ok("0000:00:03.0", "0000:00:03.0");
	pci_ok("00:03.0", "0000:00:03.0");
	pci_ok("0:3.7", "0000:00:03.7");
	pci_ok("0000:AF:1F.7", "0000:af:1f.7");
	pci_ok("10000:00:03.0", "10000:00:03.0");
	pci_ok("ffffffff:ff:1f.7", "ffffffff:ff:1f.7");

	pci_bad("", "empty");
	pci_bad("eth0", "no colon");
	pci_bad("00:03", "no function");
	pci_bad("00:03.", "empty function");
	pci_bad("00:20.0", "device above 0x1f");
	pci_bad("00:03.8", "function above 7");
	pci_bad("00:3g.0", "not hex");
	pci_bad("0000:000:03.0", "three-digit bus");
	pci_bad("100000000:00:03.0", "nine-digit domain");
	pci_bad("0000:00:03.0x", "trailing garbage");
	pci_bad("0000:00:03.00", "two-digit function");
	pci_bad(" 00:03.0", "leading blank");
	pci_bad("1:2:3:4.0", "too many colons");
	pci_bad(":00:03.0", "empty domain");
	pci_bad("00::03.0", "empty device");
	pci_bad("-1:00:03.0", "sign");

	check(pci_addr_format(&addr, small, sizeof(small)) == -ENAMETOOLONG,
	      "pci address format refuses a short buffer");
}

/* ---- MAC addresses ---- */

static void mac_ok(const char *in, const char *want, bool multicast)
{
	uint8_t mac[MAC_LEN];
	char buf[MAC_STRLEN] = "";
	int err = mac_parse(in, mac);

	if (!err)
		mac_format(mac, buf);
	check(!err && !strcmp(buf, want) && mac_is_multicast(mac) == multicast,
	      "mac \"%s\" parses to %s, %s", in, want,
	      multicast ? "multicast" : "unicast");
}

static void mac_bad(const char *in, const char *why)
{
	uint8_t mac[MAC_LEN] = { 1, 2, 3, 4, 5, 6 };
	static const uint8_t orig[MAC_LEN] = { 1, 2, 3, 4, 5, 6 };

	check(mac_parse(in, mac) == -EINVAL && !memcmp(mac, orig, sizeof(orig)),
	      "mac \"%s\" rejected, output untouched (%s)", in, why);
}

static void test_mac(void)
{
	mac_ok("02:00:00:00:00:01", "02:00:00:00:00:01", false);
	mac_ok("AA:bb:CC:dd:EE:fe", "aa:bb:cc:dd:ee:fe", false);
	mac_ok("00:00:00:00:00:00", "00:00:00:00:00:00", false);
	mac_ok("01:00:5e:00:00:01", "01:00:5e:00:00:01", true);
	mac_ok("33:33:00:00:00:01", "33:33:00:00:00:01", true);
	mac_ok("ff:ff:ff:ff:ff:ff", "ff:ff:ff:ff:ff:ff", true);

	mac_bad("", "empty");
	mac_bad("02:00:00:00:00", "five octets");
	mac_bad("02:00:00:00:00:01:02", "seven octets");
	mac_bad("2:0:0:0:0:1", "single digits");
	mac_bad("02-00-00-00-00-01", "dashes");
	mac_bad("0200.0000.0001", "dotted");
	mac_bad("02:00:00:00:00:0g", "not hex");
	mac_bad("02:00:00:00:00:001", "three-digit octet");
	mac_bad("02:00:00:00:00:01 ", "trailing blank");
	mac_bad("02:00:00:00:00:", "empty last octet");
}

/* ---- integers, on/off, interface names ---- */

static void uint_ok(const char *in, unsigned long long min,
		    unsigned long long max, unsigned long long want)
{
	unsigned long long v = 12345;
	int err = uint_parse(in, min, max, &v);

	check(!err && v == want, "uint \"%s\" in [%llu, %llu] is %llu", in, min,
	      max, want);
}

static void uint_bad(const char *in, unsigned long long min,
		     unsigned long long max, int want, const char *why)
{
	unsigned long long v = 12345;

	check(uint_parse(in, min, max, &v) == want && v == 12345,
	      "uint \"%s\" in [%llu, %llu] rejected with %s (%s)", in, min, max,
	      want == -ERANGE ? "ERANGE" : "EINVAL", why);
}

static void test_uint(void)
{
	uint_ok("0", 0, 10, 0);
	uint_ok("4095", 0, 4095, 4095);
	uint_ok("007", 0, 10, 7);
	uint_ok("18446744073709551615", 0, ULLONG_MAX, ULLONG_MAX);

	uint_bad("4096", 0, 4095, -ERANGE, "above max");
	uint_bad("5", 6, 10, -ERANGE, "below min");
	uint_bad("18446744073709551616", 0, ULLONG_MAX, -ERANGE, "overflow");
	uint_bad("99999999999999999999999", 0, ULLONG_MAX, -ERANGE, "overflow");
	uint_bad("", 0, 10, -EINVAL, "empty");
	uint_bad("-1", 0, 10, -EINVAL, "negative");
	uint_bad("+1", 0, 10, -EINVAL, "sign");
	uint_bad(" 1", 0, 10, -EINVAL, "leading blank");
	uint_bad("1 ", 0, 10, -EINVAL, "trailing blank");
	uint_bad("12abc", 0, 100, -EINVAL, "trailing garbage");
	uint_bad("0x10", 0, 100, -EINVAL, "hex");
	uint_bad("1.5", 0, 10, -EINVAL, "fraction");
}

static void test_onoff(void)
{
	static const char *const bad[] = { "", "ON", "On", "1", "0", "yes", "onn", "of" };
	bool v = false;
	size_t i;

	check(!onoff_parse("on", &v) && v, "\"on\" is true");
	check(!onoff_parse("off", &v) && !v, "\"off\" is false");
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		v = true;
		check(onoff_parse(bad[i], &v) == -EINVAL && v,
		      "on/off \"%s\" rejected", bad[i]);
	}
}

static void test_ifname(void)
{
	static const char *const good[] = { "eth0", "enp3s0f1", "a", "abcdefghijklmno" };
	static const char *const bad[] = {
		"", ".", "..", "abcdefghijklmnop", "a/b", "a:b", "a b", "a\tb",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(good); i++)
		check(ifname_valid(good[i]), "interface name \"%s\" accepted", good[i]);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		check(!ifname_valid(bad[i]), "interface name \"%s\" rejected",
		      printable(bad[i]));
}

/* ---- batch-line tokeniser ---- */

/* want: the expected words joined by '|', or NULL for an error. */
static void tok(const char *in, int max, int want_ret, const char *want,
		const char *desc)
{
	char line[256], joined[256] = "", *argv[16];
	const char *why = NULL;
	int i, ret;

	snprintf(line, sizeof(line), "%s", in);
	ret = line_tokenise(line, argv, max, &why);
	for (i = 0; i < ret; i++) {
		if (i)
			strcat(joined, "|");
		strcat(joined, argv[i]);
	}
	if (want_ret < 0)
		check(ret == want_ret && why, "tokenise %s: error", desc);
	else
		check(ret == want_ret && !strcmp(joined, want), "tokenise %s", desc);
}

static void test_tokenise(void)
{
	tok("pf show 00:03.0", 16, 3, "pf|show|00:03.0", "plain words");
	tok("  pf \t list  ", 16, 2, "pf|list", "extra blanks");
	tok("pf list\r\n", 16, 2, "pf|list", "CRLF line end");
	tok("", 16, 0, "", "empty line");
	tok("   \t ", 16, 0, "", "blank line");
	tok("# pf list", 16, 0, "", "comment line");
	tok("   # indented", 16, 0, "", "indented comment");
	tok("pf list # why", 16, 2, "pf|list", "trailing comment");
	tok("a#b", 16, 1, "a#b", "# inside a word is literal");
	tok("'a b' c", 16, 2, "a b|c", "single quotes keep blanks");
	tok("'a\\b'", 16, 1, "a\\b", "single quotes keep backslash");
	tok("\"a \\\"q\\\" b\"", 16, 1, "a \"q\" b", "escaped double quote");
	tok("\"a\\\\b\"", 16, 1, "a\\b", "escaped backslash in double quotes");
	tok("\"a\\nb\"", 16, 1, "a\\nb", "other backslash in double quotes");
	tok("a\\ b", 16, 1, "a b", "backslash escapes a blank");
	tok("x\"y z\"w", 16, 1, "xy zw", "quoted part joins its word");
	tok("'#' x", 16, 2, "#|x", "quoted # is not a comment");
	tok("\"\" x", 16, 2, "|x", "empty quotes give an empty word");
	tok("a b", 2, 2, "a|b", "exactly max words");
	tok("a b c", 2, -E2BIG, NULL, "more than max words");
	tok("'unterminated", 16, -EINVAL, NULL, "unterminated single quote");
	tok("pf \"show", 16, -EINVAL, NULL, "unterminated double quote");
	tok("trailing\\", 16, -EINVAL, NULL, "backslash at end");
}

/* ---- abbreviations ---- */

static void test_abbrev(void)
{
	static const char *const cmds[] = { "list", "show", "set", "stats", "help" };
	static const char *const exact[] = { "showall", "show" };
	static const struct {
		const char *name;
		int val;
	} table[] = { { "pf", 1 }, { "vf", 2 }, { "help", 3 } };
	const size_t stride = sizeof(cmds[0]);

	check(abbrev_match("list", cmds, ARRAY_SIZE(cmds), stride) == 0,
	      "abbrev: full word");
	check(abbrev_match("l", cmds, ARRAY_SIZE(cmds), stride) == 0,
	      "abbrev: unique one-letter prefix");
	check(abbrev_match("sh", cmds, ARRAY_SIZE(cmds), stride) == 1,
	      "abbrev: unique two-letter prefix");
	check(abbrev_match("st", cmds, ARRAY_SIZE(cmds), stride) == 3,
	      "abbrev: prefix of a later entry");
	check(abbrev_match("s", cmds, ARRAY_SIZE(cmds), stride) == ABBREV_AMBIGUOUS,
	      "abbrev: shared prefix is ambiguous");
	check(abbrev_match("se", cmds, ARRAY_SIZE(cmds), stride) == 2,
	      "abbrev: longer prefix resolves the ambiguity");
	check(abbrev_match("lists", cmds, ARRAY_SIZE(cmds), stride) == ABBREV_NONE,
	      "abbrev: longer than the keyword");
	check(abbrev_match("", cmds, ARRAY_SIZE(cmds), stride) == ABBREV_NONE,
	      "abbrev: empty word matches nothing");
	check(abbrev_match("L", cmds, ARRAY_SIZE(cmds), stride) == ABBREV_NONE,
	      "abbrev: case-sensitive");
	check(abbrev_match("x", cmds, ARRAY_SIZE(cmds), stride) == ABBREV_NONE,
	      "abbrev: unknown word");
	check(abbrev_match("show", exact, ARRAY_SIZE(exact), stride) == 1,
	      "abbrev: exact match beats a longer keyword listed first");
	check(abbrev_match("showa", exact, ARRAY_SIZE(exact), stride) == 0,
	      "abbrev: prefix of the longer keyword");
	check(ABBREV_MATCH_TABLE("v", table, ARRAY_SIZE(table)) == 1,
	      "abbrev: struct table via ABBREV_MATCH_TABLE");
	check(ABBREV_MATCH_TABLE("h", table, ARRAY_SIZE(table)) == 2,
	      "abbrev: last entry of a struct table");
}

/* ---- JSON writer ---- */

typedef void (*json_fn)(struct json_writer *w);

static void json_is(json_fn fn, bool pretty, const char *want, const char *desc)
{
	struct json_writer w;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int err;

	if (!f) {
		check(false, "json %s: open_memstream failed", desc);
		return;
	}
	json_init(&w, f, pretty);
	fn(&w);
	err = json_finish(&w);
	fclose(f);
	check(!err && !strcmp(buf, want), "json %s", desc);
	if (strcmp(buf, want)) {
		diag("got:", buf);
		diag("want:", want);
	}
	free(buf);
}

static void j_empty_object(struct json_writer *w)
{
	json_object_begin(w);
	json_object_end(w);
}

static void j_empty_array(struct json_writer *w)
{
	json_array_begin(w);
	json_array_end(w);
}

static void j_members(struct json_writer *w)
{
	json_object_begin(w);
	json_kv_uint(w, "a", 1);
	json_kv_string(w, "b", "x");
	json_kv_bool(w, "c", true);
	json_kv_bool(w, "d", false);
	json_kv_null(w, "e");
	json_key(w, "f");
	json_array_begin(w);
	json_array_end(w);
	json_object_end(w);
}

static void j_nested(struct json_writer *w)
{
	json_array_begin(w);
	json_object_begin(w);
	json_key(w, "n");
	json_array_begin(w);
	json_uint(w, 1);
	json_uint(w, 2);
	json_array_end(w);
	json_object_end(w);
	json_object_begin(w);
	json_object_end(w);
	json_array_end(w);
}

static void j_uint_max(struct json_writer *w)
{
	json_uint(w, ULLONG_MAX);
}

static void j_escapes(struct json_writer *w)
{
	json_string(w, "q\" b\\ n\n t\t r\r b\b f\f c\x01 d\x7f s/");
}

static void j_utf8(struct json_writer *w)
{
	json_string(w, "\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
}

static void j_bad_utf8(struct json_writer *w)
{
	json_array_begin(w);
	json_string(w, "a\xff" "b");		/* never valid */
	json_string(w, "\xc0\xaf");		/* overlong '/' */
	json_string(w, "\xed\xa0\x80");		/* UTF-16 surrogate */
	json_string(w, "\xf4\x90\x80\x80");	/* above U+10FFFF */
	json_string(w, "x\xc3");		/* truncated at the end */
	json_array_end(w);
}

static void j_key_escape(struct json_writer *w)
{
	json_object_begin(w);
	json_kv_string(w, "k\"", "");
	json_object_end(w);
}

static void test_json(void)
{
	json_is(j_empty_object, false, "{}\n", "empty object");
	json_is(j_empty_array, false, "[]\n", "empty array");
	json_is(j_members, false,
		"{\"a\":1,\"b\":\"x\",\"c\":true,\"d\":false,\"e\":null,\"f\":[]}\n",
		"object members, compact");
	json_is(j_nested, false, "[{\"n\":[1,2]},{}]\n", "nested containers, compact");
	json_is(j_uint_max, false, "18446744073709551615\n", "largest unsigned number");
	json_is(j_escapes, false,
		"\"q\\\" b\\\\ n\\n t\\t r\\r b\\b f\\f c\\u0001 d\\u007f s/\"\n",
		"string escapes and control characters");
	json_is(j_utf8, false, "\"\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"\n",
		"valid UTF-8 passes through");
	json_is(j_bad_utf8, false,
		"[\"a\\ufffdb\",\"\\ufffd\\ufffd\",\"\\ufffd\\ufffd\\ufffd\","
		"\"\\ufffd\\ufffd\\ufffd\\ufffd\",\"x\\ufffd\"]\n",
		"invalid UTF-8 becomes U+FFFD");
	json_is(j_key_escape, false, "{\"k\\\"\":\"\"}\n", "keys are escaped too");
	json_is(j_empty_object, true, "{}\n", "pretty empty object stays on one line");
	json_is(j_members, true,
		"{\n"
		"    \"a\": 1,\n"
		"    \"b\": \"x\",\n"
		"    \"c\": true,\n"
		"    \"d\": false,\n"
		"    \"e\": null,\n"
		"    \"f\": []\n"
		"}\n",
		"pretty object, 4-space indent");
	json_is(j_nested, true,
		"[\n"
		"    {\n"
		"        \"n\": [\n"
		"            1,\n"
		"            2\n"
		"        ]\n"
		"    },\n"
		"    {}\n"
		"]\n",
		"pretty nested containers");
}

static void print_diag(const char *text)
{
	size_t len;

	while (*text) {
		len = strcspn(text, "\n");
		printf("# %.*s\n", (int)len, text);
		text += len;
		if (*text)
			text++;
	}
}

int main(void)
{
	unsigned int i, failed = 0;

	test_pci();
	test_mac();
	test_uint();
	test_onoff();
	test_ifname();
	test_tokenise();
	test_abbrev();
	test_json();

	printf("KTAP version 1\n1..%u\n", n_results);
	for (i = 0; i < n_results; i++) {
		if (results[i].diag)
			print_diag(results[i].diag);
		printf("%sok %u - %s\n", results[i].ok ? "" : "not ", i + 1,
		       results[i].desc);
		failed += !results[i].ok;
		free(results[i].diag);
	}
	return failed ? 1 : 0;
}
