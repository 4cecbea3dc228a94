/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfmgr private header: the objects every layer shares.
 */
#ifndef _VFMGR_H
#define _VFMGR_H

#include <linux/if_ether.h>
#include <linux/pci.h>
#include <linux/types.h>

#define VFMGR_DRV_NAME	"vfmgr"

/**
 * struct vfmgr_pf - one physical function (NIC port) owned by vfmgr
 * @pdev: the port's PCI device
 * @hw_addr: mapping of BAR0, the device registers
 * @perm_addr: station address the port reported when it was claimed
 */
struct vfmgr_pf {
	struct pci_dev *pdev;
	u8 __iomem *hw_addr;
	u8 perm_addr[ETH_ALEN];
};

extern struct pci_driver vfmgr_pf_driver;

#endif /* _VFMGR_H */
