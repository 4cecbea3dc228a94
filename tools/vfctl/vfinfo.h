/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One VF as the kernel's vf-get reply describes it, and how "vf show" and
 * "vf list" print it. Filled in from netlink by vf.c; printed here without
 * netlink, so the host unit tests pin the output formats down.
 */
#ifndef VFCTL_VFINFO_H
#define VFCTL_VFINFO_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "family-gen.h"
#include "json.h"
#include "util.h"

/* Bit for a VFMGR_A_VF_* attribute in vf_info.have. */
#define VF_HAVE(attr)	(1ull << (attr))

_Static_assert(VFMGR_A_VF_MAX < 64, "vf_info.have holds one bit per attribute");

struct vf_info {
	uint64_t have;			/* VF_HAVE() of each attribute present */
	char pf_pci[VFMGR_VF_PF_PCI_MAX_LEN + 1];
	uint32_t id;
	char pci[32];
	uint8_t mac[MAC_LEN];
	uint8_t cur_mac[MAC_LEN];
	uint16_t vlan;
	uint8_t qos;
	bool spoofchk;
	bool trust;
	uint32_t link_state;
	uint32_t max_tx_rate;
	uint32_t max_frame;
	bool cts;
	char driver[64];
	uint64_t mbx_requests;
	uint64_t mbx_accepted;
	uint64_t mbx_refused;
	uint64_t resets;
	uint64_t rx_packets;
	uint64_t tx_packets;
	uint64_t rx_bytes;
	uint64_t tx_bytes;
	uint64_t multicast;
	uint32_t iommu_group;
	uint32_t vf_driver;		/* enum vfmgr_vf_driver: vf-bind's choice */
	bool iommu_viable;
	char iommu_blocker[128];	/* "ADDRESS (DRIVER)" */
	bool in_use;			/* a VFIO user holds the group */
	bool busy;			/* its driver is being unbound: no driver, in_use */
	bool quarantined;		/* flooded the mailbox: not served until vf reset */
	uint64_t quarantines;
	uint64_t mbx_ignored;		/* messages left unserved in quarantine */
	uint32_t vlans;			/* VLANs the VF joined by request */
	uint32_t mac_filters;		/* extra MAC filters the VF added */
};

void vf_info_text(FILE *f, const struct vf_info *vf);
void vf_info_json(struct json_writer *w, const struct vf_info *vf);
void vf_info_list_header(FILE *f);
void vf_info_list_line(FILE *f, const struct vf_info *vf);
int vf_info_cmp(const void *a, const void *b);

#endif /* VFCTL_VFINFO_H */
