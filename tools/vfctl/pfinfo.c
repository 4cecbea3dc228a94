// SPDX-License-Identifier: GPL-2.0
/*
 * What the vfmgr family says about a PF, as "pf show" prints it, and the
 * "pf set" command line turned into one PF_SET request.
 *
 * As with "vf set", every word is checked before anything is sent: an
 * unknown driver, a malformed count or a limit beyond what the family's
 * policy accepts is a usage error naming the word. Whether the port can
 * have that many VFs is the kernel's to say.
 */
#include <errno.h>
#include <string.h>

#include "family-gen.h"
#include "pfinfo.h"
#include "util.h"
#include "words.h"

const char *vf_driver_name(uint32_t driver)
{
	return enum_name(vfmgr_vf_driver_names, ARRAY_SIZE(vfmgr_vf_driver_names),
			 driver);
}

/* The exact names only, so batch files read one way. */
int vf_driver_parse(const char *s, uint32_t *driver)
{
	return enum_parse(s, vfmgr_vf_driver_names, ARRAY_SIZE(vfmgr_vf_driver_names),
			  driver);
}

static bool has(const struct pf_info *pf, int attr)
{
	return pf->have & PF_HAVE(attr);
}

/*
 * The lines "pf show" adds after the sysfs ones when vfmgr drives the port,
 * each only if the kernel sent its attribute:
 *
 * ifname       enp1s0
 * link         up 1000 Mbps
 * vf_driver    vfio-pci
 * mbx_requests 12
 * mbx_refused  1
 * vf_resets    2
 * vf_vlan_quota 8
 * vf_mac_quota 3
 * vf_mbx_rate  200
 *
 * The limits of "pf set" are named as their JSON keys, like the rest;
 * vf_vlan_quota is one letter too long for the column.
 */
void pf_info_text(FILE *f, const struct pf_info *pf)
{
	const char *name;

	if (has(pf, VFMGR_A_PF_IFNAME))
		fprintf(f, "ifname       %s\n", pf->ifname);
	if (has(pf, VFMGR_A_PF_LINK_UP) && !pf->link_up)
		fprintf(f, "link         down\n");
	else if (has(pf, VFMGR_A_PF_LINK_UP))
		fprintf(f, "link         up %u Mbps\n", pf->link_speed);
	if (has(pf, VFMGR_A_PF_VF_DRIVER)) {
		name = vf_driver_name(pf->vf_driver);
		if (name)
			fprintf(f, "vf_driver    %s\n", name);
		else
			fprintf(f, "vf_driver    %u\n", pf->vf_driver);
	}
	if (has(pf, VFMGR_A_PF_MBX_REQUESTS))
		fprintf(f, "mbx_requests %llu\n", (unsigned long long)pf->mbx_requests);
	if (has(pf, VFMGR_A_PF_MBX_REFUSED))
		fprintf(f, "mbx_refused  %llu\n", (unsigned long long)pf->mbx_refused);
	if (has(pf, VFMGR_A_PF_VF_RESETS))
		fprintf(f, "vf_resets    %llu\n", (unsigned long long)pf->vf_resets);
	if (has(pf, VFMGR_A_PF_VF_VLAN_QUOTA))
		fprintf(f, "vf_vlan_quota %u\n", pf->vf_vlan_quota);
	if (has(pf, VFMGR_A_PF_VF_MAC_QUOTA))
		fprintf(f, "vf_mac_quota %u\n", pf->vf_mac_quota);
	if (has(pf, VFMGR_A_PF_VF_MBX_RATE))
		fprintf(f, "vf_mbx_rate  %u\n", pf->vf_mbx_rate);
}

/* JSON keys are the family's attribute names with '_' for '-'. */
static void kv_u64(struct json_writer *w, const struct pf_info *pf, int attr,
		   uint64_t val)
{
	if (has(pf, attr))
		json_kv_uint(w, vfmgr_pf_attr_keys[attr], val);
	else
		json_kv_null(w, vfmgr_pf_attr_keys[attr]);
}

/*
 * The members "pf show -j" adds to the sysfs ones, always all of them, null
 * for an attribute the kernel did not send. A driver newer than this vfctl
 * is its number as a string, like an unknown link state.
 */
void pf_info_json(struct json_writer *w, const struct pf_info *pf)
{
	const char *const *keys = vfmgr_pf_attr_keys;
	char buf[16];
	const char *name;

	if (has(pf, VFMGR_A_PF_IFNAME))
		json_kv_string(w, keys[VFMGR_A_PF_IFNAME], pf->ifname);
	else
		json_kv_null(w, keys[VFMGR_A_PF_IFNAME]);
	if (has(pf, VFMGR_A_PF_LINK_UP))
		json_kv_bool(w, keys[VFMGR_A_PF_LINK_UP], pf->link_up);
	else
		json_kv_null(w, keys[VFMGR_A_PF_LINK_UP]);
	kv_u64(w, pf, VFMGR_A_PF_LINK_SPEED, pf->link_speed);
	if (has(pf, VFMGR_A_PF_VF_DRIVER)) {
		name = vf_driver_name(pf->vf_driver);
		if (!name) {
			snprintf(buf, sizeof(buf), "%u", pf->vf_driver);
			name = buf;
		}
		json_kv_string(w, keys[VFMGR_A_PF_VF_DRIVER], name);
	} else {
		json_kv_null(w, keys[VFMGR_A_PF_VF_DRIVER]);
	}
	kv_u64(w, pf, VFMGR_A_PF_MBX_REQUESTS, pf->mbx_requests);
	kv_u64(w, pf, VFMGR_A_PF_MBX_REFUSED, pf->mbx_refused);
	kv_u64(w, pf, VFMGR_A_PF_VF_RESETS, pf->vf_resets);
	kv_u64(w, pf, VFMGR_A_PF_VF_VLAN_QUOTA, pf->vf_vlan_quota);
	kv_u64(w, pf, VFMGR_A_PF_VF_MAC_QUOTA, pf->vf_mac_quota);
	kv_u64(w, pf, VFMGR_A_PF_VF_MBX_RATE, pf->vf_mbx_rate);
}

/* PFs in address order, numerically. */
int pf_info_cmp(const void *a, const void *b)
{
	const struct pf_info *x = a, *y = b;

	return pci_addr_cmp(x->pci, y->pci);
}

/* The settings of "pf set": keyword i sets bit 1 << i, the PF_SET_* order. */
static const char *const keywords[] = {
	"numvfs", "driver", "vf_vlan_quota", "vf_mac_quota", "vf_mbx_rate",
};

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
 * argv holds "numvfs N", "driver DRIVER", "vf_vlan_quota N", "vf_mac_quota
 * N" and "vf_mbx_rate N", any of them, in any order, each at most once.
 * Fills *req only on success; on failure returns -EINVAL with why naming
 * the word that is wrong.
 */
int pf_set_parse(int argc, char *const *argv, struct pf_set *req,
		 char *why, size_t len)
{
	struct pf_set r = { 0 };
	unsigned int bit;
	const char *val;
	int i, k;

	for (i = 0; i < argc; i += 2) {
		k = keyword_index(argv[i]);
		if (k < 0)
			return fail_why(why, len, "unknown setting \"%s\"", argv[i]);
		bit = 1u << k;
		if (r.fields & bit)
			return fail_why(why, len, "\"%s\" given twice", argv[i]);
		if (i + 1 >= argc)
			return fail_why(why, len, "missing value for \"%s\"", argv[i]);
		val = argv[i + 1];

		switch (bit) {
		case PF_SET_NUM_VFS:
			if (bounded(val, PF_NUM_VFS_MAX, &r.num_vfs))
				return fail_why(why, len,
						"invalid numvfs \"%s\" (expected 0-%u)",
						val, PF_NUM_VFS_MAX);
			break;
		case PF_SET_VF_DRIVER:
			if (vf_driver_parse(val, &r.vf_driver))
				return fail_why(why, len,
						"invalid driver \"%s\" (expected " WORDS_DRIVER_EXPECTED ")",
						val);
			break;
		case PF_SET_VF_VLAN_QUOTA:
			if (bounded(val, PF_VF_VLAN_QUOTA_MAX, &r.vf_vlan_quota))
				return fail_why(why, len,
						"invalid vf_vlan_quota \"%s\" (expected 0-%u VLANs per VF)",
						val, PF_VF_VLAN_QUOTA_MAX);
			break;
		case PF_SET_VF_MAC_QUOTA:
			if (bounded(val, PF_VF_MAC_QUOTA_MAX, &r.vf_mac_quota))
				return fail_why(why, len,
						"invalid vf_mac_quota \"%s\" (expected 0-%u MAC filters per VF)",
						val, PF_VF_MAC_QUOTA_MAX);
			break;
		case PF_SET_VF_MBX_RATE:
			if (bounded(val, PF_VF_MBX_RATE_MAX, &r.vf_mbx_rate))
				return fail_why(why, len,
						"invalid vf_mbx_rate \"%s\" (expected 0-%u messages/s, 0 for no limit)",
						val, PF_VF_MBX_RATE_MAX);
			break;
		}
		r.fields |= bit;
	}
	if (!r.fields)
		return fail_why(why, len, "nothing to set");
	*req = r;
	return 0;
}
