/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A PCI function's configuration space, as read from sysfs "config":
 * its capability lists, the PCI Express device/port type and the ACS
 * extended capability. No I/O, so the host unit tests feed it made-up
 * config spaces, short ones included.
 */
#ifndef VFCTL_PCICFG_H
#define VFCTL_PCICFG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What sysfs lets a process without CAP_SYS_ADMIN read. */
#define PCICFG_UNPRIV_LEN	64
/* The whole extended configuration space of a PCI Express function. */
#define PCICFG_EXT_LEN		4096

#define PCICFG_CAP_ID_EXP	0x10
#define PCICFG_EXT_CAP_ID_ACS	0x000d

/* ACS Capability and Control register bits (PCIe base spec 7.7.8). */
#define PCICFG_ACS_SV		0x0001	/* source validation */
#define PCICFG_ACS_TB		0x0002	/* translation blocking */
#define PCICFG_ACS_RR		0x0004	/* P2P request redirect */
#define PCICFG_ACS_CR		0x0008	/* P2P completion redirect */
#define PCICFG_ACS_UF		0x0010	/* upstream forwarding */

/* Device/port types of the PCI Express Capabilities register. */
enum {
	PCICFG_EXP_ENDPOINT		= 0x0,
	PCICFG_EXP_LEGACY_ENDPOINT	= 0x1,
	PCICFG_EXP_ROOT_PORT		= 0x4,
	PCICFG_EXP_UPSTREAM		= 0x5,
	PCICFG_EXP_DOWNSTREAM		= 0x6,
	PCICFG_EXP_PCIE_TO_PCI		= 0x7,
	PCICFG_EXP_PCI_TO_PCIE		= 0x8,
	PCICFG_EXP_RC_ENDPOINT		= 0x9,
	PCICFG_EXP_RC_EVENT_COLLECTOR	= 0xa,
};

/* "Not a PCI Express function" from pcicfg_pcie_type(). */
#define PCICFG_NOT_PCIE		(-1)

/*
 * Each returns -ERANGE when the bytes given end before the answer: the
 * caller could not read that far (sysfs gives 64 bytes to non-root).
 */
int pcicfg_find_cap(const uint8_t *cfg, size_t len, uint8_t id);
int pcicfg_find_ext_cap(const uint8_t *cfg, size_t len, uint16_t id);
int pcicfg_pcie_type(const uint8_t *cfg, size_t len);
int pcicfg_header_type(const uint8_t *cfg, size_t len);
int pcicfg_acs(const uint8_t *cfg, size_t len, uint16_t *cap, uint16_t *ctrl);

const char *pcicfg_pcie_type_text(int type);
const char *pcicfg_pcie_type_key(int type);
bool pcicfg_pcie_is_endpoint(int type);

#endif /* VFCTL_PCICFG_H */
