// SPDX-License-Identifier: GPL-2.0
/*
 * PF lifecycle: claiming a port (probe) and giving it back (remove).
 */
#include <linux/etherdevice.h>
#include <linux/io.h>
#include <linux/pci.h>

#include "vfmgr.h"
#include "hw/82576_regs.h"

/*
 * Every entry is override_only: the PCI core offers a port to vfmgr only
 * when the admin wrote "vfmgr" to its driver_override, and the module
 * declares no device table, so nothing autoloads it or binds it by itself.
 */
static const struct pci_device_id vfmgr_pf_ids[] = {
	{ PCI_DEVICE(PCI_VENDOR_ID_INTEL, VFMGR_82576_DEV_ID_PF),
	  .override_only = PCI_ID_F_VFIO_DRIVER_OVERRIDE },
	{ }
};

static u32 vfmgr_pf_rd32(struct vfmgr_pf *pf, u32 reg)
{
	return readl(pf->hw_addr + reg);
}

static void vfmgr_pf_read_perm_addr(struct vfmgr_pf *pf)
{
	u32 ral = vfmgr_pf_rd32(pf, vfmgr_reg_ral(0));
	u32 rah = vfmgr_pf_rd32(pf, vfmgr_reg_rah(0));

	pf->perm_addr[0] = ral;
	pf->perm_addr[1] = ral >> 8;
	pf->perm_addr[2] = ral >> 16;
	pf->perm_addr[3] = ral >> 24;
	pf->perm_addr[4] = rah;
	pf->perm_addr[5] = rah >> 8;
}

static int vfmgr_pf_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct vfmgr_pf *pf;
	int err;

	/*
	 * A driver_override naming vfmgr makes the PCI core offer any
	 * device, whatever the table says; refuse what we do not drive.
	 */
	if (!pci_match_id(vfmgr_pf_ids, pdev)) {
		pci_info(pdev, "device %04x:%04x is not an 82576 port, not claiming it\n",
			 pdev->vendor, pdev->device);
		return -ENODEV;
	}

	pf = kzalloc(sizeof(*pf), GFP_KERNEL);
	if (!pf)
		return -ENOMEM;
	pf->pdev = pdev;

	err = pci_enable_device_mem(pdev);
	if (err) {
		pci_err(pdev, "cannot enable device: %pe\n", ERR_PTR(err));
		goto err_free_pf;
	}
	err = pci_request_mem_regions(pdev, VFMGR_DRV_NAME);
	if (err) {
		pci_err(pdev, "cannot reserve BARs: %pe\n", ERR_PTR(err));
		goto err_disable_device;
	}
	pf->hw_addr = pci_iomap(pdev, 0, 0);
	if (!pf->hw_addr) {
		pci_err(pdev, "cannot map BAR0\n");
		err = -EIO;
		goto err_release_regions;
	}
	/* A port that fell off the bus reads all ones. */
	if (vfmgr_pf_rd32(pf, VFMGR_REG_STATUS) == ~0U) {
		pci_err(pdev, "device registers read all ones, port not responding\n");
		err = -EIO;
		goto err_unmap_bar;
	}

	vfmgr_pf_read_perm_addr(pf);
	if (!is_valid_ether_addr(pf->perm_addr))
		pci_warn(pdev, "port reports no valid station address (%pM)\n",
			 pf->perm_addr);

	pci_set_drvdata(pdev, pf);
	pci_info(pdev, "claimed 82576 port, address %pM\n", pf->perm_addr);
	return 0;

err_unmap_bar:
	pci_iounmap(pdev, pf->hw_addr);
err_release_regions:
	pci_release_mem_regions(pdev);
err_disable_device:
	pci_disable_device(pdev);
err_free_pf:
	kfree(pf);
	return err;
}

static void vfmgr_pf_remove(struct pci_dev *pdev)
{
	struct vfmgr_pf *pf = pci_get_drvdata(pdev);

	pci_iounmap(pdev, pf->hw_addr);
	pci_release_mem_regions(pdev);
	pci_disable_device(pdev);
	kfree(pf);
	pci_info(pdev, "released port\n");
}

struct pci_driver vfmgr_pf_driver = {
	.name = VFMGR_DRV_NAME,
	.id_table = vfmgr_pf_ids,
	.probe = vfmgr_pf_probe,
	.remove = vfmgr_pf_remove,
};
