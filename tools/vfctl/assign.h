/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Handing a VF to a VM: what "vfctl check" found out about it and the
 * verdict libvirt would reach, and the domain XML "vfctl hostdev-xml"
 * prints. Filled in by check.c from sysfs and vf-get; no I/O here beyond
 * the stream given, so the host unit tests pin the formats and verdicts.
 */
#ifndef VFCTL_ASSIGN_H
#define VFCTL_ASSIGN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "holder.h"
#include "json.h"
#include "util.h"

#define CHECK_NAME_LEN	64
#define CHECK_WHY_LEN	96

/* A device in the VF's IOMMU group. */
struct check_member {
	char addr[CHECK_NAME_LEN];
	char driver[CHECK_NAME_LEN];	/* "" when unbound */
};

/* A bridge between the VF and its root bus, and its ACS. */
struct check_bridge {
	char addr[CHECK_NAME_LEN];
	int acs;			/* 1 has ACS, 0 has none, -1 unknown (why) */
	uint16_t acs_ctrl;		/* the ACS Control register, if acs */
	char why[CHECK_WHY_LEN];
};

/* Tri-state facts: known yes, known no, unknown. */
enum { CHECK_UNKNOWN = -1, CHECK_NO = 0, CHECK_YES = 1 };

struct vf_check {
	char pf[PCI_ADDR_STRLEN];
	uint32_t vf;
	char pci[PCI_ADDR_STRLEN];
	int pcie_type;			/* PCICFG_EXP_*, PCICFG_NOT_PCIE, or -ERANGE etc. */
	int header_type;		/* for a function that is not PCI Express */
	char cfg_why[CHECK_WHY_LEN];	/* why the type is unknown, "" if known */
	int iommu_group;		/* -1: none */
	struct check_member *members;
	size_t n_members;
	int viable;			/* CHECK_*; CHECK_UNKNOWN without a group */
	char blocker[128];		/* "ADDRESS (DRIVER)" when not viable */
	struct check_bridge *bridges;	/* nearest first */
	size_t n_bridges;
	char reset[128];		/* reset_method, "" for none */
	char driver[CHECK_NAME_LEN];	/* "" when unbound */
	int in_use;			/* CHECK_*; unknown without the module */
	char in_use_why[CHECK_WHY_LEN];	/* why in_use is unknown */
	struct holder *holders;		/* processes holding it through VFIO */
	size_t n_holders;
};

bool check_driver_leaves_dma(const char *driver);
void check_viable_from_members(struct vf_check *c);
bool check_verdict(const struct vf_check *c, char *reason, size_t len);
void check_text(FILE *f, const struct vf_check *c);
void check_json(struct json_writer *w, const struct vf_check *c);

/* "vfctl hostdev-xml" options after PF VF. */
struct hostdev_opts {
	bool interface;
	bool have_mac;
	uint8_t mac[MAC_LEN];
	uint16_t vlan;			/* 0: none */
};

#define HOSTDEV_WHY_LEN 160

int hostdev_parse(int argc, char *const *argv, struct hostdev_opts *opts,
		  char *why, size_t len);
void hostdev_xml_write(FILE *f, const struct pci_addr *addr,
		       const struct hostdev_opts *opts);

#endif /* VFCTL_ASSIGN_H */
