/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The settings of "vfctl vf set": the words of the command line turned
 * into one request, checked before anything is sent. No I/O, no netlink,
 * so the host unit tests can try every accepted and refused command line.
 */
#ifndef VFCTL_VFSET_H
#define VFCTL_VFSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "family-gen.h"
#include "util.h"

/* Ranges the family's policy accepts, from the spec's checks. */
#define VF_ID_MAX		VFMGR_VF_ID_MAX
#define VF_VLAN_MAX		VFMGR_VF_VLAN_MAX
#define VF_QOS_MAX		VFMGR_VF_QOS_MAX
#define VF_MAX_TX_RATE_MAX	VFMGR_VF_MAX_TX_RATE_MAX
#define VF_MAX_FRAME_MAX	VFMGR_VF_MAX_FRAME_MAX

_Static_assert(VFMGR_VF_MAC_LEN == MAC_LEN, "the family's MACs are Ethernet's");

/* Which members of struct vf_set the request carries. */
enum {
	VF_SET_MAC		= 1 << 0,
	VF_SET_VLAN		= 1 << 1,	/* always with VF_SET_QOS */
	VF_SET_QOS		= 1 << 2,
	VF_SET_SPOOFCHK		= 1 << 3,
	VF_SET_TRUST		= 1 << 4,
	VF_SET_LINK_STATE	= 1 << 5,
	VF_SET_MAX_TX_RATE	= 1 << 6,
	VF_SET_MAX_FRAME	= 1 << 7,
};

struct vf_set {
	unsigned int fields;		/* VF_SET_* */
	uint8_t mac[MAC_LEN];		/* all zeroes: clear the admin MAC */
	uint16_t vlan;
	uint8_t qos;
	bool spoofchk;
	bool trust;
	uint32_t link_state;		/* enum vfmgr_link_state */
	uint32_t max_tx_rate;		/* Mbps, 0: no limit */
	uint32_t max_frame;		/* bytes, 0: the NIC's limit */
};

/* Room for the longest message vf_set_parse() writes, quoted token included. */
#define VF_SET_WHY_LEN 160

int vf_id_parse(const char *s, uint32_t *id);
int vf_set_parse(int argc, char *const *argv, struct vf_set *req,
		 char *why, size_t len);

const char *link_state_name(uint32_t state);
int link_state_parse(const char *s, uint32_t *state);

#endif /* VFCTL_VFSET_H */
