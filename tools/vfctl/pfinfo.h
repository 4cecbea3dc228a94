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
};

void pf_info_text(FILE *f, const struct pf_info *pf);
void pf_info_json(struct json_writer *w, const struct pf_info *pf);
int pf_info_cmp(const void *a, const void *b);

/* The most VFs "pf set" asks for: as many as the family has VF numbers. */
#define PF_NUM_VFS_MAX	(VFMGR_VF_ID_MAX + 1)

/* Which members of struct pf_set the request carries. */
enum {
	PF_SET_NUM_VFS		= 1 << 0,
	PF_SET_VF_DRIVER	= 1 << 1,
};

struct pf_set {
	unsigned int fields;		/* PF_SET_* */
	uint32_t num_vfs;
	uint32_t vf_driver;		/* enum vfmgr_vf_driver */
};

/* Room for the longest message pf_set_parse() writes, quoted token included. */
#define PF_SET_WHY_LEN 160

int pf_set_parse(int argc, char *const *argv, struct pf_set *req,
		 char *why, size_t len);

const char *vf_driver_name(uint32_t driver);
int vf_driver_parse(const char *s, uint32_t *driver);

#endif /* VFCTL_PFINFO_H */
