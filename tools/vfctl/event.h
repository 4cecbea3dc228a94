/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vf-event notifications of the vfmgr family: parsed from their netlink
 * message and printed as "vfctl monitor" prints them, one line each. No
 * socket here, so the host unit tests cover parsing and both formats.
 */
#ifndef VFCTL_EVENT_H
#define VFCTL_EVENT_H

#include <stdint.h>
#include <stdio.h>

#include <linux/netlink.h>

#include "family-gen.h"

/* Bit for a VFMGR_A_VF_* attribute in vf_event.have, as in vf_info. */
#define EV_HAVE(attr)	(1u << (attr))

struct vf_event {
	uint32_t have;			/* EV_HAVE() of each attribute present */
	char pf_pci[VFMGR_VF_PF_PCI_MAX_LEN + 1];
	uint32_t id;
	uint32_t event;			/* enum vfmgr_event */
	uint32_t source;		/* enum vfmgr_source */
	char reason[512];
	char driver[64];
};

int vf_event_parse(struct nlmsghdr *nlh, struct vf_event *ev);
void vf_event_text(FILE *f, const struct vf_event *ev);
void vf_event_json(FILE *f, const struct vf_event *ev);

const char *vf_event_name(uint32_t event);
const char *vf_source_name(uint32_t source);

#endif /* VFCTL_EVENT_H */
