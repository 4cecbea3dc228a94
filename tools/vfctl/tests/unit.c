// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for vfctl's parsers (util.c, vfset.c), its JSON writer
 * (json.c) and its VF output formats (vfinfo.c).
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
#include "../vfinfo.h"
#include "../vfset.h"

#define MAX_CHECKS 1024

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

	vf_set_defaults(&dflt);
	memset(&want, 0, sizeof(want));
	want.fields = VF_SET_MAC | VF_SET_VLAN | VF_SET_QOS | VF_SET_SPOOFCHK |
		      VF_SET_TRUST | VF_SET_LINK_STATE | VF_SET_MAX_TX_RATE |
		      VF_SET_MAX_FRAME;
	want.spoofchk = true;
	want.link_state = VFMGR_LINK_STATE_AUTO;
	check(vf_set_equal(&dflt, &want),
	      "vf clear: every setting, at its default, spoofchk on");
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
	vf->have = 0xffffffffu;
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
}

/* The same VF as a kernel sends it without a VF device or a driver. */
static void vf_sample_bare(struct vf_info *vf)
{
	vf_sample(vf);
	vf->have &= ~(VF_HAVE(VFMGR_A_VF_PCI) | VF_HAVE(VFMGR_A_VF_DRIVER));
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
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f) {
		check(false, "%s: open_memstream failed", desc);
		return;
	}
	fn(f, vf);
	fclose(f);
	check(!strcmp(buf, want), "%s", desc);
	if (strcmp(buf, want)) {
		diag("got:", buf);
		diag("want:", want);
	}
	free(buf);
}

static void json_one(FILE *f, const struct vf_info *vf)
{
	struct json_writer w;

	json_init(&w, f, false);
	vf_info_json(&w, vf);
	json_finish(&w);
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
		  "vf 3 pci 0000:01:10.6 driver igbvf\n"
		  "  mac 02:00:00:00:00:10 (in use 52:54:00:ab:cd:ef) vlan 100 qos 5"
		  " spoofchk on trust off state disable max_tx_rate 200 max_frame 1518\n"
		  "  handshake done\n"
		  "  mailbox: requests 12 accepted 11 refused 1 resets 2\n"
		  "  rx: packets 1000 bytes 64000 multicast 18446744073709551615"
		  "  tx: packets 2000 bytes 128000\n",
		  "vf show text");
	output_is(json_one, &vf,
		  "{\"pf_pci\":\"0000:01:00.0\",\"id\":3,\"pci\":\"0000:01:10.6\","
		  "\"mac\":\"02:00:00:00:00:10\",\"cur_mac\":\"52:54:00:ab:cd:ef\","
		  "\"vlan\":100,\"qos\":5,\"spoofchk\":true,\"trust\":false,"
		  "\"link_state\":\"disable\",\"max_tx_rate\":200,\"max_frame\":1518,"
		  "\"cts\":true,\"driver\":\"igbvf\",\"mbx_requests\":12,"
		  "\"mbx_accepted\":11,\"mbx_refused\":1,\"resets\":2,"
		  "\"rx_packets\":1000,\"tx_packets\":2000,\"rx_bytes\":64000,"
		  "\"tx_bytes\":128000,\"multicast\":18446744073709551615}\n",
		  "vf JSON: every key, in the spec's order");
	output_is(list_header, &vf,
		  "PF            VF   PCI           DRIVER      MAC                VLAN  STATE    TRUST\n",
		  "vf list header");
	output_is(vf_info_list_line, &vf,
		  "0000:01:00.0  3    0000:01:10.6  igbvf       52:54:00:ab:cd:ef  100   disable  off\n",
		  "vf list line shows the MAC in use");

	vf_sample_bare(&vf);
	output_is(vf_info_text, &vf,
		  "vf 3 pci - driver -\n"
		  "  mac 02:00:00:00:00:10 (in use 52:54:00:ab:cd:ef) vlan 100 qos 5"
		  " spoofchk on trust on state auto max_tx_rate 200 max_frame 1518\n"
		  "  handshake not done\n"
		  "  mailbox: requests 12 accepted 11 refused 1 resets 2\n"
		  "  rx: packets 1000 bytes 64000 multicast 18446744073709551615"
		  "  tx: packets 2000 bytes 128000\n",
		  "vf show text without a VF device or driver");
	output_is(vf_info_list_line, &vf,
		  "0000:01:00.0  3    -             -           52:54:00:ab:cd:ef  100   auto     on\n",
		  "vf list line without a VF device or driver");
	output_is(json_one, &vf,
		  "{\"pf_pci\":\"0000:01:00.0\",\"id\":3,\"pci\":null,"
		  "\"mac\":\"02:00:00:00:00:10\",\"cur_mac\":\"52:54:00:ab:cd:ef\","
		  "\"vlan\":100,\"qos\":5,\"spoofchk\":true,\"trust\":true,"
		  "\"link_state\":\"auto\",\"max_tx_rate\":200,\"max_frame\":1518,"
		  "\"cts\":false,\"driver\":null,\"mbx_requests\":12,"
		  "\"mbx_accepted\":11,\"mbx_refused\":1,\"resets\":2,"
		  "\"rx_packets\":1000,\"tx_packets\":2000,\"rx_bytes\":64000,"
		  "\"tx_bytes\":128000,\"multicast\":18446744073709551615}\n",
		  "vf JSON without a VF device or driver: null");

	/* What a kernel that did not send an attribute gets. */
	vf_sample(&vf);
	vf.have = VF_HAVE(VFMGR_A_VF_PF_PCI) | VF_HAVE(VFMGR_A_VF_ID);
	output_is(vf_info_text, &vf,
		  "vf 3 pci - driver -\n"
		  "  mac - (in use -) vlan - qos - spoofchk - trust - state - max_tx_rate - max_frame -\n"
		  "  handshake -\n"
		  "  mailbox: requests - accepted - refused - resets -\n"
		  "  rx: packets - bytes - multicast -  tx: packets - bytes -\n",
		  "vf show text: an attribute not sent is \"-\"");
	output_is(json_one, &vf,
		  "{\"pf_pci\":\"0000:01:00.0\",\"id\":3,\"pci\":null,\"mac\":null,"
		  "\"cur_mac\":null,\"vlan\":null,\"qos\":null,\"spoofchk\":null,"
		  "\"trust\":null,\"link_state\":null,\"max_tx_rate\":null,"
		  "\"max_frame\":null,\"cts\":null,\"driver\":null,\"mbx_requests\":null,"
		  "\"mbx_accepted\":null,\"mbx_refused\":null,\"resets\":null,"
		  "\"rx_packets\":null,\"tx_packets\":null,\"rx_bytes\":null,"
		  "\"tx_bytes\":null,\"multicast\":null}\n",
		  "vf JSON: an attribute not sent is null, the key stays");

	vf_sample(&vf);
	vf.link_state = 7;
	output_is(vf_info_list_line, &vf,
		  "0000:01:00.0  3    0000:01:10.6  igbvf       52:54:00:ab:cd:ef  100   7        off\n",
		  "vf list: an unknown link state as its number");

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
	test_vf_set();
	test_vf_id();
	test_vf_info();

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
