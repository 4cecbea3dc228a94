/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One PF as the kernel's pf-get reply describes it, how "pf show" prints
 * what the family adds, and the words of "pf set". No I/O beyond the
 * stream given and no netlink, so the host unit tests pin it all down.
 */
#ifndef VFCTL_PFINFO_H
#define VFCTL_PFINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "family-gen.h"
#include "json.h"

/* Bit for a VFMGR_A_PF_* attribute in pf_info.have. */
#define PF_HAVE(attr)	(1u << (attr))

_Static_assert(VFMGR_A_PF_MAX < 32, "pf_info.have holds one bit per attribute");

struct pf_info {
	uint32_t have;			/* PF_HAVE() of each attribute present */
	char pci[VFMGR_PF_PCI_MAX_LEN + 1];
	uint32_t ifindex;
	char ifname[64];
	uint32_t num_vfs;
	uint32_t total_vfs;
	bool link_up;
	uint32_t link_speed;		/* Mbps */
	uint32_t vf_driver;		/* enum vfmgr_vf_driver */
	uint64_t mbx_requests;
	uint64_t mbx_refused;
	uint64_t vf_resets;
	uint32_t vf_vlan_quota;		/* VLANs one VF may join */
	uint32_t vf_mac_quota;		/* extra MAC filters one VF may add */
	uint32_t vf_mbx_rate;		/* messages/s over which a VF is quarantined */
};

void pf_info_text(FILE *f, const struct pf_info *pf);
void pf_info_json(struct json_writer *w, const struct pf_info *pf);
int pf_info_cmp(const void *a, const void *b);

/* The most VFs "pf set" asks for: as many as the family has VF numbers. */
#define PF_NUM_VFS_MAX	(VFMGR_VF_ID_MAX + 1)

/* Ranges of the limits on what each VF may ask, from the spec's checks. */
#define PF_VF_VLAN_QUOTA_MAX	VFMGR_PF_VF_VLAN_QUOTA_MAX
#define PF_VF_MAC_QUOTA_MAX	VFMGR_PF_VF_MAC_QUOTA_MAX
#define PF_VF_MBX_RATE_MAX	VFMGR_PF_VF_MBX_RATE_MAX

/*
 * The module's defaults for them (driver/vfmgr.h), which a port has when
 * it binds: "save" writes only a limit that differs, so that a file saved
 * before the limits existed and one saved after read the same.
 */
#define PF_VF_VLAN_QUOTA_DEFAULT	8
#define PF_VF_MAC_QUOTA_DEFAULT		3
#define PF_VF_MBX_RATE_DEFAULT		200

/* Which members of struct pf_set the request carries. */
enum {
	PF_SET_NUM_VFS		= 1 << 0,
	PF_SET_VF_DRIVER	= 1 << 1,
	PF_SET_VF_VLAN_QUOTA	= 1 << 2,
	PF_SET_VF_MAC_QUOTA	= 1 << 3,
	PF_SET_VF_MBX_RATE	= 1 << 4,
};

struct pf_set {
	unsigned int fields;		/* PF_SET_* */
	uint32_t num_vfs;
	uint32_t vf_driver;		/* enum vfmgr_vf_driver */
	uint32_t vf_vlan_quota;
	uint32_t vf_mac_quota;
	uint32_t vf_mbx_rate;		/* messages/s, 0: never quarantine */
};

/* Room for the longest message pf_set_parse() writes, quoted token included. */
#define PF_SET_WHY_LEN 160

int pf_set_parse(int argc, char *const *argv, struct pf_set *req,
		 char *why, size_t len);

const char *vf_driver_name(uint32_t driver);
int vf_driver_parse(const char *s, uint32_t *driver);

#endif /* VFCTL_PFINFO_H */
