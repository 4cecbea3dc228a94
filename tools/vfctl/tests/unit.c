// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for vfctl's parsers (util.c, vfset.c, pfinfo.c), its JSON
 * writer (json.c), its PF and VF output formats (pfinfo.c, vfinfo.c), the
 * monitor's event lines (event.c), the files "save" writes (savefmt.c,
 * atomic.c), the lines "restore" runs (restoreline.c), config space
 * parsing (pcicfg.c), the verdicts and XML of "check" and
 * "hostdev-xml" (assign.c) and the /proc scan for a VF's VFIO holders
 * (holder.c, on a fake /proc and sysfs tree).
 * Prints KTAP; exits 0 if every check passed, 1 otherwise.
 *
 * Results are collected first and printed at the end because the plan line
 * ("1..N") must come before the first result.
 */
#define _GNU_SOURCE	/* nftw()'s FTW_DEPTH and FTW_PHYS */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "../answer.h"
#include "../assign.h"
#include "../atomic.h"
#include "../batch.h"
#include "../event.h"
#include "../genl.h"
#include "../family-gen.h"
#include "../holder.h"
#include "../json.h"
#include "../pcicfg.h"
#include "../pfinfo.h"
#include "../restoreline.h"
#include "../savefmt.h"
#include "../util.h"
/* For its exit codes; its "check" command would clash with check() here. */
#define check vfctl_check_command
#include "../vfctl.h"
#undef check
#include "../vfinfo.h"
#include "../vfset.h"
#include "../words.h"

#define MAX_CHECKS 1024

static struct {
	bool ok;
	char desc[160];
	char *diag;	/* printed as "# " lines before a failed result */
} results[MAX_CHECKS];
static unsigned int n_results;

static void check(bool ok, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void got_if_failed(const char *text);

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

static void test_array_grow(void)
{
	size_t cap = 0, i;
	int *a = NULL, *b;
	bool ok = true;

	for (i = 0; i < 20; i++) {
		b = array_grow(a, i, &cap, 4, sizeof(*a));
		if (!b) {
			ok = false;
			break;
		}
		a = b;
		a[i] = (int)i;
		ok = ok && cap > i && (i >= 4 || cap == 4);
	}
	check(ok && cap == 32 && a[19] == 19,
	      "array_grow: first room, then doubled when full");
	check(array_grow(a, 5, &cap, 4, sizeof(*a)) == a && cap == 32,
	      "array_grow: untouched while there is room");
	free(a);
}

/* After a check on got: shows both sides when they differ. */
static void diag_diff(const char *got, const char *want)
{
	if (strcmp(got, want)) {
		diag("got:", got);
		diag("want:", want);
	}
}

/* A stream into *buf; that it cannot be opened is a failed check. */
static FILE *capture_open(char **buf, size_t *len, const char *desc)
{
	FILE *f;

	*buf = NULL;
	*len = 0;
	f = open_memstream(buf, len);
	if (!f)
		check(false, "%s: open_memstream failed", desc);
	return f;
}

/* Closes f and checks that what was written to *buf is want. */
static void capture_is(FILE *f, char **buf, const char *want, const char *desc)
{
	fclose(f);
	check(!strcmp(*buf, want), "%s", desc);
	diag_diff(*buf, want);
	free(*buf);
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
	diag_diff(buf, want);
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

/* ---- vf set arguments ---- */

static bool vf_set_equal(const struct vf_set *a, const struct vf_set *b)
{
	return a->fields == b->fields && !memcmp(a->mac, b->mac, MAC_LEN) &&
	       a->vlan == b->vlan && a->qos == b->qos &&
	       a->spoofchk == b->spoofchk && a->trust == b->trust &&
	       a->link_state == b->link_state && a->max_tx_rate == b->max_tx_rate &&
	       a->max_frame == b->max_frame;
}

/* Splits line into words (a copy; line may be a literal) and parses them. */
static int set_parse_line(const char *line, struct vf_set *req, char *why,
			  size_t len)
{
	char copy[256], *argv[32];
	const char *tok_why;
	int argc;

	snprintf(copy, sizeof(copy), "%s", line);
	argc = line_tokenise(copy, argv, ARRAY_SIZE(argv), &tok_why);
	if (argc < 0)
		return -E2BIG;
	return vf_set_parse(argc, argv, req, why, len);
}

static void set_ok(const char *line, const struct vf_set *want)
{
	char why[VF_SET_WHY_LEN] = "";
	struct vf_set got;
	int err;

	memset(&got, 0xa5, sizeof(got));
	err = set_parse_line(line, &got, why, sizeof(why));
	check(!err && vf_set_equal(&got, want), "vf set \"%s\" accepted", line);
	if (err)
		diag("why:", why);
}

/* want: a part of the message, which must name the offending word. */
static void set_bad(const char *line, const char *want)
{
	char why[VF_SET_WHY_LEN] = "";
	struct vf_set got, orig;
	int err;

	memset(&got, 0xa5, sizeof(got));
	orig = got;
	err = set_parse_line(line, &got, why, sizeof(why));
	check(err == -EINVAL && strstr(why, want) && !memcmp(&got, &orig, sizeof(got)),
	      "vf set \"%s\" refused: %s", line, want);
	if (!strstr(why, want))
		diag("why:", why);
}

static void test_vf_set(void)
{
	static const uint8_t mac1[MAC_LEN] = { 0x02, 0, 0, 0, 0x03, 0x10 };
	struct vf_set want, dflt;

	memset(&want, 0, sizeof(want));
	want.fields = VF_SET_MAC;
	memcpy(want.mac, mac1, MAC_LEN);
	set_ok("mac 02:00:00:00:03:10", &want);
	set_ok("mac 02:00:00:00:03:10 ", &want);

	memset(&want, 0, sizeof(want));
	want.fields = VF_SET_MAC;
	set_ok("mac 00:00:00:00:00:00", &want);

	memset(&want, 0, sizeof(want));
	want.fields = VF_SET_VLAN | VF_SET_QOS;
	want.vlan = 100;
	set_ok("vlan 100", &want);
	want.qos = 7;
	set_ok("vlan 100 qos 7", &want);
	want.vlan = 4095;
	want.qos = 0;
	set_ok("vlan 4095 qos 0", &want);
	want.vlan = 0;
	set_ok("vlan 0", &want);
	set_ok("vlan 0 qos 0", &want);

	memset(&want, 0, sizeof(want));
	want.fields = VF_SET_SPOOFCHK | VF_SET_TRUST;
	want.spoofchk = true;
	set_ok("spoofchk on trust off", &want);
	want.spoofchk = false;
	want.trust = true;
	set_ok("trust on spoofchk off", &want);

	memset(&want, 0, sizeof(want));
	want.fields = VF_SET_LINK_STATE;
	want.link_state = VFMGR_LINK_STATE_AUTO;
	set_ok("state auto", &want);
	want.link_state = VFMGR_LINK_STATE_ENABLE;
	set_ok("state enable", &want);
	want.link_state = VFMGR_LINK_STATE_DISABLE;
	set_ok("state disable", &want);

	memset(&want, 0, sizeof(want));
	want.fields = VF_SET_MAX_TX_RATE | VF_SET_MAX_FRAME;
	set_ok("max_tx_rate 0 max_frame 0", &want);
	want.max_tx_rate = 100000;
	want.max_frame = 65535;
	set_ok("max_frame 65535 max_tx_rate 100000", &want);

	memset(&want, 0, sizeof(want));
	want.fields = VF_SET_MAC | VF_SET_VLAN | VF_SET_QOS | VF_SET_SPOOFCHK |
		      VF_SET_TRUST | VF_SET_LINK_STATE | VF_SET_MAX_TX_RATE |
		      VF_SET_MAX_FRAME;
	memcpy(want.mac, mac1, MAC_LEN);
	want.vlan = 300;
	want.qos = 2;
	want.trust = true;
	want.link_state = VFMGR_LINK_STATE_DISABLE;
	want.max_tx_rate = 200;
	want.max_frame = 1200;
	set_ok("max_frame 1200 vlan 300 qos 2 mac 02:00:00:00:03:10 spoofchk off "
	       "trust on state disable max_tx_rate 200", &want);

	/* Every setting at its default, as "save" writes it. */
	memset(&dflt, 0, sizeof(dflt));
	dflt.fields = VF_SET_MAC | VF_SET_VLAN | VF_SET_QOS | VF_SET_SPOOFCHK |
		      VF_SET_TRUST | VF_SET_LINK_STATE | VF_SET_MAX_TX_RATE |
		      VF_SET_MAX_FRAME;
	dflt.spoofchk = true;
	dflt.link_state = VFMGR_LINK_STATE_AUTO;
	set_ok("mac 00:00:00:00:00:00 vlan 0 qos 0 spoofchk on trust off state auto "
	       "max_tx_rate 0 max_frame 0", &dflt);

	set_bad("", "nothing to set");
	set_bad("frob 1", "unknown setting \"frob\"");
	set_bad("mac 02:00:00:00:00:01 frob 1", "unknown setting \"frob\"");
	set_bad("MAC 02:00:00:00:00:01", "unknown setting \"MAC\"");
	set_bad("ma 02:00:00:00:00:01", "unknown setting \"ma\"");
	set_bad("max 5", "unknown setting \"max\"");
	set_bad("vf 0 mac 02:00:00:00:00:01", "unknown setting \"vf\"");
	set_bad("mac", "missing value for \"mac\"");
	set_bad("trust on vlan", "missing value for \"vlan\"");
	set_bad("vlan 5 qos", "missing value for \"qos\"");
	set_bad("max_frame", "missing value for \"max_frame\"");
	set_bad("mac 02:00:00:00:00:01 mac 02:00:00:00:00:02", "\"mac\" given twice");
	set_bad("trust on spoofchk on trust off", "\"trust\" given twice");
	set_bad("vlan 1 vlan 2", "\"vlan\" given twice");
	set_bad("vlan 1 qos 2 qos 3", "\"qos\" given twice");
	set_bad("state auto state auto", "\"state\" given twice");
	set_bad("max_tx_rate 1 max_tx_rate 1", "\"max_tx_rate\" given twice");
	set_bad("max_frame 0 max_frame 0", "\"max_frame\" given twice");
	set_bad("mac 02:00:00:00:00", "invalid MAC \"02:00:00:00:00\"");
	set_bad("mac 2:0:0:0:0:1", "invalid MAC \"2:0:0:0:0:1\"");
	set_bad("mac 02-00-00-00-00-01", "invalid MAC \"02-00-00-00-00-01\"");
	set_bad("mac zz:00:00:00:00:01", "invalid MAC \"zz:00:00:00:00:01\"");
	set_bad("mac 01:00:5e:00:00:01", "MAC \"01:00:5e:00:00:01\" is multicast");
	set_bad("mac ff:ff:ff:ff:ff:ff", "MAC \"ff:ff:ff:ff:ff:ff\" is multicast");
	set_bad("vlan 4096", "invalid VLAN ID \"4096\"");
	set_bad("vlan -1", "invalid VLAN ID \"-1\"");
	set_bad("vlan 0x10", "invalid VLAN ID \"0x10\"");
	set_bad("vlan ''", "invalid VLAN ID \"\"");
	set_bad("vlan 99999999999999999999", "invalid VLAN ID \"99999999999999999999\"");
	set_bad("vlan 1 qos 8", "invalid qos \"8\"");
	set_bad("vlan 1 qos x", "invalid qos \"x\"");
	set_bad("qos 1", "\"qos\" must directly follow \"vlan VID\"");
	set_bad("qos 1 vlan 1", "\"qos\" must directly follow \"vlan VID\"");
	set_bad("vlan 1 trust on qos 1", "\"qos\" must directly follow \"vlan VID\"");
	set_bad("vlan 0 qos 3", "qos 3 needs a VLAN ID other than 0");
	set_bad("spoofchk yes", "invalid spoofchk \"yes\"");
	set_bad("spoofchk 1", "invalid spoofchk \"1\"");
	set_bad("trust ON", "invalid trust \"ON\"");
	set_bad("state up", "invalid state \"up\"");
	set_bad("state 1", "invalid state \"1\"");
	set_bad("state Auto", "invalid state \"Auto\"");
	set_bad("max_tx_rate 100001", "invalid max_tx_rate \"100001\"");
	set_bad("max_tx_rate 1.5", "invalid max_tx_rate \"1.5\"");
	set_bad("max_frame 65536", "invalid max_frame \"65536\"");
	set_bad("max_frame -1", "invalid max_frame \"-1\"");
	set_bad("trust on spoofchk maybe", "invalid spoofchk \"maybe\"");
}

static void vf_id_ok(const char *in, uint32_t want)
{
	uint32_t id = 12345;

	check(!vf_id_parse(in, &id) && id == want, "VF \"%s\" is %u", in, want);
}

static void vf_id_bad(const char *in)
{
	uint32_t id = 12345;

	check(vf_id_parse(in, &id) && id == 12345, "VF \"%s\" refused", in);
}

static void test_vf_id(void)
{
	uint32_t st = 99;

	vf_id_ok("0", 0);
	vf_id_ok("7", 7);
	vf_id_ok("255", 255);
	vf_id_bad("256");
	vf_id_bad("-1");
	vf_id_bad("");
	vf_id_bad("vf0");
	vf_id_bad("1 ");
	vf_id_bad("0x1");

	check(!strcmp(link_state_name(VFMGR_LINK_STATE_AUTO), "auto") &&
	      !strcmp(link_state_name(VFMGR_LINK_STATE_ENABLE), "enable") &&
	      !strcmp(link_state_name(VFMGR_LINK_STATE_DISABLE), "disable") &&
	      !link_state_name(3), "link state names, none for an unknown state");
	check(!link_state_parse("disable", &st) && st == VFMGR_LINK_STATE_DISABLE &&
	      link_state_parse("off", &st) == -EINVAL && st == VFMGR_LINK_STATE_DISABLE,
	      "link state parse");
}

/* ---- VF output formats ---- */

static void vf_sample(struct vf_info *vf)
{
	static const uint8_t mac[MAC_LEN] = { 0x02, 0, 0, 0, 0, 0x10 };
	static const uint8_t cur[MAC_LEN] = { 0x52, 0x54, 0, 0xab, 0xcd, 0xef };

	memset(vf, 0, sizeof(*vf));
	/* every attribute but busy */
	vf->have = 0xffffffffu | VF_HAVE(VFMGR_A_VF_QUARANTINED) |
		   VF_HAVE(VFMGR_A_VF_QUARANTINES) | VF_HAVE(VFMGR_A_VF_MBX_IGNORED) |
		   VF_HAVE(VFMGR_A_VF_VLANS) | VF_HAVE(VFMGR_A_VF_MAC_FILTERS);
	snprintf(vf->pf_pci, sizeof(vf->pf_pci), "0000:01:00.0");
	vf->id = 3;
	snprintf(vf->pci, sizeof(vf->pci), "0000:01:10.6");
	memcpy(vf->mac, mac, MAC_LEN);
	memcpy(vf->cur_mac, cur, MAC_LEN);
	vf->vlan = 100;
	vf->qos = 5;
	vf->spoofchk = true;
	vf->link_state = VFMGR_LINK_STATE_DISABLE;
	vf->max_tx_rate = 200;
	vf->max_frame = 1518;
	vf->cts = true;
	snprintf(vf->driver, sizeof(vf->driver), "igbvf");
	vf->mbx_requests = 12;
	vf->mbx_accepted = 11;
	vf->mbx_refused = 1;
	vf->resets = 2;
	vf->rx_packets = 1000;
	vf->tx_packets = 2000;
	vf->rx_bytes = 64000;
	vf->tx_bytes = 128000;
	vf->multicast = 18446744073709551615ULL;
	vf->iommu_group = 12;
	vf->vf_driver = VFMGR_VF_DRIVER_VFIO_PCI;
	vf->iommu_viable = false;
	snprintf(vf->iommu_blocker, sizeof(vf->iommu_blocker), "0000:01:00.1 (igb)");
	vf->in_use = false;
	vf->quarantined = false;
	vf->quarantines = 1;
	vf->mbx_ignored = 40;
	vf->vlans = 2;
	vf->mac_filters = 1;
}

/* The same VF as a kernel sends it without a VF device or a driver. */
static void vf_sample_bare(struct vf_info *vf)
{
	vf_sample(vf);
	vf->have &= ~(VF_HAVE(VFMGR_A_VF_PCI) | VF_HAVE(VFMGR_A_VF_DRIVER) |
		      VF_HAVE(VFMGR_A_VF_IOMMU_GROUP) | VF_HAVE(VFMGR_A_VF_VF_DRIVER) |
		      VF_HAVE(VFMGR_A_VF_IOMMU_VIABLE) |
		      VF_HAVE(VFMGR_A_VF_IOMMU_BLOCKER));
	vf->pci[0] = '\0';
	vf->driver[0] = '\0';
	vf->cts = false;
	vf->trust = true;
	vf->link_state = VFMGR_LINK_STATE_AUTO;
}

typedef void (*out_fn)(FILE *f, const struct vf_info *vf);

static void output_is(out_fn fn, const struct vf_info *vf, const char *want,
		      const char *desc)
{
	char *buf;
	size_t len;
	FILE *f = capture_open(&buf, &len, desc);

	if (!f)
		return;
	fn(f, vf);
	capture_is(f, &buf, want, desc);
}

static void json_one(FILE *f, const struct vf_info *vf)
{
	struct json_writer w;

	json_init(&w, f, false);
	vf_info_json(&w, vf);
	json_finish(&w);
}

/* vf_info_json() of vf, in a buffer that lasts until the next call. */
static const char *json_text(const struct vf_info *vf)
{
	static char *buf;
	size_t len = 0;
	FILE *f;

	free(buf);
	buf = NULL;
	f = open_memstream(&buf, &len);
	if (!f)
		return "";
	json_one(f, vf);
	fclose(f);
	return buf;
}

static void list_header(FILE *f, const struct vf_info *vf __attribute__((unused)))
{
	vf_info_list_header(f);
}

static void test_vf_info(void)
{
	struct vf_info vf, v[4];

	vf_sample(&vf);
	output_is(vf_info_text, &vf,
		  "vf 3 pci 0000:01:10.6 driver igbvf iommu_group 12\n"
		  "  mac 02:00:00:00:00:10 (in use 52:54:00:ab:cd:ef) vlan 100 qos 5"
		  " spoofchk on trust off state disable max_tx_rate 200 max_frame 1518\n"
		  "  handshake done\n"
		  "  mailbox: requests 12 accepted 11 refused 1 resets 2 ignored 40 quarantines 1\n"
		  "  granted: vlans 2 mac_filters 1\n"
		  "  rx: packets 1000 bytes 64000 multicast 18446744073709551615"
		  "  tx: packets 2000 bytes 128000\n"
		  "  bind vfio-pci in_use no iommu_viable no blocker 0000:01:00.1 (igb)\n",
		  "vf show text");
	output_is(json_one, &vf,
		  "{\"pf_pci\":\"0000:01:00.0\",\"id\":3,\"pci\":\"0000:01:10.6\","
		  "\"mac\":\"02:00:00:00:00:10\",\"cur_mac\":\"52:54:00:ab:cd:ef\","
		  "\"vlan\":100,\"qos\":5,\"spoofchk\":true,\"trust\":false,"
		  "\"link_state\":\"disable\",\"max_tx_rate\":200,\"max_frame\":1518,"
		  "\"cts\":true,\"driver\":\"igbvf\",\"mbx_requests\":12,"
		  "\"mbx_accepted\":11,\"mbx_refused\":1,\"resets\":2,"
		  "\"rx_packets\":1000,\"tx_packets\":2000,\"rx_bytes\":64000,"
		  "\"tx_bytes\":128000,\"multicast\":18446744073709551615,"
		  "\"iommu_group\":12,\"vf_driver\":\"vfio-pci\",\"iommu_viable\":false,"
		  "\"iommu_blocker\":\"0000:01:00.1 (igb)\",\"in_use\":false,\"busy\":false,"
		  "\"quarantined\":false,\"quarantines\":1,\"mbx_ignored\":40,\"vlans\":2,"
		  "\"mac_filters\":1}\n",
		  "vf JSON: every key, in the spec's order");
	output_is(list_header, &vf,
		  "PF            VF   PCI           DRIVER      MAC                VLAN  STATE    TRUST  IOMMU  VIABLE  IN_USE  BIND\n",
		  "vf list header");
	output_is(vf_info_list_line, &vf,
		  "0000:01:00.0  3    0000:01:10.6  igbvf       52:54:00:ab:cd:ef  100   disable  off    12     no      no      vfio-pci\n",
		  "vf list line shows the MAC in use and the IOMMU group");

	vf_sample_bare(&vf);
	output_is(vf_info_text, &vf,
		  "vf 3 pci - driver -\n"
		  "  mac 02:00:00:00:00:10 (in use 52:54:00:ab:cd:ef) vlan 100 qos 5"
		  " spoofchk on trust on state auto max_tx_rate 200 max_frame 1518\n"
		  "  handshake not done\n"
		  "  mailbox: requests 12 accepted 11 refused 1 resets 2 ignored 40 quarantines 1\n"
		  "  granted: vlans 2 mac_filters 1\n"
		  "  rx: packets 1000 bytes 64000 multicast 18446744073709551615"
		  "  tx: packets 2000 bytes 128000\n"
		  "  bind - in_use no iommu_viable -\n",
		  "vf show text without a VF device or driver");
	output_is(vf_info_list_line, &vf,
		  "0000:01:00.0  3    -             -           52:54:00:ab:cd:ef  100   auto     on     -      -       no      -\n",
		  "vf list line without a VF device or driver");
	output_is(json_one, &vf,
		  "{\"pf_pci\":\"0000:01:00.0\",\"id\":3,\"pci\":null,"
		  "\"mac\":\"02:00:00:00:00:10\",\"cur_mac\":\"52:54:00:ab:cd:ef\","
		  "\"vlan\":100,\"qos\":5,\"spoofchk\":true,\"trust\":true,"
		  "\"link_state\":\"auto\",\"max_tx_rate\":200,\"max_frame\":1518,"
		  "\"cts\":false,\"driver\":null,\"mbx_requests\":12,"
		  "\"mbx_accepted\":11,\"mbx_refused\":1,\"resets\":2,"
		  "\"rx_packets\":1000,\"tx_packets\":2000,\"rx_bytes\":64000,"
		  "\"tx_bytes\":128000,\"multicast\":18446744073709551615,"
		  "\"iommu_group\":null,\"vf_driver\":null,\"iommu_viable\":null,"
		  "\"iommu_blocker\":null,\"in_use\":false,\"busy\":false,"
		  "\"quarantined\":false,\"quarantines\":1,\"mbx_ignored\":40,\"vlans\":2,"
		  "\"mac_filters\":1}\n",
		  "vf JSON without a VF device or driver: null");

	/* What a kernel that did not send an attribute gets. */
	vf_sample(&vf);
	vf.have = VF_HAVE(VFMGR_A_VF_PF_PCI) | VF_HAVE(VFMGR_A_VF_ID);
	output_is(vf_info_text, &vf,
		  "vf 3 pci - driver -\n"
		  "  mac - (in use -) vlan - qos - spoofchk - trust - state - max_tx_rate - max_frame -\n"
		  "  handshake -\n"
		  "  mailbox: requests - accepted - refused - resets - ignored - quarantines -\n"
		  "  granted: vlans - mac_filters -\n"
		  "  rx: packets - bytes - multicast -  tx: packets - bytes -\n",
		  "vf show text: an attribute not sent is \"-\"");
	output_is(json_one, &vf,
		  "{\"pf_pci\":\"0000:01:00.0\",\"id\":3,\"pci\":null,\"mac\":null,"
		  "\"cur_mac\":null,\"vlan\":null,\"qos\":null,\"spoofchk\":null,"
		  "\"trust\":null,\"link_state\":null,\"max_tx_rate\":null,"
		  "\"max_frame\":null,\"cts\":null,\"driver\":null,\"mbx_requests\":null,"
		  "\"mbx_accepted\":null,\"mbx_refused\":null,\"resets\":null,"
		  "\"rx_packets\":null,\"tx_packets\":null,\"rx_bytes\":null,"
		  "\"tx_bytes\":null,\"multicast\":null,\"iommu_group\":null,"
		  "\"vf_driver\":null,\"iommu_viable\":null,\"iommu_blocker\":null,"
		  "\"in_use\":null,\"busy\":false,\"quarantined\":null,\"quarantines\":null,"
		  "\"mbx_ignored\":null,\"vlans\":null,\"mac_filters\":null}\n",
		  "vf JSON: an attribute not sent is null, the key stays");

	vf_sample(&vf);
	vf.link_state = 7;
	output_is(vf_info_list_line, &vf,
		  "0000:01:00.0  3    0000:01:10.6  igbvf       52:54:00:ab:cd:ef  100   7        off    12     no      no      vfio-pci\n",
		  "vf list: an unknown link state as its number");

	/* vf-bind's attributes: viable, in use, a remembered driver or none. */
	vf_sample(&vf);
	vf.iommu_viable = true;
	vf.in_use = true;
	vf.have &= ~(VF_HAVE(VFMGR_A_VF_IOMMU_BLOCKER) | VF_HAVE(VFMGR_A_VF_VF_DRIVER));
	output_is(vf_info_text, &vf,
		  "vf 3 pci 0000:01:10.6 driver igbvf iommu_group 12\n"
		  "  mac 02:00:00:00:00:10 (in use 52:54:00:ab:cd:ef) vlan 100 qos 5"
		  " spoofchk on trust off state disable max_tx_rate 200 max_frame 1518\n"
		  "  handshake done\n"
		  "  mailbox: requests 12 accepted 11 refused 1 resets 2 ignored 40 quarantines 1\n"
		  "  granted: vlans 2 mac_filters 1\n"
		  "  rx: packets 1000 bytes 64000 multicast 18446744073709551615"
		  "  tx: packets 2000 bytes 128000\n"
		  "  bind - in_use yes iommu_viable yes\n",
		  "vf show text: viable, in use, no vf-bind choice");
	output_is(vf_info_list_line, &vf,
		  "0000:01:00.0  3    0000:01:10.6  igbvf       52:54:00:ab:cd:ef  100   disable  off    12     yes     yes     -\n",
		  "vf list line: viable, in use, no vf-bind choice");
	vf.have |= VF_HAVE(VFMGR_A_VF_VF_DRIVER);
	vf.vf_driver = VFMGR_VF_DRIVER_NONE;
	output_is(json_one, &vf,
		  "{\"pf_pci\":\"0000:01:00.0\",\"id\":3,\"pci\":\"0000:01:10.6\","
		  "\"mac\":\"02:00:00:00:00:10\",\"cur_mac\":\"52:54:00:ab:cd:ef\","
		  "\"vlan\":100,\"qos\":5,\"spoofchk\":true,\"trust\":false,"
		  "\"link_state\":\"disable\",\"max_tx_rate\":200,\"max_frame\":1518,"
		  "\"cts\":true,\"driver\":\"igbvf\",\"mbx_requests\":12,"
		  "\"mbx_accepted\":11,\"mbx_refused\":1,\"resets\":2,"
		  "\"rx_packets\":1000,\"tx_packets\":2000,\"rx_bytes\":64000,"
		  "\"tx_bytes\":128000,\"multicast\":18446744073709551615,"
		  "\"iommu_group\":12,\"vf_driver\":\"none\",\"iommu_viable\":true,"
		  "\"iommu_blocker\":null,\"in_use\":true,\"busy\":false,"
		  "\"quarantined\":false,\"quarantines\":1,\"mbx_ignored\":40,\"vlans\":2,"
		  "\"mac_filters\":1}\n",
		  "vf JSON: viable, in use, vf-bind chose none");
	vf.vf_driver = 9;
	output_is(vf_info_list_line, &vf,
		  "0000:01:00.0  3    0000:01:10.6  igbvf       52:54:00:ab:cd:ef  100   disable  off    12     yes     yes     9\n",
		  "vf list: a VF driver newer than vfctl as its number");
	check(strstr(json_text(&vf), "\"vf_driver\":\"9\"") != NULL,
	      "vf JSON: a VF driver newer than vfctl as its number, a string");
	/* Only the line's own attributes: a module with vf-bind, no IOMMU. */
	vf_sample(&vf);
	vf.have = VF_HAVE(VFMGR_A_VF_PF_PCI) | VF_HAVE(VFMGR_A_VF_ID) |
		  VF_HAVE(VFMGR_A_VF_IN_USE);
	output_is(vf_info_text, &vf,
		  "vf 3 pci - driver -\n"
		  "  mac - (in use -) vlan - qos - spoofchk - trust - state - max_tx_rate - max_frame -\n"
		  "  handshake -\n"
		  "  mailbox: requests - accepted - refused - resets - ignored - quarantines -\n"
		  "  granted: vlans - mac_filters -\n"
		  "  rx: packets - bytes - multicast -  tx: packets - bytes -\n"
		  "  bind - in_use no iommu_viable -\n",
		  "vf show text: the bind line with in_use alone");

	/* Busy: its driver is being unbound; driver and in_use are not sent. */
	vf_sample(&vf);
	vf.have &= ~(VF_HAVE(VFMGR_A_VF_DRIVER) | VF_HAVE(VFMGR_A_VF_IN_USE));
	vf.have |= VF_HAVE(VFMGR_A_VF_BUSY);
	vf.busy = true;
	output_is(vf_info_text, &vf,
		  "vf 3 pci 0000:01:10.6 driver - iommu_group 12\n"
		  "  busy (its driver is being unbound)\n"
		  "  mac 02:00:00:00:00:10 (in use 52:54:00:ab:cd:ef) vlan 100 qos 5"
		  " spoofchk on trust off state disable max_tx_rate 200 max_frame 1518\n"
		  "  handshake done\n"
		  "  mailbox: requests 12 accepted 11 refused 1 resets 2 ignored 40 quarantines 1\n"
		  "  granted: vlans 2 mac_filters 1\n"
		  "  rx: packets 1000 bytes 64000 multicast 18446744073709551615"
		  "  tx: packets 2000 bytes 128000\n"
		  "  bind vfio-pci in_use - iommu_viable no blocker 0000:01:00.1 (igb)\n",
		  "vf show text: a busy VF says so, driver and in_use unknown");
	output_is(vf_info_list_line, &vf,
		  "0000:01:00.0  3    0000:01:10.6  busy        52:54:00:ab:cd:ef  100   disable  off    12     no      -       vfio-pci\n",
		  "vf list line: a busy VF's driver is \"busy\"");
	check(strstr(json_text(&vf), "\"driver\":null,") &&
	      strstr(json_text(&vf), "\"in_use\":null,\"busy\":true,"),
	      "vf JSON: a busy VF is \"busy\":true, driver and in_use null");
	got_if_failed(json_text(&vf));
	vf.busy = false;
	check(strstr(json_text(&vf), "\"busy\":false,") != NULL,
	      "vf JSON: busy sent as 0 is false");
	output_is(vf_info_list_line, &vf,
		  "0000:01:00.0  3    0000:01:10.6  -           52:54:00:ab:cd:ef  100   disable  off    12     no      -       vfio-pci\n",
		  "vf list line: busy 0 is not busy");

	/* Quarantined: a line of its own, like busy; the counters say how often. */
	vf_sample(&vf);
	vf.quarantined = true;
	vf.quarantines = 3;
	vf.mbx_ignored = 18446744073709551615ULL;
	vf.vlans = 32;
	vf.mac_filters = 3;
	output_is(vf_info_text, &vf,
		  "vf 3 pci 0000:01:10.6 driver igbvf iommu_group 12\n"
		  "  quarantined (its mailbox is not served until vf reset)\n"
		  "  mac 02:00:00:00:00:10 (in use 52:54:00:ab:cd:ef) vlan 100 qos 5"
		  " spoofchk on trust off state disable max_tx_rate 200 max_frame 1518\n"
		  "  handshake done\n"
		  "  mailbox: requests 12 accepted 11 refused 1 resets 2"
		  " ignored 18446744073709551615 quarantines 3\n"
		  "  granted: vlans 32 mac_filters 3\n"
		  "  rx: packets 1000 bytes 64000 multicast 18446744073709551615"
		  "  tx: packets 2000 bytes 128000\n"
		  "  bind vfio-pci in_use no iommu_viable no blocker 0000:01:00.1 (igb)\n",
		  "vf show text: a quarantined VF says so, with its counters");
	check(strstr(json_text(&vf), "\"busy\":false,\"quarantined\":true,\"quarantines\":3,"
			 "\"mbx_ignored\":18446744073709551615,\"vlans\":32,"
			 "\"mac_filters\":3}") != NULL,
	      "vf JSON: quarantined true, its counters, in the spec's order");
	got_if_failed(json_text(&vf));
	output_is(vf_info_list_line, &vf,
		  "0000:01:00.0  3    0000:01:10.6  igbvf       52:54:00:ab:cd:ef  100   disable  off    12     no      no      vfio-pci\n",
		  "vf list line: no column for quarantine, the columns stay");
	vf.busy = true;
	vf.have |= VF_HAVE(VFMGR_A_VF_BUSY);
	vf.have &= ~(VF_HAVE(VFMGR_A_VF_DRIVER) | VF_HAVE(VFMGR_A_VF_IN_USE));
	check(strstr(json_text(&vf), "\"busy\":true,\"quarantined\":true,") != NULL,
	      "vf JSON: busy and quarantined at once");
	{
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);

		if (!f)
			exit(1);
		vf_info_text(f, &vf);
		fclose(f);
		check(strstr(buf, "\n  busy (its driver is being unbound)\n"
			      "  quarantined (its mailbox is not served until vf reset)\n  mac ") != NULL,
		      "vf show text: busy, then quarantined, then the settings");
		got_if_failed(buf);
		free(buf);
	}
	/* quarantined sent as 0, or not at all by an older module: no line. */
	vf_sample(&vf);
	vf.have &= ~(VF_HAVE(VFMGR_A_VF_QUARANTINED) | VF_HAVE(VFMGR_A_VF_QUARANTINES) |
		     VF_HAVE(VFMGR_A_VF_MBX_IGNORED) | VF_HAVE(VFMGR_A_VF_VLANS) |
		     VF_HAVE(VFMGR_A_VF_MAC_FILTERS));
	vf.quarantined = true;
	output_is(vf_info_text, &vf,
		  "vf 3 pci 0000:01:10.6 driver igbvf iommu_group 12\n"
		  "  mac 02:00:00:00:00:10 (in use 52:54:00:ab:cd:ef) vlan 100 qos 5"
		  " spoofchk on trust off state disable max_tx_rate 200 max_frame 1518\n"
		  "  handshake done\n"
		  "  mailbox: requests 12 accepted 11 refused 1 resets 2 ignored - quarantines -\n"
		  "  granted: vlans - mac_filters -\n"
		  "  rx: packets 1000 bytes 64000 multicast 18446744073709551615"
		  "  tx: packets 2000 bytes 128000\n"
		  "  bind vfio-pci in_use no iommu_viable no blocker 0000:01:00.1 (igb)\n",
		  "vf show text: a module without quarantine, dashes and no line");
	check(strstr(json_text(&vf), "\"busy\":false,\"quarantined\":null,\"quarantines\":null,"
			 "\"mbx_ignored\":null,\"vlans\":null,\"mac_filters\":null}") != NULL,
	      "vf JSON: a module without quarantine, null");

	vf_sample(&v[0]);
	vf_sample(&v[1]);
	vf_sample(&v[2]);
	vf_sample(&v[3]);
	snprintf(v[0].pf_pci, sizeof(v[0].pf_pci), "10000:00:01.0");
	v[1].id = 10;
	v[2].id = 2;
	snprintf(v[3].pf_pci, sizeof(v[3].pf_pci), "0000:00:02.1");
	qsort(v, 4, sizeof(v[0]), vf_info_cmp);
	check(!strcmp(v[0].pf_pci, "0000:00:02.1") && v[1].id == 2 &&
	      v[2].id == 10 && !strcmp(v[3].pf_pci, "10000:00:01.0"),
	      "vf list order: PF address by value, then VF number");
}

/* ---- PCI address order ---- */

static void test_pci_cmp(void)
{
	check(pci_addr_cmp("0000:00:02.1", "0000:00:10.0") < 0 &&
	      pci_addr_cmp("0000:00:10.0", "0000:00:02.1") > 0,
	      "pci order: device number by value");
	check(pci_addr_cmp("0000:ff:00.0", "10000:00:00.0") < 0,
	      "pci order: domain by value, not as text");
	check(pci_addr_cmp("0000:01:00.1", "0000:01:00.1") == 0 &&
	      pci_addr_cmp("0000:01:00.0", "0000:01:00.1") < 0,
	      "pci order: equal, and function last");
	check(pci_addr_cmp("x", "y") < 0 && pci_addr_cmp("y", "x") > 0,
	      "pci order: what does not parse compares as text");
}

/* ---- pf set arguments ---- */

static int pf_set_line(const char *line, struct pf_set *req, char *why, size_t len)
{
	char copy[256], *argv[32];
	const char *tok_why;
	int argc;

	snprintf(copy, sizeof(copy), "%s", line);
	argc = line_tokenise(copy, argv, ARRAY_SIZE(argv), &tok_why);
	if (argc < 0)
		return -E2BIG;
	return pf_set_parse(argc, argv, req, why, len);
}

static void pf_set_ok(const char *line, unsigned int fields, uint32_t num_vfs,
		      uint32_t driver)
{
	char why[PF_SET_WHY_LEN] = "";
	struct pf_set got;
	int err;

	memset(&got, 0xa5, sizeof(got));
	err = pf_set_line(line, &got, why, sizeof(why));
	check(!err && got.fields == fields &&
	      (!(fields & PF_SET_NUM_VFS) || got.num_vfs == num_vfs) &&
	      (!(fields & PF_SET_VF_DRIVER) || got.vf_driver == driver),
	      "pf set \"%s\" accepted", line);
	if (err)
		diag("why:", why);
}

/* A line with limits: fields as given, each limit given its value. */
static void pf_set_limits_ok(const char *line, unsigned int fields, uint32_t vlan_quota,
			     uint32_t mac_quota, uint32_t mbx_rate)
{
	char why[PF_SET_WHY_LEN] = "";
	struct pf_set got;
	int err;

	memset(&got, 0xa5, sizeof(got));
	err = pf_set_line(line, &got, why, sizeof(why));
	check(!err && got.fields == fields &&
	      (!(fields & PF_SET_VF_VLAN_QUOTA) || got.vf_vlan_quota == vlan_quota) &&
	      (!(fields & PF_SET_VF_MAC_QUOTA) || got.vf_mac_quota == mac_quota) &&
	      (!(fields & PF_SET_VF_MBX_RATE) || got.vf_mbx_rate == mbx_rate),
	      "pf set \"%s\" accepted", line);
	if (err)
		diag("why:", why);
}

static void pf_set_bad(const char *line, const char *want)
{
	char why[PF_SET_WHY_LEN] = "";
	struct pf_set got, orig;
	int err;

	memset(&got, 0xa5, sizeof(got));
	orig = got;
	err = pf_set_line(line, &got, why, sizeof(why));
	check(err == -EINVAL && strstr(why, want) && !memcmp(&got, &orig, sizeof(got)),
	      "pf set \"%s\" refused: %s", line, want);
	if (!strstr(why, want))
		diag("why:", why);
}

static void test_pf_set(void)
{
	static const char *const names[] = { "kernel", "none", "igbvf", "vfio-pci" };
	uint32_t d, v = 99;
	bool names_ok = true;

	for (d = 0; d < ARRAY_SIZE(names); d++)
		names_ok &= vf_driver_name(d) && !strcmp(vf_driver_name(d), names[d]) &&
			    !vf_driver_parse(names[d], &v) && v == d;
	check(names_ok && vf_driver_name(VFMGR_VF_DRIVER_VFIO_PCI + 1) == NULL,
	      "VF driver names both ways, none for an unknown driver");
	v = 99;
	check(vf_driver_parse("vfio", &v) == -EINVAL &&
	      vf_driver_parse("VFIO-PCI", &v) == -EINVAL &&
	      vf_driver_parse("", &v) == -EINVAL && v == 99,
	      "VF driver names: exact, case-sensitive, no prefixes");

	pf_set_ok("numvfs 4", PF_SET_NUM_VFS, 4, 0);
	pf_set_ok("numvfs 0", PF_SET_NUM_VFS, 0, 0);
	pf_set_ok("numvfs 256", PF_SET_NUM_VFS, 256, 0);
	pf_set_ok("driver vfio-pci", PF_SET_VF_DRIVER, 0, VFMGR_VF_DRIVER_VFIO_PCI);
	pf_set_ok("driver igbvf", PF_SET_VF_DRIVER, 0, VFMGR_VF_DRIVER_IGBVF);
	pf_set_ok("driver none", PF_SET_VF_DRIVER, 0, VFMGR_VF_DRIVER_NONE);
	pf_set_ok("driver kernel", PF_SET_VF_DRIVER, 0, VFMGR_VF_DRIVER_KERNEL);
	pf_set_ok("numvfs 7 driver vfio-pci", PF_SET_NUM_VFS | PF_SET_VF_DRIVER, 7,
		  VFMGR_VF_DRIVER_VFIO_PCI);
	pf_set_ok("driver none numvfs 2", PF_SET_NUM_VFS | PF_SET_VF_DRIVER, 2,
		  VFMGR_VF_DRIVER_NONE);

	pf_set_bad("", "nothing to set");
	pf_set_bad("driver foo", "invalid driver \"foo\" (expected vfio-pci, igbvf, none or kernel)");
	pf_set_bad("driver vfio", "invalid driver \"vfio\"");
	pf_set_bad("driver Igbvf", "invalid driver \"Igbvf\"");
	pf_set_bad("numvfs 2 driver ''", "invalid driver \"\"");
	pf_set_bad("numvfs x", "invalid numvfs \"x\" (expected 0-256)");
	pf_set_bad("numvfs -1", "invalid numvfs \"-1\"");
	pf_set_bad("numvfs 257", "invalid numvfs \"257\"");
	pf_set_bad("numvfs 0x4", "invalid numvfs \"0x4\"");
	pf_set_bad("numvfs", "missing value for \"numvfs\"");
	pf_set_bad("numvfs 2 driver", "missing value for \"driver\"");
	pf_set_bad("numvfs 1 numvfs 2", "\"numvfs\" given twice");
	pf_set_bad("driver none driver igbvf", "\"driver\" given twice");
	pf_set_bad("num 2", "unknown setting \"num\"");
	pf_set_bad("NUMVFS 2", "unknown setting \"NUMVFS\"");
	pf_set_bad("numvfs 2 trust on", "unknown setting \"trust\"");
	pf_set_bad("vf_driver igbvf", "unknown setting \"vf_driver\"");

	/* The limits on what each VF may ask, alone or with the rest. */
	pf_set_limits_ok("vf_vlan_quota 4", PF_SET_VF_VLAN_QUOTA, 4, 0, 0);
	pf_set_limits_ok("vf_vlan_quota 0", PF_SET_VF_VLAN_QUOTA, 0, 0, 0);
	pf_set_limits_ok("vf_vlan_quota 32", PF_SET_VF_VLAN_QUOTA, 32, 0, 0);
	pf_set_limits_ok("vf_mac_quota 0", PF_SET_VF_MAC_QUOTA, 0, 0, 0);
	pf_set_limits_ok("vf_mac_quota 3", PF_SET_VF_MAC_QUOTA, 0, 3, 0);
	pf_set_limits_ok("vf_mbx_rate 0", PF_SET_VF_MBX_RATE, 0, 0, 0);
	pf_set_limits_ok("vf_mbx_rate 100000", PF_SET_VF_MBX_RATE, 0, 0, 100000);
	pf_set_limits_ok("vf_mbx_rate 50 vf_mac_quota 1 vf_vlan_quota 2",
			 PF_SET_VF_VLAN_QUOTA | PF_SET_VF_MAC_QUOTA | PF_SET_VF_MBX_RATE,
			 2, 1, 50);
	pf_set_limits_ok("numvfs 2 driver vfio-pci vf_vlan_quota 16 vf_mac_quota 2 vf_mbx_rate 400",
			 PF_SET_NUM_VFS | PF_SET_VF_DRIVER | PF_SET_VF_VLAN_QUOTA |
			 PF_SET_VF_MAC_QUOTA | PF_SET_VF_MBX_RATE, 16, 2, 400);
	pf_set_ok("vf_mbx_rate 10 numvfs 3 driver igbvf",
		  PF_SET_NUM_VFS | PF_SET_VF_DRIVER | PF_SET_VF_MBX_RATE, 3,
		  VFMGR_VF_DRIVER_IGBVF);

	pf_set_bad("vf_vlan_quota 33",
		   "invalid vf_vlan_quota \"33\" (expected 0-32 VLANs per VF)");
	pf_set_bad("vf_vlan_quota -1", "invalid vf_vlan_quota \"-1\"");
	pf_set_bad("vf_vlan_quota 8x", "invalid vf_vlan_quota \"8x\"");
	pf_set_bad("vf_vlan_quota 0x8", "invalid vf_vlan_quota \"0x8\"");
	pf_set_bad("vf_mac_quota 4",
		   "invalid vf_mac_quota \"4\" (expected 0-3 MAC filters per VF)");
	pf_set_bad("vf_mac_quota ''", "invalid vf_mac_quota \"\"");
	pf_set_bad("vf_mbx_rate 100001",
		   "invalid vf_mbx_rate \"100001\" (expected 0-100000 messages/s, 0 for no limit)");
	pf_set_bad("vf_mbx_rate 4294967496", "invalid vf_mbx_rate \"4294967496\"");
	pf_set_bad("vf_mbx_rate fast", "invalid vf_mbx_rate \"fast\"");
	pf_set_bad("numvfs 2 vf_mbx_rate", "missing value for \"vf_mbx_rate\"");
	pf_set_bad("vf_mac_quota 1 vf_mac_quota 2", "\"vf_mac_quota\" given twice");
	pf_set_bad("vf_vlan_quota 2 numvfs 2 vf_vlan_quota 2", "\"vf_vlan_quota\" given twice");
	pf_set_bad("vf-vlan-quota 4", "unknown setting \"vf-vlan-quota\"");
	pf_set_bad("vf-vlan 4", "unknown setting \"vf-vlan\"");
	pf_set_bad("vlan-quota 4", "unknown setting \"vlan-quota\"");
	/* One bad word refuses the whole line, whatever came before it. */
	pf_set_bad("numvfs 2 driver none vf_vlan_quota 8 vf_mac_quota 9",
		   "invalid vf_mac_quota \"9\"");
	check(PF_VF_VLAN_QUOTA_DEFAULT <= PF_VF_VLAN_QUOTA_MAX &&
	      PF_VF_MAC_QUOTA_DEFAULT <= PF_VF_MAC_QUOTA_MAX &&
	      PF_VF_MBX_RATE_DEFAULT <= PF_VF_MBX_RATE_MAX,
	      "pf set: the limits' defaults are within their ranges");
}

/* ---- PF output: what the family adds to pf show ---- */

static void pf_sample(struct pf_info *pf)
{
	memset(pf, 0, sizeof(*pf));
	pf->have = 0xffffffffu;
	snprintf(pf->pci, sizeof(pf->pci), "0000:01:00.0");
	pf->ifindex = 3;
	snprintf(pf->ifname, sizeof(pf->ifname), "enp1s0");
	pf->num_vfs = 4;
	pf->total_vfs = 7;
	pf->link_up = true;
	pf->link_speed = 1000;
	pf->vf_driver = VFMGR_VF_DRIVER_VFIO_PCI;
	pf->mbx_requests = 120;
	pf->mbx_refused = 3;
	pf->vf_resets = 18446744073709551615ULL;
	/* The module's defaults, as a port that was never changed reports them. */
	pf->vf_vlan_quota = 8;
	pf->vf_mac_quota = 3;
	pf->vf_mbx_rate = 200;
}

typedef void (*pf_out_fn)(FILE *f, const struct pf_info *pf);

static void pf_output_is(pf_out_fn fn, const struct pf_info *pf, const char *want,
			 const char *desc)
{
	char *buf;
	size_t len;
	FILE *f = capture_open(&buf, &len, desc);

	if (!f)
		return;
	fn(f, pf);
	capture_is(f, &buf, want, desc);
}

static void pf_json_one(FILE *f, const struct pf_info *pf)
{
	struct json_writer w;

	json_init(&w, f, false);
	json_object_begin(&w);
	pf_info_json(&w, pf);
	json_object_end(&w);
	json_finish(&w);
}

static void test_pf_info(void)
{
	struct pf_info pf, p[3];

	pf_sample(&pf);
	pf_output_is(pf_info_text, &pf,
		     "ifname       enp1s0\n"
		     "link         up 1000 Mbps\n"
		     "vf_driver    vfio-pci\n"
		     "mbx_requests 120\n"
		     "mbx_refused  3\n"
		     "vf_resets    18446744073709551615\n"
		     "vf_vlan_quota 8\n"
		     "vf_mac_quota 3\n"
		     "vf_mbx_rate  200\n",
		     "pf show text: the family's lines");
	pf_output_is(pf_json_one, &pf,
		     "{\"ifname\":\"enp1s0\",\"link_up\":true,\"link_speed\":1000,"
		     "\"vf_driver\":\"vfio-pci\",\"mbx_requests\":120,\"mbx_refused\":3,"
		     "\"vf_resets\":18446744073709551615,\"vf_vlan_quota\":8,"
		     "\"vf_mac_quota\":3,\"vf_mbx_rate\":200}\n",
		     "pf show JSON: the family's keys, in order");

	pf.link_up = false;
	pf.link_speed = 0;
	pf.vf_driver = 9;
	pf.vf_vlan_quota = 32;
	pf.vf_mac_quota = 0;
	pf.vf_mbx_rate = 0;
	pf_output_is(pf_info_text, &pf,
		     "ifname       enp1s0\n"
		     "link         down\n"
		     "vf_driver    9\n"
		     "mbx_requests 120\n"
		     "mbx_refused  3\n"
		     "vf_resets    18446744073709551615\n"
		     "vf_vlan_quota 32\n"
		     "vf_mac_quota 0\n"
		     "vf_mbx_rate  0\n",
		     "pf show text: link down, an unknown driver as its number, other limits");
	pf_output_is(pf_json_one, &pf,
		     "{\"ifname\":\"enp1s0\",\"link_up\":false,\"link_speed\":0,"
		     "\"vf_driver\":\"9\",\"mbx_requests\":120,\"mbx_refused\":3,"
		     "\"vf_resets\":18446744073709551615,\"vf_vlan_quota\":32,"
		     "\"vf_mac_quota\":0,\"vf_mbx_rate\":0}\n",
		     "pf show JSON: an unknown driver is its number as a string");

	/* A module older than the driver setting and the totals. */
	pf_sample(&pf);
	pf.have &= ~(PF_HAVE(VFMGR_A_PF_VF_DRIVER) | PF_HAVE(VFMGR_A_PF_MBX_REQUESTS) |
		     PF_HAVE(VFMGR_A_PF_MBX_REFUSED) | PF_HAVE(VFMGR_A_PF_VF_RESETS) |
		     PF_HAVE(VFMGR_A_PF_VF_VLAN_QUOTA) | PF_HAVE(VFMGR_A_PF_VF_MAC_QUOTA) |
		     PF_HAVE(VFMGR_A_PF_VF_MBX_RATE));
	pf_output_is(pf_info_text, &pf,
		     "ifname       enp1s0\n"
		     "link         up 1000 Mbps\n",
		     "pf show text: an attribute not sent has no line");
	pf_sample(&pf);
	pf.have &= ~(PF_HAVE(VFMGR_A_PF_VF_VLAN_QUOTA) | PF_HAVE(VFMGR_A_PF_VF_MAC_QUOTA) |
		     PF_HAVE(VFMGR_A_PF_VF_MBX_RATE));
	pf_output_is(pf_json_one, &pf,
		     "{\"ifname\":\"enp1s0\",\"link_up\":true,\"link_speed\":1000,"
		     "\"vf_driver\":\"vfio-pci\",\"mbx_requests\":120,\"mbx_refused\":3,"
		     "\"vf_resets\":18446744073709551615,\"vf_vlan_quota\":null,"
		     "\"vf_mac_quota\":null,\"vf_mbx_rate\":null}\n",
		     "pf show JSON: a module without the limits, null");
	pf.have = 0;
	pf_output_is(pf_info_text, &pf, "", "pf show text: nothing from the family");
	pf_output_is(pf_json_one, &pf,
		     "{\"ifname\":null,\"link_up\":null,\"link_speed\":null,"
		     "\"vf_driver\":null,\"mbx_requests\":null,\"mbx_refused\":null,"
		     "\"vf_resets\":null,\"vf_vlan_quota\":null,\"vf_mac_quota\":null,"
		     "\"vf_mbx_rate\":null}\n",
		     "pf show JSON: nothing from the family, every key null");

	pf_sample(&p[0]);
	pf_sample(&p[1]);
	pf_sample(&p[2]);
	snprintf(p[0].pci, sizeof(p[0].pci), "10000:00:01.0");
	snprintf(p[1].pci, sizeof(p[1].pci), "0000:03:00.1");
	snprintf(p[2].pci, sizeof(p[2].pci), "0000:03:00.0");
	qsort(p, 3, sizeof(p[0]), pf_info_cmp);
	check(!strcmp(p[0].pci, "0000:03:00.0") && !strcmp(p[1].pci, "0000:03:00.1") &&
	      !strcmp(p[2].pci, "10000:00:01.0"), "PF order: by address value");
}

/* ---- monitor: vf-event messages and lines ---- */

#define TEST_FAMILY 0x1d

/* A vf-event message; NULL strings and negative numbers are left out. */
static struct nl_msg *event_msg(uint8_t cmd, const char *pf, long long id,
				long long event, long long source,
				const char *reason, const char *driver)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg || !genlmsg_put(msg, 0, 0, TEST_FAMILY, 0, 0, cmd, VFMGR_FAMILY_VERSION))
		exit(1);
	if ((pf && nla_put_string(msg, VFMGR_A_VF_PF_PCI, pf) < 0) ||
	    (id >= 0 && nla_put_u32(msg, VFMGR_A_VF_ID, (uint32_t)id) < 0) ||
	    (event >= 0 && nla_put_u32(msg, VFMGR_A_VF_EVENT, (uint32_t)event) < 0) ||
	    (source >= 0 && nla_put_u32(msg, VFMGR_A_VF_SOURCE, (uint32_t)source) < 0) ||
	    (reason && nla_put_string(msg, VFMGR_A_VF_REASON, reason) < 0) ||
	    (driver && nla_put_string(msg, VFMGR_A_VF_DRIVER, driver) < 0))
		exit(1);
	return msg;
}

static char *event_out(const struct vf_event *ev, bool json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		exit(1);
	if (json)
		vf_event_json(f, ev);
	else
		vf_event_text(f, ev);
	fclose(f);
	return buf;
}

/* Parses msg (consumed) and checks both lines it prints. */
static void event_is(struct nl_msg *msg, const char *text, const char *json,
		     const char *desc)
{
	struct vf_event ev;
	char *t, *j;
	int err;

	err = vf_event_parse(nlmsg_hdr(msg), &ev);
	nlmsg_free(msg);
	if (err) {
		check(false, "event %s: parsed", desc);
		return;
	}
	t = event_out(&ev, false);
	j = event_out(&ev, true);
	check(!strcmp(t, text), "event %s: text", desc);
	diag_diff(t, text);
	check(!strcmp(j, json), "event %s: JSON", desc);
	diag_diff(j, json);
	free(t);
	free(j);
}

static void event_bad(struct nl_msg *msg, const char *desc)
{
	struct vf_event ev;

	check(vf_event_parse(nlmsg_hdr(msg), &ev) == -EPROTO, "event %s: refused", desc);
	nlmsg_free(msg);
}

static void test_event(void)
{
	static const char *const names[] = {
		"created", "removed", "bound", "unbound", "reset", "refused",
		"config-changed", "opened", "closed", "withdrawn", "quarantined",
		"released",
	};
	char long_reason[700], want[1200];
	bool names_ok = true;
	uint32_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		names_ok &= vf_event_name(i) && !strcmp(vf_event_name(i), names[i]);
	check(names_ok && !vf_event_name(VFMGR_EVENT_RELEASED + 1),
	      "event names, none for an unknown event");
	check(!strcmp(vf_source_name(VFMGR_SOURCE_GENL), "genl") &&
	      !strcmp(vf_source_name(VFMGR_SOURCE_RTNETLINK), "rtnetlink") &&
	      !strcmp(vf_source_name(VFMGR_SOURCE_VF), "vf") &&
	      !vf_source_name(VFMGR_SOURCE_VF + 1),
	      "source names, none for an unknown source");

	event_is(event_msg(VFMGR_CMD_VF_EVENT, "0000:01:00.0", 0,
			   VFMGR_EVENT_CONFIG_CHANGED, VFMGR_SOURCE_GENL, NULL, NULL),
		 "0000:01:00.0 vf 0 config-changed source genl\n",
		 "{\"pf\":\"0000:01:00.0\",\"vf\":0,\"event\":\"config-changed\","
		 "\"source\":\"genl\"}\n",
		 "config-changed by genl");
	event_is(event_msg(VFMGR_CMD_VF_EVENT, "0000:01:00.0", 3,
			   VFMGR_EVENT_CONFIG_CHANGED, VFMGR_SOURCE_RTNETLINK, NULL, NULL),
		 "0000:01:00.0 vf 3 config-changed source rtnetlink\n",
		 "{\"pf\":\"0000:01:00.0\",\"vf\":3,\"event\":\"config-changed\","
		 "\"source\":\"rtnetlink\"}\n",
		 "config-changed by rtnetlink");
	event_is(event_msg(VFMGR_CMD_VF_EVENT, "0000:01:00.0", 1, VFMGR_EVENT_REFUSED,
			   -1, "set MAC: not trusted, admin MAC 02:00:00:00:00:10", NULL),
		 "0000:01:00.0 vf 1 refused reason \"set MAC: not trusted, admin MAC 02:00:00:00:00:10\"\n",
		 "{\"pf\":\"0000:01:00.0\",\"vf\":1,\"event\":\"refused\",\"source\":null,"
		 "\"reason\":\"set MAC: not trusted, admin MAC 02:00:00:00:00:10\"}\n",
		 "refused with a reason");
	event_is(event_msg(VFMGR_CMD_VF_EVENT, "0000:01:00.0", 2, VFMGR_EVENT_BOUND,
			   -1, NULL, "igbvf"),
		 "0000:01:00.0 vf 2 bound driver igbvf\n",
		 "{\"pf\":\"0000:01:00.0\",\"vf\":2,\"event\":\"bound\",\"source\":null,"
		 "\"driver\":\"igbvf\"}\n",
		 "bound with a driver");
	event_is(event_msg(VFMGR_CMD_VF_EVENT, "10000:02:10.1", 6, VFMGR_EVENT_UNBOUND,
			   -1, NULL, "vfio-pci"),
		 "10000:02:10.1 vf 6 unbound driver vfio-pci\n",
		 "{\"pf\":\"10000:02:10.1\",\"vf\":6,\"event\":\"unbound\",\"source\":null,"
		 "\"driver\":\"vfio-pci\"}\n",
		 "unbound");
	event_is(event_msg(VFMGR_CMD_VF_EVENT, "0000:01:00.0", 0, VFMGR_EVENT_CREATED,
			   -1, NULL, NULL),
		 "0000:01:00.0 vf 0 created\n",
		 "{\"pf\":\"0000:01:00.0\",\"vf\":0,\"event\":\"created\",\"source\":null}\n",
		 "created, nothing optional");
	event_is(event_msg(VFMGR_CMD_VF_EVENT, "0000:01:00.0", 255, VFMGR_EVENT_REMOVED,
			   -1, NULL, NULL),
		 "0000:01:00.0 vf 255 removed\n",
		 "{\"pf\":\"0000:01:00.0\",\"vf\":255,\"event\":\"removed\",\"source\":null}\n",
		 "removed");
	event_is(event_msg(VFMGR_CMD_VF_EVENT, "0000:01:00.0", 4, VFMGR_EVENT_RESET,
			   VFMGR_SOURCE_VF, NULL, NULL),
		 "0000:01:00.0 vf 4 reset source vf\n",
		 "{\"pf\":\"0000:01:00.0\",\"vf\":4,\"event\":\"reset\",\"source\":\"vf\"}\n",
		 "reset with a source");
	event_is(event_msg(VFMGR_CMD_VF_EVENT, "0000:01:00.0", 5, VFMGR_EVENT_OPENED,
			   -1, NULL, NULL),
		 "0000:01:00.0 vf 5 opened\n",
		 "{\"pf\":\"0000:01:00.0\",\"vf\":5,\"event\":\"opened\",\"source\":null}\n",
		 "opened through VFIO");
	event_is(event_msg(VFMGR_CMD_VF_EVENT, "0000:01:00.0", 5, VFMGR_EVENT_CLOSED,
			   -1, NULL, NULL),
		 "0000:01:00.0 vf 5 closed\n",
		 "{\"pf\":\"0000:01:00.0\",\"vf\":5,\"event\":\"closed\",\"source\":null}\n",
		 "closed by the VFIO user");
	event_is(event_msg(VFMGR_CMD_VF_EVENT, "0000:01:00.0", 2, VFMGR_EVENT_WITHDRAWN,
			   -1, "VLAN 100: now VF 0's port VLAN", NULL),
		 "0000:01:00.0 vf 2 withdrawn reason \"VLAN 100: now VF 0's port VLAN\"\n",
		 "{\"pf\":\"0000:01:00.0\",\"vf\":2,\"event\":\"withdrawn\",\"source\":null,"
		 "\"reason\":\"VLAN 100: now VF 0's port VLAN\"}\n",
		 "withdrawn with a reason");
	event_is(event_msg(VFMGR_CMD_VF_EVENT, "0000:01:00.0", 1, VFMGR_EVENT_QUARANTINED,
			   -1, "412 mailbox messages in 1 s, limit 200", NULL),
		 "0000:01:00.0 vf 1 quarantined reason \"412 mailbox messages in 1 s, limit 200\"\n",
		 "{\"pf\":\"0000:01:00.0\",\"vf\":1,\"event\":\"quarantined\",\"source\":null,"
		 "\"reason\":\"412 mailbox messages in 1 s, limit 200\"}\n",
		 "quarantined with a reason");
	event_is(event_msg(VFMGR_CMD_VF_EVENT, "0000:01:00.0", 1, VFMGR_EVENT_RELEASED,
			   VFMGR_SOURCE_GENL, NULL, NULL),
		 "0000:01:00.0 vf 1 released source genl\n",
		 "{\"pf\":\"0000:01:00.0\",\"vf\":1,\"event\":\"released\",\"source\":\"genl\"}\n",
		 "released, no reason");
	event_is(event_msg(VFMGR_CMD_VF_EVENT, "0000:01:00.0", 1, VFMGR_EVENT_RELEASED,
			   -1, NULL, NULL),
		 "0000:01:00.0 vf 1 released\n",
		 "{\"pf\":\"0000:01:00.0\",\"vf\":1,\"event\":\"released\",\"source\":null}\n",
		 "released without a source");
	event_is(event_msg(VFMGR_CMD_VF_EVENT, "0000:01:00.0", 0, 42, 7, NULL, NULL),
		 "0000:01:00.0 vf 0 42 source 7\n",
		 "{\"pf\":\"0000:01:00.0\",\"vf\":0,\"event\":\"42\",\"source\":\"7\"}\n",
		 "unknown event and source as numbers");
	event_is(event_msg(VFMGR_CMD_VF_EVENT, "0000:01:00.0", 1, VFMGR_EVENT_REFUSED,
			   VFMGR_SOURCE_VF, "say \"hi\"\\ now\n\tend\x7f", "a b"),
		 "0000:01:00.0 vf 1 refused source vf reason \"say \\\"hi\\\"\\\\ now\\x0a\\x09end\\x7f\""
		 " driver a\\x20b\n",
		 "{\"pf\":\"0000:01:00.0\",\"vf\":1,\"event\":\"refused\",\"source\":\"vf\","
		 "\"reason\":\"say \\\"hi\\\"\\\\ now\\n\\tend\\u007f\",\"driver\":\"a b\"}\n",
		 "every optional attribute, escaped onto one line");

	memset(long_reason, 'r', sizeof(long_reason) - 1);
	long_reason[sizeof(long_reason) - 1] = '\0';
	snprintf(want, sizeof(want), "0000:01:00.0 vf 1 refused reason \"%.511s\"\n",
		 long_reason);
	{
		struct nl_msg *msg = event_msg(VFMGR_CMD_VF_EVENT, "0000:01:00.0", 1,
					       VFMGR_EVENT_REFUSED, -1, long_reason, NULL);
		struct vf_event ev;
		char *t = NULL;

		if (!vf_event_parse(nlmsg_hdr(msg), &ev))
			t = event_out(&ev, false);
		check(t && !strcmp(t, want), "event: a long reason is cut, not dropped");
		free(t);
		nlmsg_free(msg);
	}

	event_bad(event_msg(VFMGR_CMD_VF_EVENT, NULL, 0, VFMGR_EVENT_RESET, -1, NULL, NULL),
		  "without a PF");
	event_bad(event_msg(VFMGR_CMD_VF_EVENT, "0000:01:00.0", -1, VFMGR_EVENT_RESET,
			    -1, NULL, NULL), "without a VF");
	event_bad(event_msg(VFMGR_CMD_VF_EVENT, "0000:01:00.0", 0, -1, -1, NULL, NULL),
		  "without an event");
	event_bad(event_msg(VFMGR_CMD_VF_EVENT,
			    "0000:01:00.0-and-much-longer-than-any-pci-address", 0,
			    VFMGR_EVENT_RESET, -1, NULL, NULL), "with an overlong PF");
}

/* ---- the enums' values in help and messages, against the spec ---- */

/*
 * Whether list, the words of an enum as words.h spells them (separated by
 * blanks, '|', ',' or "or"), holds each of the count names exactly once
 * and nothing else.
 */
static bool words_are(const char *list, const char *const *names, size_t count)
{
	char buf[256], *word, *save;
	size_t i, n = 0;
	bool seen[32] = { false };

	if (count > ARRAY_SIZE(seen))
		return false;
	snprintf(buf, sizeof(buf), "%s", list);
	for (word = strtok_r(buf, " |,\n", &save); word; word = strtok_r(NULL, " |,\n", &save)) {
		if (!strcmp(word, "or"))
			continue;
		for (i = 0; i < count; i++)
			if (names[i] && !strcmp(word, names[i]))
				break;
		if (i == count || seen[i])
			return false;
		seen[i] = true;
		n++;
	}
	for (i = 0; i < count; i++)
		if (!names[i])
			n++;
	return n == count;
}

static void test_words(void)
{
#define WORDS(list, names) words_are(list, names, ARRAY_SIZE(names))
	check(WORDS(WORDS_DRIVER_SYNTAX, vfmgr_vf_driver_names) &&
	      WORDS(WORDS_DRIVER_EXPECTED, vfmgr_vf_driver_names),
	      "words: every VF driver of the spec in help and messages");
	check(WORDS(WORDS_LINK_STATE_SYNTAX, vfmgr_link_state_names) &&
	      WORDS(WORDS_LINK_STATE_EXPECTED, vfmgr_link_state_names),
	      "words: every link state of the spec in help and messages");
	check(WORDS(WORDS_EVENT_SYNTAX, vfmgr_event_names),
	      "words: every event of the spec in monitor's help");
	check(WORDS(WORDS_SOURCE_SYNTAX, vfmgr_source_names),
	      "words: every source of the spec in monitor's help");
	check(!WORDS("vfio-pci | igbvf | none", vfmgr_vf_driver_names) &&
	      !WORDS("vfio-pci | igbvf | none | kernel | kernel", vfmgr_vf_driver_names) &&
	      !WORDS("vfio-pci | igbvf | none | kernel | vfio", vfmgr_vf_driver_names),
	      "words: a value missing, twice or unknown is caught");
#undef WORDS
}

/* ---- batch: lines to a runner, through a filter ---- */

/* What the fake runner saw: "LINE:WORDS|" per line it ran. */
static char batch_seen[512];

static int batch_fake_run(int argc, char **argv)
{
	struct report_pos at = report_pos_get();
	size_t used = strlen(batch_seen);
	int i;

	used += (size_t)snprintf(batch_seen + used, sizeof(batch_seen) - used, "%s:%lu:",
				 at.file ? at.file : "-", at.line);
	for (i = 0; i < argc && used < sizeof(batch_seen); i++)
		used += (size_t)snprintf(batch_seen + used, sizeof(batch_seen) - used,
					 "%s%s", i ? " " : "", argv[i]);
	if (used < sizeof(batch_seen))
		snprintf(batch_seen + used, sizeof(batch_seen) - used, "|");
	return strcmp(argv[0], "fail") ? VFCTL_OK : VFCTL_FAIL;
}

/* "usage" lines are usage errors; the others are OBJECT COMMAND. */
static int batch_fake_names(int argc, char **argv, const char **obj, const char **cmd)
{
	if (!strcmp(argv[0], "usage"))
		return VFCTL_USAGE;
	*obj = argv[0];
	*cmd = argc > 1 ? argv[1] : NULL;
	return VFCTL_OK;
}

/* Runs lines whose command is "run" or that are usage errors; skips "skip". */
static int batch_fake_filter(int argc __maybe_unused, char **argv __maybe_unused,
			     const char *obj, const char *cmd, void *ctx)
{
	(*(int *)ctx)++;
	if (!obj || (cmd && !strcmp(cmd, "run")))
		return BATCH_LINE_RUN;
	if (cmd && !strcmp(cmd, "skip"))
		return BATCH_LINE_SKIP;
	return BATCH_LINE_FAILED;
}

static int batch_of(const char *text, batch_filter_fn filter, void *ctx, bool keep_going)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int ret;

	batch_seen[0] = '\0';
	if (!f)
		return -1;
	ret = batch_run(f, "t.batch", filter, ctx, keep_going);
	fclose(f);
	return ret;
}

static void test_batch(void)
{
	static const struct batch_commands cmds = {
		.run = batch_fake_run,
		.names = batch_fake_names,
	};
	int ret, calls = 0, saved, null;

	batch_init(&cmds);
	ret = batch_of("pf list\n\n# a comment\nvf show 'a b' 1\n", NULL, NULL, false);
	check(!ret && !strcmp(batch_seen, "t.batch:1:pf list|t.batch:4:vf show a b 1|"),
	      "batch: each line's words to the runner, at its line number");
	got_if_failed(batch_seen);
	check(!report_pos_get().file, "batch: the position is given back at the end");

	ret = batch_of("a\nfail now\nb\n", NULL, NULL, false);
	check(ret == VFCTL_FAIL && !strcmp(batch_seen, "t.batch:1:a|t.batch:2:fail now|"),
	      "batch: the first failing line stops the file");
	got_if_failed(batch_seen);
	ret = batch_of("fail now\nb\n", NULL, NULL, true);
	check(ret == VFCTL_FAIL && !strcmp(batch_seen, "t.batch:1:fail now|t.batch:2:b|"),
	      "batch: keep_going runs the rest, the file still fails");
	got_if_failed(batch_seen);

	ret = batch_of("pf run\npf skip\nusage x\npf other\nvf run\n",
		       batch_fake_filter, &calls, true);
	check(ret == VFCTL_FAIL && calls == 5 &&
	      !strcmp(batch_seen, "t.batch:1:pf run|t.batch:3:usage x|t.batch:5:vf run|"),
	      "batch: the filter runs, skips or fails lines by their names");
	got_if_failed(batch_seen);
	ret = batch_of("pf skip\n", batch_fake_filter, &calls, false);
	check(!ret && !batch_seen[0], "batch: a skipped line is no failure");
	/* Its message is vfctl_err()'s; not here, in the middle of the results. */
	fflush(stderr);
	saved = dup(2);
	null = open("/dev/null", O_WRONLY);
	if (saved >= 0 && null >= 0)
		dup2(null, 2);
	ret = batch_of("pf \"open\nb\n", NULL, NULL, true);
	if (saved >= 0) {
		dup2(saved, 2);
		close(saved);
	}
	if (null >= 0)
		close(null);
	check(ret == VFCTL_FAIL && !strcmp(batch_seen, "t.batch:2:b|"),
	      "batch: a line that does not split into words fails alone");
	got_if_failed(batch_seen);
}

/* ---- save: the batch file ---- */

static char *save_out(int (*fn)(FILE *f, const void *obj, char *why, size_t len),
		      const void *obj, int *err, char *why)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		exit(1);
	*err = fn(f, obj, why, SAVE_WHY_LEN);
	fclose(f);
	return buf;
}

static int pf_line_fn(FILE *f, const void *obj, char *why, size_t len)
{
	return save_pf_line(f, obj, why, len);
}

static int vf_line_fn(FILE *f, const void *obj, char *why, size_t len)
{
	return save_vf_line(f, obj, why, len);
}

static void save_line_is(bool pf, const void *obj, const char *want, const char *desc)
{
	char why[SAVE_WHY_LEN] = "";
	char *got;
	int err;

	got = save_out(pf ? pf_line_fn : vf_line_fn, obj, &err, why);
	check(!err && !strcmp(got, want), "save %s", desc);
	if (err)
		diag("why:", why);
	else if (strcmp(got, want)) {
		diag("got:", got);
		diag("want:", want);
	}
	free(got);
}

static void save_line_bad(bool pf, const void *obj, const char *want, const char *desc)
{
	char why[SAVE_WHY_LEN] = "";
	char *got;
	int err;

	got = save_out(pf ? pf_line_fn : vf_line_fn, obj, &err, why);
	check(err == -EINVAL && strstr(why, want) && !got[0], "save refuses %s", desc);
	if (!strstr(why, want))
		diag("why:", why);
	free(got);
}

/* A saved "vf set" line, read back as batch mode reads it, gives the VF's settings. */
static void save_vf_round_trip(const struct vf_info *vf, const char *desc)
{
	char why[SAVE_WHY_LEN] = "", *argv[32], *line;
	char set_why[VF_SET_WHY_LEN] = "", pf[PCI_ADDR_STRLEN];
	const char *tok_why;
	struct vf_set req;
	uint32_t id = 999;
	int err, argc;

	line = save_out(vf_line_fn, vf, &err, why);
	argc = err ? -1 : line_tokenise(line, argv, ARRAY_SIZE(argv), &tok_why);
	err = argc < 4 || strcmp(argv[0], "vf") || strcmp(argv[1], "set") ||
	      pci_addr_normalise(argv[2], pf, sizeof(pf)) || strcmp(pf, vf->pf_pci) ||
	      vf_id_parse(argv[3], &id) || id != vf->id ||
	      vf_set_parse(argc - 4, argv + 4, &req, set_why, sizeof(set_why));
	check(!err && req.fields == (VF_SET_MAC | VF_SET_VLAN | VF_SET_QOS |
				     VF_SET_SPOOFCHK | VF_SET_TRUST |
				     VF_SET_LINK_STATE | VF_SET_MAX_TX_RATE |
				     VF_SET_MAX_FRAME) &&
	      !memcmp(req.mac, vf->mac, MAC_LEN) && req.vlan == vf->vlan &&
	      req.qos == vf->qos && req.spoofchk == vf->spoofchk &&
	      req.trust == vf->trust && req.link_state == vf->link_state &&
	      req.max_tx_rate == vf->max_tx_rate && req.max_frame == vf->max_frame,
	      "save: a vf set line reads back as the same settings (%s)", desc);
	if (set_why[0])
		diag("why:", set_why);
	free(line);
}

/* want_limits: the PF_SET_* of the limits the line must carry, and only those. */
static void save_pf_round_trip(const struct pf_info *pf, unsigned int want_limits,
			       const char *desc)
{
	char why[SAVE_WHY_LEN] = "", set_why[PF_SET_WHY_LEN] = "", *argv[32], *line;
	const char *tok_why;
	struct pf_set req;
	int err, argc;

	line = save_out(pf_line_fn, pf, &err, why);
	argc = err ? -1 : line_tokenise(line, argv, ARRAY_SIZE(argv), &tok_why);
	err = argc < 3 || strcmp(argv[0], "pf") || strcmp(argv[1], "set") ||
	      strcmp(argv[2], pf->pci) ||
	      pf_set_parse(argc - 3, argv + 3, &req, set_why, sizeof(set_why));
	check(!err && (req.fields & ~want_limits) == (PF_SET_NUM_VFS | PF_SET_VF_DRIVER) &&
	      (req.fields & want_limits) == want_limits &&
	      req.num_vfs == pf->num_vfs && req.vf_driver == pf->vf_driver &&
	      (!(want_limits & PF_SET_VF_VLAN_QUOTA) || req.vf_vlan_quota == pf->vf_vlan_quota) &&
	      (!(want_limits & PF_SET_VF_MAC_QUOTA) || req.vf_mac_quota == pf->vf_mac_quota) &&
	      (!(want_limits & PF_SET_VF_MBX_RATE) || req.vf_mbx_rate == pf->vf_mbx_rate),
	      "save: a pf set line reads back as the same PF (%s)", desc);
	if (set_why[0])
		diag("why:", set_why);
	free(line);
}

/* A VF as the kernel reports one with default settings. */
static void vf_default(struct vf_info *vf, const char *pf, uint32_t id)
{
	vf_sample(vf);
	snprintf(vf->pf_pci, sizeof(vf->pf_pci), "%s", pf);
	vf->id = id;
	memset(vf->mac, 0, MAC_LEN);
	vf->vlan = 0;
	vf->qos = 0;
	vf->spoofchk = true;
	vf->trust = false;
	vf->link_state = VFMGR_LINK_STATE_AUTO;
	vf->max_tx_rate = 0;
	vf->max_frame = 0;
	vf->have &= ~VF_HAVE(VFMGR_A_VF_VF_DRIVER);
}

static void save_file_is(struct pf_info *pfs, size_t n_pfs, struct vf_info *vfs,
			 size_t n_vfs, int want_err, const char *want, const char *desc)
{
	char why[SAVE_WHY_LEN] = "", *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int err;

	if (!f)
		exit(1);
	err = save_write(f, pfs, n_pfs, vfs, n_vfs, why, sizeof(why));
	fclose(f);
	check(err == want_err && (!want || !strcmp(buf, want)), "save file: %s", desc);
	if (err != want_err)
		diag("why:", why);
	else if (want && strcmp(buf, want)) {
		diag("got:", buf);
		diag("want:", want);
	}
	free(buf);
}

#define SAVE_HEADER \
	"# vfmgr configuration written by \"vfctl save\": every PF vfmgr drives,\n" \
	"# its number of VFs, their driver and the settings of each VF.\n" \
	"# Apply it with \"vfctl -batch FILE\", or one PF's lines with\n" \
	"# \"vfctl restore PF FILE\".\n"

static void test_save(void)
{
	struct pf_info pf, pfs[3];
	struct vf_info vf, vfs[6];

	pf_sample(&pf);
	save_line_is(true, &pf, "pf set 0000:01:00.0 numvfs 4 driver vfio-pci\n",
		     "pf line: numvfs, then driver");
	save_pf_round_trip(&pf, 0, "vfio-pci");
	pf.num_vfs = 0;
	pf.vf_driver = VFMGR_VF_DRIVER_KERNEL;
	save_line_is(true, &pf, "pf set 0000:01:00.0 numvfs 0 driver kernel\n",
		     "pf line: no VFs, kernel driver");
	save_pf_round_trip(&pf, 0, "kernel");
	pf.have &= ~PF_HAVE(VFMGR_A_PF_VF_DRIVER);
	save_line_is(true, &pf, "pf set 0000:01:00.0 numvfs 0\n",
		     "pf line: a module without the driver setting");

	/* The limits: only those that are not the module's defaults. */
	pf_sample(&pf);
	pf.vf_mbx_rate = 0;
	save_line_is(true, &pf, "pf set 0000:01:00.0 numvfs 4 driver vfio-pci vf_mbx_rate 0\n",
		     "pf line: one limit off its default");
	save_pf_round_trip(&pf, PF_SET_VF_MBX_RATE, "vf_mbx_rate 0");
	pf.vf_vlan_quota = 32;
	pf.vf_mac_quota = 0;
	pf.vf_mbx_rate = 100000;
	save_line_is(true, &pf,
		     "pf set 0000:01:00.0 numvfs 4 driver vfio-pci vf_vlan_quota 32"
		     " vf_mac_quota 0 vf_mbx_rate 100000\n",
		     "pf line: every limit off its default, in a fixed order");
	save_pf_round_trip(&pf, PF_SET_VF_VLAN_QUOTA | PF_SET_VF_MAC_QUOTA | PF_SET_VF_MBX_RATE,
			   "every limit");
	pf.have &= ~(PF_HAVE(VFMGR_A_PF_VF_VLAN_QUOTA) | PF_HAVE(VFMGR_A_PF_VF_MAC_QUOTA) |
		     PF_HAVE(VFMGR_A_PF_VF_MBX_RATE));
	save_line_is(true, &pf, "pf set 0000:01:00.0 numvfs 4 driver vfio-pci\n",
		     "pf line: a module without the limits");
	pf_sample(&pf);
	pf.vf_vlan_quota = 33;
	save_line_bad(true, &pf, "0000:01:00.0: invalid vf_vlan_quota \"33\"",
		      "a VLAN quota batch mode would refuse");
	pf_sample(&pf);
	pf.vf_mac_quota = 4;
	save_line_bad(true, &pf, "0000:01:00.0: invalid vf_mac_quota \"4\"",
		      "a MAC quota batch mode would refuse");
	pf_sample(&pf);
	pf.vf_mbx_rate = 100001;
	save_line_bad(true, &pf, "0000:01:00.0: invalid vf_mbx_rate \"100001\"",
		      "a mailbox rate batch mode would refuse");

	pf_sample(&pf);
	pf.vf_driver = 9;
	save_line_bad(true, &pf, "0000:01:00.0: VF driver 9 is unknown to this vfctl",
		      "an unknown VF driver");
	pf_sample(&pf);
	pf.num_vfs = 300;
	save_line_bad(true, &pf, "0000:01:00.0: invalid numvfs \"300\"",
		      "a number of VFs batch mode would refuse");
	pf_sample(&pf);
	pf.have &= ~PF_HAVE(VFMGR_A_PF_NUM_VFS);
	save_line_bad(true, &pf, "did not report its number of VFs",
		      "a PF without its number of VFs");
	pf_sample(&pf);
	snprintf(pf.pci, sizeof(pf.pci), "0000:01:00.0 x");
	save_line_bad(true, &pf, "not a PCI address", "a PF named oddly");

	vf_sample(&vf);
	save_line_is(false, &vf,
		     "vf set 0000:01:00.0 3 mac 02:00:00:00:00:10 vlan 100 qos 5 spoofchk on"
		     " trust off state disable max_tx_rate 200 max_frame 1518\n",
		     "vf line: every setting, in a fixed order");
	save_vf_round_trip(&vf, "sample");
	vf.trust = true;
	vf.spoofchk = false;
	vf.link_state = VFMGR_LINK_STATE_ENABLE;
	vf.vlan = 4095;
	vf.qos = 7;
	vf.max_tx_rate = 100000;
	vf.max_frame = 65535;
	save_vf_round_trip(&vf, "largest values");
	vf_default(&vf, "0000:01:00.0", 0);
	save_line_is(false, &vf,
		     "vf set 0000:01:00.0 0 mac 00:00:00:00:00:00 vlan 0 qos 0 spoofchk on"
		     " trust off state auto max_tx_rate 0 max_frame 0\n",
		     "vf line: defaults written out, all-zero MAC for none");
	save_vf_round_trip(&vf, "defaults");

	vf_sample(&vf);
	vf.link_state = 7;
	save_line_bad(false, &vf, "0000:01:00.0 VF 3: link state 7 is unknown to this vfctl",
		      "an unknown link state");
	vf_sample(&vf);
	vf.vlan = 0;
	save_line_bad(false, &vf, "0000:01:00.0 VF 3: qos 5 needs a VLAN ID other than 0",
		      "a priority without a VLAN");
	vf_sample(&vf);
	vf.mac[0] = 0x01;
	save_line_bad(false, &vf, "is multicast", "a multicast MAC");
	vf_sample(&vf);
	vf.max_tx_rate = 100001;
	save_line_bad(false, &vf, "invalid max_tx_rate \"100001\"",
		      "a rate batch mode would refuse");
	vf_sample(&vf);
	vf.id = 256;
	save_line_bad(false, &vf, "VF 256 is beyond", "a VF number above 255");
	vf_sample(&vf);
	vf.have = VF_HAVE(VFMGR_A_VF_PF_PCI) | VF_HAVE(VFMGR_A_VF_ID);
	save_line_bad(false, &vf, "nothing to set", "a VF without settings");

	/* Two PFs out of order, their VFs shuffled: sorted on the way out. */
	pf_sample(&pfs[0]);
	snprintf(pfs[0].pci, sizeof(pfs[0].pci), "0000:02:00.0");
	pfs[0].num_vfs = 1;
	pfs[0].vf_driver = VFMGR_VF_DRIVER_NONE;
	pf_sample(&pfs[1]);
	pfs[1].num_vfs = 2;
	pf_sample(&pfs[2]);
	snprintf(pfs[2].pci, sizeof(pfs[2].pci), "0000:01:00.1");
	pfs[2].num_vfs = 0;
	pfs[2].vf_driver = VFMGR_VF_DRIVER_IGBVF;
	vf_default(&vfs[0], "0000:01:00.0", 1);
	vf_default(&vfs[1], "0000:02:00.0", 0);
	vfs[1].trust = true;
	vf_default(&vfs[2], "0000:01:00.0", 0);
	vfs[2].mac[0] = 0x02;
	vfs[2].mac[5] = 0x10;
	vfs[2].vlan = 100;
	vfs[2].qos = 3;
	save_file_is(pfs, 3, vfs, 3, 0,
		     SAVE_HEADER
		     "\n"
		     "pf set 0000:01:00.0 numvfs 2 driver vfio-pci\n"
		     "vf set 0000:01:00.0 0 mac 02:00:00:00:00:10 vlan 100 qos 3 spoofchk on"
		     " trust off state auto max_tx_rate 0 max_frame 0\n"
		     "vf set 0000:01:00.0 1 mac 00:00:00:00:00:00 vlan 0 qos 0 spoofchk on"
		     " trust off state auto max_tx_rate 0 max_frame 0\n"
		     "\n"
		     "pf set 0000:01:00.1 numvfs 0 driver igbvf\n"
		     "\n"
		     "pf set 0000:02:00.0 numvfs 1 driver none\n"
		     "vf set 0000:02:00.0 0 mac 00:00:00:00:00:00 vlan 0 qos 0 spoofchk on"
		     " trust on state auto max_tx_rate 0 max_frame 0\n",
		     "PFs in address order, each followed by its VFs");
	save_file_is(pfs, 3, vfs, 3, 0,
		     SAVE_HEADER
		     "\n"
		     "pf set 0000:01:00.0 numvfs 2 driver vfio-pci\n"
		     "vf set 0000:01:00.0 0 mac 02:00:00:00:00:10 vlan 100 qos 3 spoofchk on"
		     " trust off state auto max_tx_rate 0 max_frame 0\n"
		     "vf set 0000:01:00.0 1 mac 00:00:00:00:00:00 vlan 0 qos 0 spoofchk on"
		     " trust off state auto max_tx_rate 0 max_frame 0\n"
		     "\n"
		     "pf set 0000:01:00.1 numvfs 0 driver igbvf\n"
		     "\n"
		     "pf set 0000:02:00.0 numvfs 1 driver none\n"
		     "vf set 0000:02:00.0 0 mac 00:00:00:00:00:00 vlan 0 qos 0 spoofchk on"
		     " trust on state auto max_tx_rate 0 max_frame 0\n",
		     "the same input twice, the same bytes");
	save_file_is(pfs, 0, vfs, 0, 0, SAVE_HEADER, "no PFs: the header alone");
	/* save_write() sorted pfs: [1] is 0000:01:00.1, moved to the end here. */
	pfs[1].vf_mbx_rate = 1000;
	snprintf(pfs[1].pci, sizeof(pfs[1].pci), "0000:03:00.0");
	save_file_is(pfs, 3, vfs, 3, 0,
		     SAVE_HEADER
		     "\n"
		     "pf set 0000:01:00.0 numvfs 2 driver vfio-pci\n"
		     "vf set 0000:01:00.0 0 mac 02:00:00:00:00:10 vlan 100 qos 3 spoofchk on"
		     " trust off state auto max_tx_rate 0 max_frame 0\n"
		     "vf set 0000:01:00.0 1 mac 00:00:00:00:00:00 vlan 0 qos 0 spoofchk on"
		     " trust off state auto max_tx_rate 0 max_frame 0\n"
		     "\n"
		     "pf set 0000:02:00.0 numvfs 1 driver none\n"
		     "vf set 0000:02:00.0 0 mac 00:00:00:00:00:00 vlan 0 qos 0 spoofchk on"
		     " trust on state auto max_tx_rate 0 max_frame 0\n"
		     "\n"
		     "pf set 0000:03:00.0 numvfs 0 driver igbvf vf_mbx_rate 1000\n",
		     "a PF's limit off its default on its own pf set line");
	snprintf(pfs[1].pci, sizeof(pfs[1].pci), "0000:01:00.1");
	pfs[1].vf_mbx_rate = PF_VF_MBX_RATE_DEFAULT;

	/* What a dump taken while VFs came or went can look like. */
	save_file_is(pfs, 3, vfs, 2, -EAGAIN, NULL, "a VF missing: read again");
	vf_default(&vfs[3], "0000:02:00.0", 1);
	save_file_is(pfs, 3, vfs, 4, -EAGAIN, NULL, "a VF beyond numvfs: read again");
	vf_default(&vfs[3], "0000:05:00.0", 0);
	save_file_is(pfs, 3, vfs, 4, -EAGAIN, NULL, "a VF of an unknown PF: read again");
	vf_default(&vfs[3], "0000:01:00.0", 1);
	save_file_is(pfs, 3, vfs, 4, -EAGAIN, NULL, "a VF twice: read again");
	vfs[0].link_state = 9;
	save_file_is(pfs, 3, vfs, 3, -EINVAL, NULL, "a setting it cannot write: fails");
}

/* ---- save: replacing FILE whole ---- */

/* Entries of dir other than . and .., joined by '|'. */
static void dir_entries(const char *dir, char *buf, size_t len)
{
	struct dirent **ents;
	int i, n = scandir(dir, &ents, NULL, alphasort);

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		if (strcmp(ents[i]->d_name, ".") && strcmp(ents[i]->d_name, "..")) {
			if (buf[0])
				strncat(buf, "|", len - strlen(buf) - 1);
			strncat(buf, ents[i]->d_name, len - strlen(buf) - 1);
		}
		free(ents[i]);
	}
	free(ents);
}

static bool file_has(const char *path, const char *want)
{
	char buf[256];
	size_t n;
	FILE *f = fopen(path, "r");

	if (!f)
		return false;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return !strcmp(buf, want);
}

static void test_atomic(void)
{
	char dir[] = "/tmp/vfctl-unit.XXXXXX", path[PATH_MAX], sub[PATH_MAX];
	char names[256];
	struct stat st;
	mode_t old_mask;
	int err;

	if (!mkdtemp(dir)) {
		check(false, "atomic write: mkdtemp failed");
		return;
	}
	old_mask = umask(027);
	snprintf(path, sizeof(path), "%s/saved.batch", dir);

	err = file_write_atomic(path, "one\n", 4);
	dir_entries(dir, names, sizeof(names));
	check(!err && file_has(path, "one\n") && !strcmp(names, "saved.batch"),
	      "atomic write: a new file, no temporary left");
	check(!stat(path, &st) && (st.st_mode & 07777) == 0640,
	      "atomic write: created with the umask's mode, as by a redirection");

	err = file_write_atomic(path, "two\nlines\n", 10);
	dir_entries(dir, names, sizeof(names));
	check(!err && file_has(path, "two\nlines\n") && !strcmp(names, "saved.batch"),
	      "atomic write: an existing file replaced whole");
	err = file_write_atomic(path, "", 0);
	check(!err && file_has(path, ""), "atomic write: an empty file");

	snprintf(sub, sizeof(sub), "%s/missing/saved.batch", dir);
	err = file_write_atomic(sub, "x\n", 2);
	dir_entries(dir, names, sizeof(names));
	check(err == -ENOENT && !strcmp(names, "saved.batch"),
	      "atomic write: a missing directory is ENOENT, nothing created");

	snprintf(sub, sizeof(sub), "%s/adir", dir);
	mkdir(sub, 0755);
	err = file_write_atomic(sub, "x\n", 2);
	dir_entries(dir, names, sizeof(names));
	check(err == -EISDIR && !strcmp(names, "adir|saved.batch"),
	      "atomic write: over a directory fails, the temporary is removed");
	check(file_has(path, ""), "atomic write: a failure leaves other files alone");

	rmdir(sub);
	unlink(path);
	rmdir(dir);
	umask(old_mask);
}

/* ---- restore: which lines of a saved file run for a PF ---- */

/* Two interfaces, on the two ports of one card; addresses as they are. */
struct fake_pfs {
	unsigned int calls;
};

static int fake_resolve(const char *arg, char addr[PCI_ADDR_STRLEN], void *ctx)
{
	struct fake_pfs *f = ctx;

	f->calls++;
	if (!strcmp(arg, "eth0"))
		arg = "0000:01:00.0";
	else if (!strcmp(arg, "eth1"))
		arg = "0000:01:00.1";
	else if (!strchr(arg, ':'))
		return 1;	/* no such interface */
	return pci_addr_normalise(arg, addr, PCI_ADDR_STRLEN) ? 1 : 0;
}

static const char *const verdict_names[] = {
	[RESTORE_RUN] = "runs",
	[RESTORE_SKIP] = "is skipped",
	[RESTORE_REFUSE] = "is refused",
	[RESTORE_BAD_PF] = "names an unknown PF",
};

/*
 * restore_is(PF, WANT, WHY, OBJ, CMD, ARGS...): the verdict on the line
 * "OBJ [CMD] ARGS..." when PF is restored, and the message if WHY is set.
 */
#define restore_is(pf, want, why, obj, cmd, ...)				\
	restore_check(pf, want, why, obj, cmd,					\
		      (char *const[]){ __VA_ARGS__ __VA_OPT__(,) NULL })

static void restore_check(const char *pf, enum restore_verdict want, const char *want_why,
			  const char *obj, const char *cmd, char *const *args)
{
	struct fake_pfs fake = { 0 };
	char why[RESTORE_WHY_LEN] = "", line[160];
	enum restore_verdict got;
	int nargs = 0, i, n;

	while (args[nargs])
		nargs++;
	n = snprintf(line, sizeof(line), "%s%s%s", obj, cmd ? " " : "", cmd ? cmd : "");
	for (i = 0; i < nargs && n > 0 && (size_t)n < sizeof(line); i++)
		n += snprintf(line + n, sizeof(line) - (size_t)n, " %s", args[i]);
	got = restore_line(obj, cmd, nargs, args, pf, fake_resolve, &fake, why, sizeof(why));
	check(got == want && (!want_why || strstr(why, want_why)),
	      "restore %s: \"%s\" %s", pf, line, verdict_names[want]);
	if (got != want)
		diag("# got:", verdict_names[got]);
	else if (want_why && !strstr(why, want_why))
		diag("# why:", why);
}

static void test_restore(void)
{
	const char *pf = "0000:01:00.0";
	struct fake_pfs fake = { 0 };
	char why[RESTORE_WHY_LEN];

	/* What save writes, for this PF and for the other port. */
	restore_is(pf, RESTORE_RUN, NULL, "pf", "set", "0000:01:00.0", "numvfs", "2",
		   "driver", "vfio-pci");
	restore_is(pf, RESTORE_RUN, NULL, "vf", "set", "0000:01:00.0", "0", "mac",
		   "02:00:00:00:00:10", "vlan", "100");
	restore_is(pf, RESTORE_RUN, NULL, "vf", "clear", "0000:01:00.0", "3");
	restore_is(pf, RESTORE_RUN, NULL, "vf", "bind", "0000:01:00.0", "1", "vfio-pci");
	restore_is(pf, RESTORE_SKIP, NULL, "vf", "bind", "0000:01:00.1", "1", "igbvf");
	restore_is(pf, RESTORE_RUN, NULL, "vf", "bind", "eth0", "x", "frob");
	restore_is(pf, RESTORE_RUN, NULL, "vf", "bind");
	restore_is(pf, RESTORE_SKIP, NULL, "pf", "set", "0000:01:00.1", "numvfs", "2");
	restore_is(pf, RESTORE_SKIP, NULL, "vf", "set", "0000:01:00.1", "0", "trust", "on");
	restore_is(pf, RESTORE_SKIP, NULL, "vf", "clear", "0000:02:00.0", "0");

	/* Any spelling of the address, or the interface name. */
	restore_is(pf, RESTORE_RUN, NULL, "pf", "set", "01:00.0", "numvfs", "1");
	restore_is(pf, RESTORE_RUN, NULL, "pf", "set", "1:0.0", "numvfs", "1");
	restore_is(pf, RESTORE_RUN, NULL, "vf", "set", "0000:01:00.0", "0", "trust", "on");
	restore_is(pf, RESTORE_RUN, NULL, "vf", "clear", "eth0", "1");
	restore_is(pf, RESTORE_SKIP, NULL, "vf", "clear", "eth1", "1");
	restore_is(pf, RESTORE_SKIP, NULL, "pf", "set", "1:0.1", "numvfs", "1");
	restore_is("0001:01:00.0", RESTORE_RUN, NULL, "pf", "set", "1:1:0.0", "numvfs", "1");
	restore_is("0001:01:00.0", RESTORE_SKIP, NULL, "pf", "set", "01:00.0", "numvfs", "1");
	restore_is("0001:01:00.0", RESTORE_SKIP, NULL, "pf", "set", "eth0", "numvfs", "1");

	/* The line's usage errors are run_command()'s to report. */
	restore_is(pf, RESTORE_RUN, NULL, "pf", "set", "0000:01:00.0");
	restore_is(pf, RESTORE_RUN, NULL, "vf", "set", "eth0", "x", "frob", "on");
	restore_is(pf, RESTORE_RUN, NULL, "pf", "set");
	restore_is(pf, RESTORE_RUN, NULL, "vf", "set");
	restore_is(pf, RESTORE_RUN, NULL, "vf", "clear");

	/* Other commands for this PF are refused, for others skipped. */
	restore_is(pf, RESTORE_REFUSE,
		   "restore: \"pf claim\" is not allowed here; a restore file holds only "
		   "pf set, vf bind, vf set and vf clear lines",
		   "pf", "claim", "0000:01:00.0");
	restore_is(pf, RESTORE_SKIP, NULL, "pf", "claim", "0000:01:00.1");
	restore_is(pf, RESTORE_REFUSE, "\"pf release\"", "pf", "release", "eth0");
	restore_is(pf, RESTORE_SKIP, NULL, "pf", "release", "eth1");
	restore_is(pf, RESTORE_REFUSE, "\"pf show\"", "pf", "show", "01:00.0");
	restore_is(pf, RESTORE_REFUSE, "\"vf reset\"", "vf", "reset", "01:00.0", "0");
	restore_is(pf, RESTORE_SKIP, NULL, "vf", "reset", "01:00.1", "0");
	restore_is(pf, RESTORE_REFUSE, "\"vf show\"", "vf", "show", "eth0", "0");
	restore_is(pf, RESTORE_REFUSE, "\"vf list\"", "vf", "list", "eth0");
	restore_is(pf, RESTORE_SKIP, NULL, "vf", "list", "eth1");

	/* A line that names no PF cannot be for another one. */
	restore_is(pf, RESTORE_REFUSE, "\"vf list\"", "vf", "list");
	restore_is(pf, RESTORE_REFUSE, "\"pf list\"", "pf", "list");
	restore_is(pf, RESTORE_REFUSE, "\"pf help\"", "pf", "help");
	restore_is(pf, RESTORE_REFUSE, "\"monitor\" is not allowed", "monitor", NULL);
	restore_is(pf, RESTORE_REFUSE, "\"save\"", "save", NULL, "/tmp/x");
	restore_is(pf, RESTORE_REFUSE, "\"restore\"", "restore", NULL, "0000:01:00.0");
	restore_is(pf, RESTORE_REFUSE, "\"help\"", "help", NULL);
	/* A command newer than this list: taken as naming no PF. */
	restore_is(pf, RESTORE_REFUSE, "\"vf check\"", "vf", "check", "0000:01:00.0");

	/* check and hostdev-xml name a PF, and configure nothing. */
	restore_is(pf, RESTORE_REFUSE, "\"check\" is not allowed", "check", NULL,
		   "0000:01:00.0", "0");
	restore_is(pf, RESTORE_SKIP, NULL, "check", NULL, "eth1", "0");
	restore_is(pf, RESTORE_REFUSE, "\"hostdev-xml\"", "hostdev-xml", NULL, "eth0", "0");
	restore_is(pf, RESTORE_SKIP, NULL, "hostdev-xml", NULL, "0000:01:00.1", "0",
		   "--interface");

	/* A PF that cannot be resolved: which PF the line is for is unknown. */
	restore_is(pf, RESTORE_BAD_PF, NULL, "pf", "set", "eth9", "numvfs", "1");
	restore_is(pf, RESTORE_BAD_PF, NULL, "vf", "set", "00:3g.0", "0", "trust", "on");
	restore_is(pf, RESTORE_BAD_PF, NULL, "pf", "claim", "eth9");

	/* The resolver is asked only about the PF argument, once. */
	restore_line("pf", "list", 0, (char *const[]){ NULL }, pf, fake_resolve, &fake,
		     why, sizeof(why));
	restore_line("monitor", NULL, 0, (char *const[]){ NULL }, pf, fake_resolve, &fake,
		     why, sizeof(why));
	check(fake.calls == 0, "restore: lines without a PF resolve nothing");
	restore_line("vf", "set", 3, (char *const[]){ "eth1", "eth0", "x", NULL }, pf,
		     fake_resolve, &fake, why, sizeof(why));
	check(fake.calls == 1, "restore: only the first argument is a PF");
}

/* ---- save: vf bind lines ---- */

static int bind_line_fn(FILE *f, const void *obj, char *why, size_t len)
{
	return save_bind_line(f, obj, why, len);
}

static void test_save_bind(void)
{
	char why[SAVE_WHY_LEN] = "", *got, *argv[8];
	struct pf_info pfs[2];
	struct vf_info vf, vfs[3];
	const char *tok_why;
	uint32_t drv = 99;
	int err, argc;

	vf_sample(&vf);
	got = save_out(bind_line_fn, &vf, &err, why);
	check(!err && !strcmp(got, "vf bind 0000:01:00.0 3 vfio-pci\n"),
	      "save: vf bind line for a vf-bind choice");
	argc = line_tokenise(got, argv, ARRAY_SIZE(argv), &tok_why);
	check(argc == 5 && !strcmp(argv[0], "vf") && !strcmp(argv[1], "bind") &&
	      !vf_driver_parse(argv[4], &drv) && drv == VFMGR_VF_DRIVER_VFIO_PCI,
	      "save: a vf bind line reads back as the same driver");
	free(got);
	vf.vf_driver = VFMGR_VF_DRIVER_NONE;
	got = save_out(bind_line_fn, &vf, &err, why);
	check(!err && !strcmp(got, "vf bind 0000:01:00.0 3 none\n"),
	      "save: vf bind line for none");
	free(got);
	vf.have &= ~VF_HAVE(VFMGR_A_VF_VF_DRIVER);
	got = save_out(bind_line_fn, &vf, &err, why);
	check(!err && !got[0], "save: no vf bind line without a vf-bind choice");
	free(got);
	vf_sample(&vf);
	vf.vf_driver = 9;
	got = save_out(bind_line_fn, &vf, &err, why);
	check(err == -EINVAL && strstr(why, "VF driver 9 is unknown to this vfctl") && !got[0],
	      "save refuses a VF driver it cannot name");
	free(got);

	/* pf set, then the binds, then the settings: VFs exist before either. */
	pf_sample(&pfs[0]);
	pfs[0].num_vfs = 2;
	pf_sample(&pfs[1]);
	snprintf(pfs[1].pci, sizeof(pfs[1].pci), "0000:01:00.1");
	pfs[1].num_vfs = 1;
	pfs[1].vf_driver = VFMGR_VF_DRIVER_IGBVF;
	vf_default(&vfs[0], "0000:01:00.0", 0);
	vf_default(&vfs[1], "0000:01:00.0", 1);
	vfs[1].have |= VF_HAVE(VFMGR_A_VF_VF_DRIVER);
	vfs[1].vf_driver = VFMGR_VF_DRIVER_IGBVF;
	vf_default(&vfs[2], "0000:01:00.1", 0);
	vfs[2].have |= VF_HAVE(VFMGR_A_VF_VF_DRIVER);
	vfs[2].vf_driver = VFMGR_VF_DRIVER_VFIO_PCI;
	save_file_is(pfs, 2, vfs, 3, 0,
		     SAVE_HEADER
		     "\n"
		     "pf set 0000:01:00.0 numvfs 2 driver vfio-pci\n"
		     "vf bind 0000:01:00.0 1 igbvf\n"
		     "vf set 0000:01:00.0 0 mac 00:00:00:00:00:00 vlan 0 qos 0 spoofchk on"
		     " trust off state auto max_tx_rate 0 max_frame 0\n"
		     "vf set 0000:01:00.0 1 mac 00:00:00:00:00:00 vlan 0 qos 0 spoofchk on"
		     " trust off state auto max_tx_rate 0 max_frame 0\n"
		     "\n"
		     "pf set 0000:01:00.1 numvfs 1 driver igbvf\n"
		     "vf bind 0000:01:00.1 0 vfio-pci\n"
		     "vf set 0000:01:00.1 0 mac 00:00:00:00:00:00 vlan 0 qos 0 spoofchk on"
		     " trust off state auto max_tx_rate 0 max_frame 0\n",
		     "pf set, then vf bind lines, then vf set lines");
	vfs[2].vf_driver = 7;
	save_file_is(pfs, 2, vfs, 3, -EINVAL, NULL, "a VF driver it cannot write: fails");
}

/* ---- config space ---- */

/* A config space: header type, PCIe capability of type at 0x40 (type < 0: none). */
static void cfg_make(uint8_t *cfg, int type)
{
	memset(cfg, 0, PCICFG_EXT_LEN);
	cfg[0x00] = 0x86;
	cfg[0x01] = 0x80;
	cfg[0x0e] = 0x00;
	if (type < 0)
		return;
	cfg[0x06] = 0x10;		/* status: capability list */
	cfg[0x34] = 0x50;
	cfg[0x50] = 0x01;		/* power management, then */
	cfg[0x51] = 0x70;
	cfg[0x70] = PCICFG_CAP_ID_EXP;
	cfg[0x71] = 0x00;
	cfg[0x72] = (uint8_t)(0x02 | type << 4);
}

/* An extended capability at pos, next at next. */
static void ext_cap(uint8_t *cfg, unsigned int pos, uint16_t id, unsigned int next)
{
	uint32_t hdr = id | 1u << 16 | next << 20;

	cfg[pos] = hdr & 0xff;
	cfg[pos + 1] = hdr >> 8 & 0xff;
	cfg[pos + 2] = hdr >> 16 & 0xff;
	cfg[pos + 3] = hdr >> 24 & 0xff;
}

static void test_pcicfg(void)
{
	static uint8_t cfg[PCICFG_EXT_LEN];
	uint16_t cap = 0, ctrl = 0;

	cfg_make(cfg, PCICFG_EXP_ENDPOINT);
	check(pcicfg_find_cap(cfg, PCICFG_EXT_LEN, PCICFG_CAP_ID_EXP) == 0x70,
	      "pcicfg: PCIe capability found after another one");
	check(pcicfg_pcie_type(cfg, PCICFG_EXT_LEN) == PCICFG_EXP_ENDPOINT &&
	      pcicfg_pcie_is_endpoint(PCICFG_EXP_ENDPOINT) &&
	      !strcmp(pcicfg_pcie_type_text(PCICFG_EXP_ENDPOINT), "PCIe endpoint") &&
	      !strcmp(pcicfg_pcie_type_key(PCICFG_EXP_ENDPOINT), "endpoint"),
	      "pcicfg: an endpoint");
	check(pcicfg_pcie_type(cfg, PCICFG_UNPRIV_LEN) == -ERANGE &&
	      pcicfg_acs(cfg, PCICFG_UNPRIV_LEN, &cap, &ctrl) == -ERANGE,
	      "pcicfg: 64 bytes are not enough to tell (non-root)");
	check(pcicfg_pcie_type(cfg, 0x10) == -ERANGE && pcicfg_header_type(cfg, 0x10) == -ERANGE,
	      "pcicfg: a cut header is not enough either");
	check(pcicfg_acs(cfg, 256, &cap, &ctrl) == -ERANGE,
	      "pcicfg: 256 bytes of a PCIe function do not tell about ACS");
	check(pcicfg_acs(cfg, PCICFG_EXT_LEN, &cap, &ctrl) == -ENOENT,
	      "pcicfg: no extended capabilities, no ACS");

	cfg_make(cfg, PCICFG_EXP_ROOT_PORT);
	ext_cap(cfg, 0x100, 0x0001, 0x148);	/* AER */
	ext_cap(cfg, 0x148, PCICFG_EXT_CAP_ID_ACS, 0);
	cfg[0x14c] = 0x5f;			/* capability: SV TB RR CR UF, DT */
	cfg[0x14e] = PCICFG_ACS_SV | PCICFG_ACS_RR | PCICFG_ACS_CR;
	check(pcicfg_pcie_type(cfg, PCICFG_EXT_LEN) == PCICFG_EXP_ROOT_PORT &&
	      !pcicfg_pcie_is_endpoint(PCICFG_EXP_ROOT_PORT),
	      "pcicfg: a root port is not an endpoint");
	check(pcicfg_find_ext_cap(cfg, PCICFG_EXT_LEN, PCICFG_EXT_CAP_ID_ACS) == 0x148 &&
	      !pcicfg_acs(cfg, PCICFG_EXT_LEN, &cap, &ctrl) && cap == 0x5f &&
	      ctrl == (PCICFG_ACS_SV | PCICFG_ACS_RR | PCICFG_ACS_CR),
	      "pcicfg: ACS found second in the extended list, its registers read");
	ext_cap(cfg, 0x148, 0x000b, 0x148);	/* a loop, no ACS */
	check(pcicfg_acs(cfg, PCICFG_EXT_LEN, &cap, &ctrl) == -ENOENT,
	      "pcicfg: a looping extended list ends");
	cfg[0x71] = 0x70;			/* a looping capability list */
	cfg[0x70] = 0x05;
	check(pcicfg_pcie_type(cfg, PCICFG_EXT_LEN) == PCICFG_NOT_PCIE,
	      "pcicfg: a looping capability list ends");

	cfg_make(cfg, -1);
	check(pcicfg_pcie_type(cfg, 256) == PCICFG_NOT_PCIE &&
	      pcicfg_header_type(cfg, 256) == 0 &&
	      pcicfg_acs(cfg, 256, &cap, &ctrl) == -ENOENT,
	      "pcicfg: conventional PCI: no PCIe type, no ACS");
	memset(cfg, 0xff, 256);
	check(pcicfg_pcie_type(cfg, 256) == PCICFG_NOT_PCIE,
	      "pcicfg: all ones (the device is gone) has no capability");
	check(!pcicfg_pcie_type_text(3) && !pcicfg_pcie_type_key(11) &&
	      !strcmp(pcicfg_pcie_type_text(PCICFG_EXP_DOWNSTREAM),
		      "PCIe switch downstream port"),
	      "pcicfg: type names, none for a reserved type");
}

/* ---- check and hostdev-xml ---- */

static struct check_member sample_members[3];
static struct check_bridge sample_bridges[2];

/* An assignable VF behind a root port with ACS, its PF in its own group. */
static void check_sample(struct vf_check *c)
{
	memset(c, 0, sizeof(*c));
	memset(sample_members, 0, sizeof(sample_members));
	memset(sample_bridges, 0, sizeof(sample_bridges));
	snprintf(c->pf, sizeof(c->pf), "0000:01:00.0");
	c->vf = 0;
	snprintf(c->pci, sizeof(c->pci), "0000:01:10.0");
	c->pcie_type = PCICFG_EXP_ENDPOINT;
	c->header_type = 0;
	c->iommu_group = 12;
	snprintf(sample_members[0].addr, CHECK_NAME_LEN, "0000:01:10.0");
	snprintf(sample_members[0].driver, CHECK_NAME_LEN, "igbvf");
	c->members = sample_members;
	c->n_members = 1;
	c->viable = CHECK_YES;
	snprintf(sample_bridges[0].addr, CHECK_NAME_LEN, "0000:00:01.0");
	sample_bridges[0].acs = CHECK_YES;
	sample_bridges[0].acs_ctrl = PCICFG_ACS_SV | PCICFG_ACS_RR | PCICFG_ACS_CR |
				     PCICFG_ACS_UF;
	c->bridges = sample_bridges;
	c->n_bridges = 1;
	snprintf(c->reset, sizeof(c->reset), "flr");
	snprintf(c->driver, sizeof(c->driver), "igbvf");
	c->in_use = CHECK_NO;
}

static void check_text_is(const struct vf_check *c, const char *want, const char *desc)
{
	char *buf;
	size_t len;
	FILE *f = capture_open(&buf, &len, desc);

	if (!f)
		return;
	check_text(f, c);
	capture_is(f, &buf, want, desc);
}

static void check_json_is(const struct vf_check *c, const char *want, const char *desc)
{
	struct json_writer w;
	char *buf;
	size_t len;
	FILE *f = capture_open(&buf, &len, desc);

	if (!f)
		return;
	json_init(&w, f, false);
	check_json(&w, c);
	json_finish(&w);
	capture_is(f, &buf, want, desc);
}

static void verdict_is(const struct vf_check *c, bool want, const char *want_reason,
		       const char *desc)
{
	char reason[256];
	bool got = check_verdict(c, reason, sizeof(reason));

	check(got == want && !strcmp(reason, want_reason), "check verdict: %s", desc);
	if (strcmp(reason, want_reason)) {
		diag("got:", reason);
		diag("want:", want_reason);
	}
}

static void hostdev_is(const char *desc, const char *want, int argc, char **argv)
{
	struct pci_addr addr = { 0, 0x01, 0x10, 0x1 };
	char why[HOSTDEV_WHY_LEN] = "", *buf;
	struct hostdev_opts o;
	size_t len;
	FILE *f;

	if (hostdev_parse(argc, argv, &o, why, sizeof(why))) {
		check(false, "hostdev-xml %s", desc);
		diag("why:", why);
		return;
	}
	f = capture_open(&buf, &len, desc);
	if (!f)
		return;
	hostdev_xml_write(f, &addr, &o);
	capture_is(f, &buf, want, desc);
}

static void hostdev_bad(const char *want, int argc, char **argv)
{
	char why[HOSTDEV_WHY_LEN] = "";
	struct hostdev_opts o;

	check(hostdev_parse(argc, argv, &o, why, sizeof(why)) == -EINVAL &&
	      strstr(why, want), "hostdev-xml refuses: %s", want);
	if (!strstr(why, want))
		diag("why:", why);
}

static void test_check(void)
{
	struct vf_check c;

	check(check_driver_leaves_dma("vfio-pci") && check_driver_leaves_dma("pci-stub") &&
	      check_driver_leaves_dma("pcieport") &&
	      check_driver_leaves_dma("mlx5_vfio_pci") && !check_driver_leaves_dma("igb") &&
	      !check_driver_leaves_dma("igbvf") && !check_driver_leaves_dma("vfio"),
	      "check: drivers that leave DMA to their user");

	check_sample(&c);
	verdict_is(&c, true, "", "assignable");
	check_text_is(&c,
		      "pci          0000:01:10.0\n"
		      "type         PCIe endpoint\n"
		      "iommu_group  12\n"
		      "member       0000:01:10.0 igbvf\n"
		      "viable       yes\n"
		      "acs          0000:00:01.0 SV+ RR+ CR+ UF+\n"
		      "reset        flr\n"
		      "driver       igbvf\n"
		      "in_use       no\n"
		      "verdict: assignable\n",
		      "check text: assignable");
	check_json_is(&c,
		      "{\"pf\":\"0000:01:00.0\",\"vf\":0,\"pci\":\"0000:01:10.0\","
		      "\"type\":\"endpoint\",\"endpoint\":true,\"type_error\":null,"
		      "\"iommu_group\":12,\"members\":[{\"pci\":\"0000:01:10.0\","
		      "\"driver\":\"igbvf\"}],\"viable\":true,\"blocker\":null,"
		      "\"upstream\":[{\"pci\":\"0000:00:01.0\",\"acs\":true,\"sv\":true,"
		      "\"rr\":true,\"cr\":true,\"uf\":true,\"error\":null}],"
		      "\"reset_method\":[\"flr\"],\"driver\":\"igbvf\",\"in_use\":false,"
		      "\"in_use_error\":null,\"holders\":[],\"assignable\":true,\"reason\":null}\n",
		      "check JSON: assignable");

	/* The PF joins the group under igb: what the kernel would say too. */
	snprintf(sample_members[1].addr, CHECK_NAME_LEN, "0000:01:00.0");
	snprintf(sample_members[1].driver, CHECK_NAME_LEN, "igb");
	snprintf(sample_members[2].addr, CHECK_NAME_LEN, "0000:00:01.0");
	snprintf(sample_members[2].driver, CHECK_NAME_LEN, "pcieport");
	c.n_members = 3;
	check_viable_from_members(&c);
	check(c.viable == CHECK_NO && !strcmp(c.blocker, "0000:01:00.0 (igb)"),
	      "check: a member bound to a host driver makes the group not viable");
	verdict_is(&c, false, "group not viable: 0000:01:00.0 (igb)", "group not viable");
	sample_members[1].driver[0] = '\0';
	check_viable_from_members(&c);
	check(c.viable == CHECK_YES && !c.blocker[0],
	      "check: unbound members and PCIe ports do not stand in the way");
	snprintf(sample_members[0].driver, CHECK_NAME_LEN, "e1000e");
	check_viable_from_members(&c);
	check(c.viable == CHECK_YES, "check: the VF's own driver does not count");
	c.in_use = CHECK_YES;
	verdict_is(&c, false, "in use", "in use");
	c.viable = CHECK_NO;
	snprintf(c.blocker, sizeof(c.blocker), "0000:01:00.0 (vfmgr)");
	verdict_is(&c, false, "group not viable: 0000:01:00.0 (vfmgr)",
		   "not viable comes before in use");
	c.iommu_group = -1;
	check_viable_from_members(&c);
	verdict_is(&c, false, "no IOMMU group", "no IOMMU group comes first");

	/* What a user without root and without the module gets. */
	check_sample(&c);
	c.iommu_group = -1;
	c.n_members = 0;
	c.viable = CHECK_UNKNOWN;
	c.pcie_type = -ERANGE;
	snprintf(c.cfg_why, sizeof(c.cfg_why), "reading config space beyond 64 bytes needs root");
	sample_bridges[0].acs = CHECK_UNKNOWN;
	snprintf(sample_bridges[0].why, CHECK_WHY_LEN,
		 "reading config space beyond 64 bytes needs root");
	snprintf(sample_bridges[1].addr, CHECK_NAME_LEN, "0000:00:00.0");
	sample_bridges[1].acs = CHECK_NO;
	c.n_bridges = 2;
	c.reset[0] = '\0';
	c.driver[0] = '\0';
	c.in_use = CHECK_UNKNOWN;
	snprintf(c.in_use_why, sizeof(c.in_use_why), "vfmgr module not loaded");
	check_text_is(&c,
		      "pci          0000:01:10.0\n"
		      "type         unknown (reading config space beyond 64 bytes needs root)\n"
		      "iommu_group  -\n"
		      "viable       -\n"
		      "acs          0000:00:01.0 unknown (reading config space beyond 64 bytes needs root)\n"
		      "acs          0000:00:00.0 none\n"
		      "reset        none\n"
		      "driver       -\n"
		      "in_use       unknown (vfmgr module not loaded)\n"
		      "verdict: not assignable: no IOMMU group\n",
		      "check text: unknowns said as such, no group");
	check_json_is(&c,
		      "{\"pf\":\"0000:01:00.0\",\"vf\":0,\"pci\":\"0000:01:10.0\","
		      "\"type\":null,\"endpoint\":null,\"type_error\":\"reading config space "
		      "beyond 64 bytes needs root\",\"iommu_group\":null,\"members\":[],"
		      "\"viable\":null,\"blocker\":null,\"upstream\":[{\"pci\":\"0000:00:01.0\","
		      "\"acs\":null,\"sv\":null,\"rr\":null,\"cr\":null,\"uf\":null,"
		      "\"error\":\"reading config space beyond 64 bytes needs root\"},"
		      "{\"pci\":\"0000:00:00.0\",\"acs\":false,\"sv\":null,\"rr\":null,"
		      "\"cr\":null,\"uf\":null,\"error\":null}],\"reset_method\":[],"
		      "\"driver\":null,\"in_use\":null,\"in_use_error\":\"vfmgr module not "
		      "loaded\",\"holders\":[],\"assignable\":false,\"reason\":\"no IOMMU group\"}\n",
		      "check JSON: unknowns are null, with the reason");

	check_sample(&c);
	c.pcie_type = PCICFG_EXP_DOWNSTREAM;
	c.n_bridges = 0;
	snprintf(c.reset, sizeof(c.reset), "flr bus");
	sample_bridges[0].acs_ctrl = PCICFG_ACS_SV | PCICFG_ACS_UF;
	check_text_is(&c,
		      "pci          0000:01:10.0\n"
		      "type         PCIe switch downstream port (not an endpoint)\n"
		      "iommu_group  12\n"
		      "member       0000:01:10.0 igbvf\n"
		      "viable       yes\n"
		      "acs          - (no upstream bridge)\n"
		      "reset        flr bus\n"
		      "driver       igbvf\n"
		      "in_use       no\n"
		      "verdict: assignable\n",
		      "check text: a port, no bridge above, two reset methods");
	c.n_bridges = 1;
	c.pcie_type = PCICFG_NOT_PCIE;
	c.viable = CHECK_NO;
	snprintf(c.blocker, sizeof(c.blocker), "0000:01:00.0 (igb)");
	check_text_is(&c,
		      "pci          0000:01:10.0\n"
		      "type         conventional PCI device\n"
		      "iommu_group  12\n"
		      "member       0000:01:10.0 igbvf\n"
		      "viable       no: 0000:01:00.0 (igb)\n"
		      "acs          0000:00:01.0 SV+ RR- CR- UF+\n"
		      "reset        flr bus\n"
		      "driver       igbvf\n"
		      "in_use       no\n"
		      "verdict: not assignable: group not viable: 0000:01:00.0 (igb)\n",
		      "check text: partial ACS, not viable");

	/* hostdev-xml */
	hostdev_is("default: a managed hostdev",
		   "<hostdev mode='subsystem' type='pci' managed='yes'>\n"
		   "  <source>\n"
		   "    <address domain='0x0000' bus='0x01' slot='0x10' function='0x1'/>\n"
		   "  </source>\n"
		   "</hostdev>\n", 0, (char *[]){ NULL });
	hostdev_is("--interface with MAC and VLAN",
		   "<interface type='hostdev' managed='yes'>\n"
		   "  <mac address='52:54:00:ab:cd:ef'/>\n"
		   "  <source>\n"
		   "    <address type='pci' domain='0x0000' bus='0x01' slot='0x10' function='0x1'/>\n"
		   "  </source>\n"
		   "  <vlan>\n"
		   "    <tag id='100'/>\n"
		   "  </vlan>\n"
		   "</interface>\n",
		   5, (char *[]){ "--interface", "--mac", "52:54:00:AB:CD:EF", "--vlan", "100",
				  NULL });
	hostdev_is("-i alone, options shortened",
		   "<interface type='hostdev' managed='yes'>\n"
		   "  <source>\n"
		   "    <address type='pci' domain='0x0000' bus='0x01' slot='0x10' function='0x1'/>\n"
		   "  </source>\n"
		   "</interface>\n", 1, (char *[]){ "-i", NULL });
	hostdev_is("--vlan before --interface",
		   "<interface type='hostdev' managed='yes'>\n"
		   "  <source>\n"
		   "    <address type='pci' domain='0x0000' bus='0x01' slot='0x10' function='0x1'/>\n"
		   "  </source>\n"
		   "  <vlan>\n"
		   "    <tag id='4095'/>\n"
		   "  </vlan>\n"
		   "</interface>\n", 3, (char *[]){ "--vlan", "4095", "--interface", NULL });
	hostdev_bad("\"--mac\" needs --interface", 2, (char *[]){ "--mac", "02:00:00:00:00:01", NULL });
	hostdev_bad("\"--vlan\" needs --interface", 2, (char *[]){ "--vlan", "5", NULL });
	hostdev_bad("invalid MAC \"02:00:00:00:00\" (expected xx:xx:xx:xx:xx:xx)", 3,
		    (char *[]){ "--interface", "--mac", "02:00:00:00:00", NULL });
	hostdev_bad("MAC \"01:00:5e:00:00:01\" is multicast", 3,
		    (char *[]){ "--interface", "--mac", "01:00:5e:00:00:01", NULL });
	hostdev_bad("MAC \"00:00:00:00:00:00\" is all zeroes", 3,
		    (char *[]){ "--interface", "--mac", "00:00:00:00:00:00", NULL });
	hostdev_bad("invalid VLAN ID \"0\" (expected 1-4095)", 3,
		    (char *[]){ "--interface", "--vlan", "0", NULL });
	hostdev_bad("invalid VLAN ID \"4096\"", 3, (char *[]){ "--interface", "--vlan", "4096", NULL });
	hostdev_bad("invalid VLAN ID \"ten\"", 3, (char *[]){ "--interface", "--vlan", "ten", NULL });
	hostdev_bad("missing value for \"--vlan\"", 2, (char *[]){ "--interface", "--vlan", NULL });
	hostdev_bad("\"--interface\" given twice", 2, (char *[]){ "--interface", "-interface", NULL });
	hostdev_bad("unknown option \"--model\"", 1, (char *[]){ "--model", NULL });
	hostdev_bad("unexpected argument \"vlan\"", 3, (char *[]){ "--interface", "vlan", "5", NULL });
}

/* ---- holders of a VF through VFIO ---- */

static int rm_one(const char *path, const struct stat *st __attribute__((unused)),
		  int flag __attribute__((unused)), struct FTW *ftw __attribute__((unused)))
{
	return remove(path);
}

/* What a failed check found; nothing for a check that passed. */
static void got_if_failed(const char *text)
{
	if (!results[n_results - 1].ok)
		diag("got", text);
}

/* mkdir -p ROOT/SUB for the fake trees. */
static void mkdirs(const char *root, const char *sub)
{
	char path[PATH_MAX], *p;

	snprintf(path, sizeof(path), "%s/%s", root, sub);
	for (p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
	mkdir(path, 0755);
}

static void mklink(const char *root, const char *sub, const char *target)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", root, sub);
	if (symlink(target, path))
		check(false, "holder: symlink %s failed", path);
}

static void mkfile(const char *root, const char *sub, const char *text)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, sub);
	f = fopen(path, "w");
	if (!f) {
		check(false, "holder: cannot create %s", path);
		return;
	}
	fputs(text, f);
	fclose(f);
}

/* The pids and comms found, "1234 qemu|700 ?", into buf. */
/*
 * What answer_perror() prints for a vf bind that failed with err, on
 * stderr, compared with want.
 */
static void stderr_is(const struct vfctl_genl *g, int err, const char *want,
		      const char *desc)
{
	char path[] = "/tmp/vfctl-unit-err.XXXXXX", buf[1024];
	int fd = mkstemp(path), saved;
	ssize_t n = -1;

	fflush(stderr);
	saved = dup(2);
	if (fd >= 0 && saved >= 0) {
		dup2(fd, 2);
		answer_perror(g, err, "vf bind", NULL, 0);
		fflush(stderr);
		dup2(saved, 2);
		n = pread(fd, buf, sizeof(buf) - 1, 0);
	}
	buf[n > 0 ? n : 0] = '\0';
	if (saved >= 0)
		close(saved);
	if (fd >= 0) {
		close(fd);
		unlink(path);
	}
	check(!strcmp(buf, want), "%s", desc);
	got_if_failed(buf);
}

static void holders_str(const struct holder *h, size_t n, char *buf, size_t len)
{
	size_t used = 0, i;

	buf[0] = '\0';
	for (i = 0; i < n && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%d %s", i ? "|" : "",
					 h[i].pid, h[i].comm);
}

static void test_holder(void)
{
	char dir[] = "/tmp/vfctl-unit.XXXXXX", proc[PATH_MAX], sys[PATH_MAX];
	char buf[256], small[32];
	const char *old_sys, *old_proc;
	struct holder_targets t = { .n = 1 };
	struct holder *h;
	struct vf_check c;
	size_t n;
	int err;

	if (!mkdtemp(dir)) {
		check(false, "holder: mkdtemp failed");
		return;
	}
	snprintf(proc, sizeof(proc), "%s/proc", dir);
	snprintf(sys, sizeof(sys), "%s/sys", dir);

	/* QEMU with the group open twice, among ordinary descriptors. */
	mkdirs(proc, "1234/fd");
	mkfile(proc, "1234/comm", "qemu-system-x86\n");
	mklink(proc, "1234/fd/0", "/dev/null");
	mklink(proc, "1234/fd/17", "/dev/vfio/12");
	mklink(proc, "1234/fd/18", "/dev/vfio/12");
	mklink(proc, "1234/fd/19", "/dev/vfio/vfio");
	/* Another group, a longer name that starts the same, the VF's cdev. */
	mkdirs(proc, "555/fd");
	mkfile(proc, "555/comm", "other-vm\n");
	mklink(proc, "555/fd/4", "/dev/vfio/13");
	mklink(proc, "555/fd/5", "/dev/vfio/120");
	mkdirs(proc, "99/fd");
	mkfile(proc, "99/comm", "vfio-user\n");
	mklink(proc, "99/fd/3", "/dev/vfio/devices/vfio0");
	/* No comm: the process went away between the two reads. */
	mkdirs(proc, "700/fd");
	mklink(proc, "700/fd/5", "/dev/vfio/12");
	/* Not a process, or no descriptors to look at. */
	mkdirs(proc, "self/fd");
	mklink(proc, "self/fd/3", "/dev/vfio/12");
	mkdirs(proc, "12abc/fd");
	mklink(proc, "12abc/fd/3", "/dev/vfio/12");
	mkdirs(proc, "77");
	mkfile(proc, "77/comm", "zombie\n");
	mkfile(proc, "uptime", "1.0 1.0\n");

	snprintf(t.path[0], sizeof(t.path[0]), "/dev/vfio/12");
	err = holder_scan(proc, &t, &h, &n);
	holders_str(h, n, buf, sizeof(buf));
	check(!err && n == 2 && !strcmp(buf, "700 ?|1234 qemu-system-x86"),
	      "holder: the group's holders, once each, by pid");
	got_if_failed(buf);
	holder_text(buf, sizeof(buf), h, n);
	check(!strcmp(buf, "? pid 700, qemu-system-x86 pid 1234"),
	      "holder: text is comma-separated COMM pid PID");
	got_if_failed(buf);
	holder_text(small, sizeof(small), h, n);
	check(!strcmp(small, "? pid 700"), "holder: a short buffer ends after a whole holder");
	free(h);

	t.n = 2;
	snprintf(t.path[1], sizeof(t.path[1]), "/dev/vfio/devices/vfio0");
	err = holder_scan(proc, &t, &h, &n);
	holders_str(h, n, buf, sizeof(buf));
	check(!err && !strcmp(buf, "99 vfio-user|700 ?|1234 qemu-system-x86"),
	      "holder: the VF's own VFIO device file counts too");
	got_if_failed(buf);
	free(h);

	snprintf(t.path[0], sizeof(t.path[0]), "/dev/vfio/14");
	t.n = 1;
	err = holder_scan(proc, &t, &h, &n);
	check(!err && !n && !h, "holder: nobody holds an unused group");
	t.n = 0;
	err = holder_scan(proc, &t, &h, &n);
	check(!err && !n && !h, "holder: no files, nobody");
	snprintf(buf, sizeof(buf), "%s/missing", dir);
	t.n = 1;
	err = holder_scan(buf, &t, &h, &n);
	check(err == -ENOENT && !n && !h, "holder: a missing /proc is ENOENT");

	/* From the PF's virtfnN through the VF's iommu_group, via the roots. */
	mkdirs(sys, "bus/pci/devices/0000:01:00.0");
	mkdirs(sys, "bus/pci/devices/0000:01:10.0/vfio-dev/vfio0");
	mkdirs(sys, "bus/pci/devices/0000:01:10.2");
	mkdirs(sys, "kernel/iommu_groups/12");
	mklink(sys, "bus/pci/devices/0000:01:00.0/virtfn0", "../0000:01:10.0");
	mklink(sys, "bus/pci/devices/0000:01:00.0/virtfn1", "../0000:01:10.2");
	mklink(sys, "bus/pci/devices/0000:01:10.0/iommu_group",
	       "../../../../kernel/iommu_groups/12");
	old_sys = getenv("VFCTL_SYSFS");
	old_proc = getenv("VFCTL_PROC");
	setenv("VFCTL_SYSFS", sys, 1);
	setenv("VFCTL_PROC", proc, 1);

	err = holder_targets_vf("0000:01:10.0", &t);
	check(!err && t.n == 3 && !strcmp(t.path[0], "/dev/vfio/12") &&
	      !strcmp(t.path[1], "/dev/vfio/noiommu-12") &&
	      !strcmp(t.path[2], "/dev/vfio/devices/vfio0"),
	      "holder: a VF's files are its group's, noiommu's and its own");
	err = holder_targets_vf("0000:01:10.2", &t);
	check(!err && !t.n, "holder: a VF without group or VFIO device has none");
	check(!strcmp(proc_root(), proc), "holder: VFCTL_PROC is the /proc root");

	err = holder_find_pf_vf("0000:01:00.0", 0, &h, &n);
	holders_str(h, n, buf, sizeof(buf));
	check(!err && !strcmp(buf, "99 vfio-user|700 ?|1234 qemu-system-x86"),
	      "holder: VF 0 of the PF found through virtfn0");
	got_if_failed(buf);
	free(h);
	err = holder_find_pf_vf("0000:01:00.0", 1, &h, &n);
	check(!err && !n && !h, "holder: VF 1 without a group has no holders");
	err = holder_find_pf_vf("0000:01:00.0", 2, &h, &n);
	check(err == -ENOENT && !n && !h, "holder: no virtfn2, ENOENT");

	/* A refusal naming the VF in its cookie gets the VF's holders. */
	{
		struct vfctl_genl g = { 0 };
		uint32_t vf = 0;

		g.ext.error = -EBUSY;
		g.ext.bad_attr = -1;
		snprintf(g.ext.msg, sizeof(g.ext.msg), "VF 0 is in use through VFIO");
		snprintf(g.ext.pf, sizeof(g.ext.pf), "0000:01:00.0");
		memcpy(g.ext.cookie, &vf, sizeof(vf));
		g.ext.cookie_len = sizeof(vf);
		stderr_is(&g, -EBUSY, "vfctl: VF 0 is in use through VFIO (held by "
			  "vfio-user pid 99, ? pid 700, qemu-system-x86 pid 1234)\n",
			  "answer: an EBUSY cookie names the VF whose holders are shown");
		snprintf(g.ext.msg, sizeof(g.ext.msg), "VF 0 is busy (its driver is being unbound)");
		stderr_is(&g, -EBUSY, "vfctl: VF 0 is busy (its driver is being unbound) (held by "
			  "vfio-user pid 99, ? pid 700, qemu-system-x86 pid 1234)\n",
			  "answer: whatever the message, the cookie picks the VF");
		vf = 1;
		memcpy(g.ext.cookie, &vf, sizeof(vf));
		snprintf(g.ext.msg, sizeof(g.ext.msg), "VF 1 is in use through VFIO");
		stderr_is(&g, -EBUSY, "vfctl: VF 1 is in use through VFIO\n",
			  "answer: nobody found, the message alone");
		vf = 0;
		memcpy(g.ext.cookie, &vf, sizeof(vf));
		g.ext.cookie_len = 0;
		snprintf(g.ext.msg, sizeof(g.ext.msg), "VF 0 is in use through VFIO");
		stderr_is(&g, -EBUSY, "vfctl: VF 0 is in use through VFIO\n",
			  "answer: no cookie, no VF: the message is not read for one");
		g.ext.cookie_len = 2;
		stderr_is(&g, -EBUSY, "vfctl: VF 0 is in use through VFIO\n",
			  "answer: a cookie of another size names no VF");
		g.ext.cookie_len = sizeof(vf);
		g.ext.pf[0] = '\0';
		stderr_is(&g, -EBUSY, "vfctl: VF 0 is in use through VFIO\n",
			  "answer: a request that named no PF");
		snprintf(g.ext.pf, sizeof(g.ext.pf), "0000:01:00.0");
		g.ext.error = -EINVAL;
		stderr_is(&g, -EINVAL, "vfctl: VF 0 is in use through VFIO\n",
			  "answer: only EBUSY refusals look for holders");
		g.ext.error = -EBUSY;
		g.ext.msg[0] = '\0';
		stderr_is(&g, -EBUSY, "vfctl: vf bind: Device or resource busy (held by "
			  "vfio-user pid 99, ? pid 700, qemu-system-x86 pid 1234)\n",
			  "answer: without a message, the errno and the holders");
	}

	if (old_sys)
		setenv("VFCTL_SYSFS", old_sys, 1);
	else
		unsetenv("VFCTL_SYSFS");
	if (old_proc)
		setenv("VFCTL_PROC", old_proc, 1);
	else
		unsetenv("VFCTL_PROC");
	check(!strcmp(proc_root(), old_proc && *old_proc ? old_proc : "/proc"),
	      "holder: /proc without VFCTL_PROC");
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);

	/* What check says of them. */
	{
		struct holder two[2] = { { 1234, "qemu-system-x86" }, { 1240, "qemu\"x" } };

		check_sample(&c);
		c.in_use = CHECK_YES;
		c.holders = two;
		c.n_holders = 1;
		check_text_is(&c,
			      "pci          0000:01:10.0\n"
			      "type         PCIe endpoint\n"
			      "iommu_group  12\n"
			      "member       0000:01:10.0 igbvf\n"
			      "viable       yes\n"
			      "acs          0000:00:01.0 SV+ RR+ CR+ UF+\n"
			      "reset        flr\n"
			      "driver       igbvf\n"
			      "in_use       yes (qemu-system-x86 pid 1234)\n"
			      "verdict: not assignable: in use\n",
			      "check text: in use, with its holder");
		c.n_holders = 2;
		check_json_is(&c,
			      "{\"pf\":\"0000:01:00.0\",\"vf\":0,\"pci\":\"0000:01:10.0\","
			      "\"type\":\"endpoint\",\"endpoint\":true,\"type_error\":null,"
			      "\"iommu_group\":12,\"members\":[{\"pci\":\"0000:01:10.0\","
			      "\"driver\":\"igbvf\"}],\"viable\":true,\"blocker\":null,"
			      "\"upstream\":[{\"pci\":\"0000:00:01.0\",\"acs\":true,\"sv\":true,"
			      "\"rr\":true,\"cr\":true,\"uf\":true,\"error\":null}],"
			      "\"reset_method\":[\"flr\"],\"driver\":\"igbvf\",\"in_use\":true,"
			      "\"in_use_error\":null,\"holders\":[{\"pid\":1234,\"comm\":"
			      "\"qemu-system-x86\"},{\"pid\":1240,\"comm\":\"qemu\\\"x\"}],"
			      "\"assignable\":false,\"reason\":\"in use\"}\n",
			      "check JSON: holders, comm escaped");
		c.in_use = CHECK_UNKNOWN;
		snprintf(c.in_use_why, sizeof(c.in_use_why), "vfmgr module not loaded");
		c.n_holders = 1;
		check_text_is(&c,
			      "pci          0000:01:10.0\n"
			      "type         PCIe endpoint\n"
			      "iommu_group  12\n"
			      "member       0000:01:10.0 igbvf\n"
			      "viable       yes\n"
			      "acs          0000:00:01.0 SV+ RR+ CR+ UF+\n"
			      "reset        flr\n"
			      "driver       igbvf\n"
			      "in_use       unknown (vfmgr module not loaded)\n"
			      "verdict: assignable\n",
			      "check text: holders only shown for a VF known to be in use");
		c.in_use = CHECK_YES;
		c.n_holders = 2;
		check_text_is(&c,
			      "pci          0000:01:10.0\n"
			      "type         PCIe endpoint\n"
			      "iommu_group  12\n"
			      "member       0000:01:10.0 igbvf\n"
			      "viable       yes\n"
			      "acs          0000:00:01.0 SV+ RR+ CR+ UF+\n"
			      "reset        flr\n"
			      "driver       igbvf\n"
			      "in_use       yes (qemu-system-x86 pid 1234, qemu\"x pid 1240)\n"
			      "verdict: not assignable: in use\n",
			      "check text: several holders comma-separated");
	}
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
	test_batch();
	test_words();
	test_abbrev();
	test_array_grow();
	test_json();
	test_vf_set();
	test_vf_id();
	test_vf_info();
	test_pci_cmp();
	test_pf_set();
	test_pf_info();
	test_event();
	test_save();
	test_save_bind();
	test_atomic();
	test_restore();
	test_pcicfg();
	test_check();
	test_holder();

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
