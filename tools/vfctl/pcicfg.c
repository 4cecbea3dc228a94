// SPDX-License-Identifier: GPL-2.0
/*
 * Walking a PCI function's configuration space for "vfctl check": the
 * capability list (from the pointer at 0x34, if the status register says
 * there is one), the extended capability list (from 0x100, PCI Express
 * functions only), the device/port type and the ACS registers.
 *
 * Lists are followed at most as many steps as the space has room for, so
 * a loop in a broken list ends. All ones is what a function that went
 * away reads as; it counts as no capability.
 */
#include <errno.h>
#include <stddef.h>

#include "pcicfg.h"

#define PCI_STATUS		0x06
#define PCI_STATUS_CAP_LIST	0x10
#define PCI_HEADER_TYPE		0x0e
#define PCI_CAPABILITY_LIST	0x34
#define PCI_STD_HEADER_LEN	0x40
#define PCI_CFG_LEN		0x100
#define PCI_EXP_FLAGS		0x02
#define PCI_ACS_CAP		0x04
#define PCI_ACS_CTRL		0x06

static uint16_t get16(const uint8_t *cfg, size_t off)
{
	return (uint16_t)(cfg[off] | cfg[off + 1] << 8);
}

static uint32_t get32(const uint8_t *cfg, size_t off)
{
	return (uint32_t)get16(cfg, off) | (uint32_t)get16(cfg, off + 2) << 16;
}

/* Offset of capability id, -ENOENT if there is none, -ERANGE if cut short. */
int pcicfg_find_cap(const uint8_t *cfg, size_t len, uint8_t id)
{
	unsigned int pos, steps;

	if (len < PCI_STD_HEADER_LEN)
		return -ERANGE;
	if (get16(cfg, PCI_STATUS) == 0xffff ||
	    !(get16(cfg, PCI_STATUS) & PCI_STATUS_CAP_LIST))
		return -ENOENT;
	pos = cfg[PCI_CAPABILITY_LIST] & ~3u;
	for (steps = 0; steps < (PCI_CFG_LEN - PCI_STD_HEADER_LEN) / 4; steps++) {
		if (pos < PCI_STD_HEADER_LEN)
			return -ENOENT;
		if (pos + 2 > len)
			return -ERANGE;
		if (cfg[pos] == 0xff)
			return -ENOENT;
		if (cfg[pos] == id)
			return (int)pos;
		pos = cfg[pos + 1] & ~3u;
	}
	return -ENOENT;
}

/* Device/port type, PCICFG_NOT_PCIE, or -ERANGE. */
int pcicfg_pcie_type(const uint8_t *cfg, size_t len)
{
	int pos = pcicfg_find_cap(cfg, len, PCICFG_CAP_ID_EXP);

	if (pos == -ENOENT)
		return PCICFG_NOT_PCIE;
	if (pos < 0)
		return pos;
	if ((size_t)pos + PCI_EXP_FLAGS + 2 > len)
		return -ERANGE;
	return (get16(cfg, (size_t)pos + PCI_EXP_FLAGS) >> 4) & 0xf;
}

/* Header layout: 0 a device, 1 a PCI-to-PCI bridge, 2 a CardBus bridge. */
int pcicfg_header_type(const uint8_t *cfg, size_t len)
{
	if (len < PCI_STD_HEADER_LEN)
		return -ERANGE;
	return cfg[PCI_HEADER_TYPE] & 0x7f;
}

/* Offset of extended capability id; only PCI Express functions have them. */
int pcicfg_find_ext_cap(const uint8_t *cfg, size_t len, uint16_t id)
{
	unsigned int pos = PCI_CFG_LEN, steps;
	int type = pcicfg_pcie_type(cfg, len);
	uint32_t hdr;

	if (type == PCICFG_NOT_PCIE)
		return -ENOENT;
	if (type < 0)
		return type;
	for (steps = 0; steps < (PCICFG_EXT_LEN - PCI_CFG_LEN) / 8; steps++) {
		if (pos + 4 > len)
			return -ERANGE;
		hdr = get32(cfg, pos);
		if (!hdr || hdr == 0xffffffffu)
			return -ENOENT;
		if ((hdr & 0xffff) == id)
			return (int)pos;
		pos = (hdr >> 20) & ~3u;
		if (pos < PCI_CFG_LEN)
			return -ENOENT;
	}
	return -ENOENT;
}

/* The ACS Capability and Control registers; -ENOENT without ACS. */
int pcicfg_acs(const uint8_t *cfg, size_t len, uint16_t *cap, uint16_t *ctrl)
{
	int pos = pcicfg_find_ext_cap(cfg, len, PCICFG_EXT_CAP_ID_ACS);

	if (pos < 0)
		return pos;
	if ((size_t)pos + PCI_ACS_CTRL + 2 > len)
		return -ERANGE;
	*cap = get16(cfg, (size_t)pos + PCI_ACS_CAP);
	*ctrl = get16(cfg, (size_t)pos + PCI_ACS_CTRL);
	return 0;
}

static const struct {
	const char *text;
	const char *key;
} exp_types[16] = {
	[PCICFG_EXP_ENDPOINT] = { "PCIe endpoint", "endpoint" },
	[PCICFG_EXP_LEGACY_ENDPOINT] = { "legacy PCIe endpoint", "legacy-endpoint" },
	[PCICFG_EXP_ROOT_PORT] = { "PCIe root port", "root-port" },
	[PCICFG_EXP_UPSTREAM] = { "PCIe switch upstream port", "upstream-port" },
	[PCICFG_EXP_DOWNSTREAM] = { "PCIe switch downstream port", "downstream-port" },
	[PCICFG_EXP_PCIE_TO_PCI] = { "PCIe-to-PCI bridge", "pcie-to-pci-bridge" },
	[PCICFG_EXP_PCI_TO_PCIE] = { "PCI-to-PCIe bridge", "pci-to-pcie-bridge" },
	[PCICFG_EXP_RC_ENDPOINT] = { "root complex integrated endpoint",
				     "rc-integrated-endpoint" },
	[PCICFG_EXP_RC_EVENT_COLLECTOR] = { "root complex event collector",
					    "rc-event-collector" },
};

/* "PCIe endpoint"; NULL for a type the spec reserves. */
const char *pcicfg_pcie_type_text(int type)
{
	return type >= 0 && type < 16 ? exp_types[type].text : NULL;
}

/* "endpoint", for JSON; NULL for a type the spec reserves. */
const char *pcicfg_pcie_type_key(int type)
{
	return type >= 0 && type < 16 ? exp_types[type].key : NULL;
}

/* A function that is neither a port nor a bridge. */
bool pcicfg_pcie_is_endpoint(int type)
{
	return type == PCICFG_EXP_ENDPOINT || type == PCICFG_EXP_LEGACY_ENDPOINT ||
	       type == PCICFG_EXP_RC_ENDPOINT;
}
