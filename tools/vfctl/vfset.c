// SPDX-License-Identifier: GPL-2.0
/*
 * "vf set" command lines into one VF_SET request.
 *
 * The kernel applies a request whole or not at all, so the whole command
 * line is checked here first: a typo in the last setting must not be found
 * only after the kernel refused it, and values the family's policy would
 * refuse are refused here with the word that was wrong. Limits of the
 * hardware (the port's speed, the largest frame) are left to the kernel,
 * whose message says what they are.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "family-gen.h"
#include "vfset.h"
#include "words.h"

/* In VF_SET_* bit order: keyword i sets bit 1 << i. */
static const char *const keywords[] = {
	"mac", "vlan", "qos", "spoofchk", "trust", "state", "max_tx_rate",
	"max_frame",
};

const char *link_state_name(uint32_t state)
{
	return enum_name(vfmgr_link_state_names, ARRAY_SIZE(vfmgr_link_state_names),
			 state);
}

/* The exact names only, like on/off: batch files must read one way. */
int link_state_parse(const char *s, uint32_t *state)
{
	return enum_parse(s, vfmgr_link_state_names,
			  ARRAY_SIZE(vfmgr_link_state_names), state);
}

/* A VF is its index on the PF, decimal, within what the family accepts. */
int vf_id_parse(const char *s, uint32_t *id)
{
	unsigned long long v;
	int err = uint_parse(s, 0, VF_ID_MAX, &v);

	if (!err)
		*id = (uint32_t)v;
	return err;
}

static int keyword_index(const char *word)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(keywords); i++)
		if (!strcmp(word, keywords[i]))
			return (int)i;
	return -1;
}

static int bounded(const char *s, unsigned long long max, uint32_t *val)
{
	unsigned long long v;

	if (uint_parse(s, 0, max, &v))
		return -EINVAL;
	*val = (uint32_t)v;
	return 0;
}

/*
 * argv holds "KEYWORD VALUE" pairs, in any order, each keyword at most
 * once; "qos Q" may only come straight after "vlan VID", and a VLAN given
 * without it has priority 0, as with ip link. Fills *req only on success;
 * on failure returns -EINVAL with why naming the word that is wrong.
 */
int vf_set_parse(int argc, char *const *argv, struct vf_set *req,
		 char *why, size_t len)
{
	struct vf_set r = { 0 };
	unsigned int given = 0, bit;
	int i, k, after_vlan = -1;
	const char *val;
	uint32_t v;

	for (i = 0; i < argc; i += 2) {
		k = keyword_index(argv[i]);
		if (k < 0)
			return fail_why(why, len, "unknown setting \"%s\"", argv[i]);
		bit = 1u << k;
		if (given & bit)
			return fail_why(why, len, "\"%s\" given twice", argv[i]);
		if (bit == VF_SET_QOS && i != after_vlan)
			return fail_why(why, len, "\"qos\" must directly follow \"vlan VID\"");
		if (i + 1 >= argc)
			return fail_why(why, len, "missing value for \"%s\"", argv[i]);
		given |= bit;
		val = argv[i + 1];

		switch (bit) {
		case VF_SET_MAC:
			if (mac_parse(val, r.mac))
				return fail_why(why, len,
						"invalid MAC \"%s\" (expected xx:xx:xx:xx:xx:xx)",
						val);
			if (mac_is_multicast(r.mac))
				return fail_why(why, len,
						"MAC \"%s\" is multicast; a VF needs a unicast address (all zeroes clears it)",
						val);
			break;
		case VF_SET_VLAN:
			if (bounded(val, VF_VLAN_MAX, &v))
				return fail_why(why, len,
						"invalid VLAN ID \"%s\" (expected 0-%u)",
						val, VF_VLAN_MAX);
			r.vlan = (uint16_t)v;
			r.qos = 0;
			bit |= VF_SET_QOS;
			after_vlan = i + 2;
			break;
		case VF_SET_QOS:
			if (bounded(val, VF_QOS_MAX, &v))
				return fail_why(why, len, "invalid qos \"%s\" (expected 0-%u)",
						val, VF_QOS_MAX);
			if (v && !r.vlan)
				return fail_why(why, len,
						"qos %s needs a VLAN ID other than 0", val);
			r.qos = (uint8_t)v;
			break;
		case VF_SET_SPOOFCHK:
		case VF_SET_TRUST:
			if (onoff_parse(val, bit == VF_SET_TRUST ? &r.trust : &r.spoofchk))
				return fail_why(why, len,
						"invalid %s \"%s\" (expected on or off)",
						argv[i], val);
			break;
		case VF_SET_LINK_STATE:
			if (link_state_parse(val, &r.link_state))
				return fail_why(why, len,
						"invalid state \"%s\" (expected "
						WORDS_LINK_STATE_EXPECTED ")",
						val);
			break;
		case VF_SET_MAX_TX_RATE:
			if (bounded(val, VF_MAX_TX_RATE_MAX, &r.max_tx_rate))
				return fail_why(why, len,
						"invalid max_tx_rate \"%s\" (expected 0-%u Mbps, 0 for no limit)",
						val, VF_MAX_TX_RATE_MAX);
			break;
		case VF_SET_MAX_FRAME:
			if (bounded(val, VF_MAX_FRAME_MAX, &r.max_frame))
				return fail_why(why, len,
						"invalid max_frame \"%s\" (expected 0-%u bytes, 0 for the NIC's limit)",
						val, VF_MAX_FRAME_MAX);
			break;
		}
		r.fields |= bit;
	}
	if (!r.fields)
		return fail_why(why, len, "nothing to set");
	*req = r;
	return 0;
}
