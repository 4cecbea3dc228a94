// SPDX-License-Identifier: GPL-2.0
/*
 * PF lifecycle: claiming a port (probe), giving it back (remove), and the
 * interrupt that carries the port's "other" causes (link, VF mailbox).
 */
#include <linux/dma-mapping.h>
#include <linux/etherdevice.h>
#include <linux/interrupt.h>
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

static irqreturn_t vfmgr_pf_other_irq(int irq, void *data)
{
	struct vfmgr_pf *pf = data;
	u32 icr = pf->ops->read_icr(pf);

	if (icr & VFMGR_ICR_LSC)
		schedule_work(&pf->link_work);
	return IRQ_HANDLED;
}

static void vfmgr_pf_link_work(struct work_struct *work)
{
	struct vfmgr_pf *pf = container_of(work, struct vfmgr_pf, link_work);

	vfmgr_netdev_link_update(pf);
}

static int vfmgr_pf_map(struct vfmgr_pf *pf)
{
	struct pci_dev *pdev = pf->pdev;
	int err;

	err = pci_enable_device_mem(pdev);
	if (err) {
		pci_err(pdev, "cannot enable device: %pe\n", ERR_PTR(err));
		return err;
	}
	err = pci_request_mem_regions(pdev, VFMGR_DRV_NAME);
	if (err) {
		pci_err(pdev, "cannot reserve BARs: %pe\n", ERR_PTR(err));
		goto err_disable_device;
	}
	err = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(64));
	if (err) {
		pci_err(pdev, "no usable DMA addressing: %pe\n", ERR_PTR(err));
		goto err_release_regions;
	}
	pf->hw_addr = pci_iomap(pdev, 0, 0);
	if (!pf->hw_addr) {
		pci_err(pdev, "cannot map BAR0\n");
		err = -EIO;
		goto err_release_regions;
	}
	/* A port that fell off the bus reads all ones. */
	if (vfmgr_rd32(pf, VFMGR_REG_STATUS) == ~0U) {
		pci_err(pdev, "device registers read all ones, port not responding\n");
		err = -EIO;
		goto err_unmap_bar;
	}
	pci_set_master(pdev);
	return 0;

err_unmap_bar:
	pci_iounmap(pdev, pf->hw_addr);
err_release_regions:
	pci_release_mem_regions(pdev);
err_disable_device:
	pci_disable_device(pdev);
	return err;
}

static void vfmgr_pf_unmap(struct vfmgr_pf *pf)
{
	pci_clear_master(pf->pdev);
	pci_iounmap(pf->pdev, pf->hw_addr);
	pci_release_mem_regions(pf->pdev);
	pci_disable_device(pf->pdev);
}

static int vfmgr_pf_irq_setup(struct vfmgr_pf *pf)
{
	struct pci_dev *pdev = pf->pdev;
	int err;

	snprintf(pf->irq_name[VFMGR_VEC_OTHER], sizeof(pf->irq_name[0]),
		 "vfmgr-%s", pci_name(pdev));
	snprintf(pf->irq_name[VFMGR_VEC_QUEUE], sizeof(pf->irq_name[0]),
		 "vfmgr-%s-q", pci_name(pdev));
	err = pci_alloc_irq_vectors(pdev, VFMGR_NUM_VECS, VFMGR_NUM_VECS, PCI_IRQ_MSIX);
	if (err < 0) {
		pci_err(pdev, "cannot get %d MSI-X vectors: %pe\n", VFMGR_NUM_VECS,
			ERR_PTR(err));
		return err;
	}
	/* Link and mailbox events are served even while the PF netdev is down. */
	err = request_irq(pci_irq_vector(pdev, VFMGR_VEC_OTHER), vfmgr_pf_other_irq,
			  0, pf->irq_name[VFMGR_VEC_OTHER], pf);
	if (err) {
		pci_free_irq_vectors(pdev);
		return err;
	}
	return 0;
}

static void vfmgr_pf_irq_teardown(struct vfmgr_pf *pf)
{
	free_irq(pci_irq_vector(pf->pdev, VFMGR_VEC_OTHER), pf);
	pci_free_irq_vectors(pf->pdev);
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
	pf->ops = &vfmgr_hw_82576_ops;
	pf->pf_pool = VFMGR_82576_PF_POOL;
	mutex_init(&pf->lock);
	spin_lock_init(&pf->stats_lock);
	INIT_WORK(&pf->link_work, vfmgr_pf_link_work);
	pci_set_drvdata(pdev, pf);

	err = vfmgr_pf_map(pf);
	if (err)
		goto err_free_pf;

	err = pf->ops->reset(pf);
	if (err)
		goto err_unmap;
	pf->ops->read_mac(pf, pf->perm_addr);
	pf->ops->init(pf);

	err = vfmgr_pf_irq_setup(pf);
	if (err)
		goto err_reset_device;

	err = vfmgr_netdev_create(pf);
	if (err) {
		pci_err(pdev, "cannot register the PF interface: %pe\n", ERR_PTR(err));
		goto err_irq_teardown;
	}
	pf->ops->irq_enable(pf);
	schedule_work(&pf->link_work);
	vfmgr_dbg_pf_add(pf);

	pci_info(pdev, "claimed 82576 port, address %pM, interface %s\n",
		 pf->perm_addr, pf->netdev->name);
	return 0;

err_irq_teardown:
	vfmgr_pf_irq_teardown(pf);
err_reset_device:
	pf->ops->reset(pf);
err_unmap:
	vfmgr_pf_unmap(pf);
err_free_pf:
	mutex_destroy(&pf->lock);
	kfree(pf);
	return err;
}

static void vfmgr_pf_remove(struct pci_dev *pdev)
{
	struct vfmgr_pf *pf = pci_get_drvdata(pdev);

	vfmgr_dbg_pf_del(pf);
	pf->ops->irq_disable(pf);
	free_irq(pci_irq_vector(pdev, VFMGR_VEC_OTHER), pf);
	cancel_work_sync(&pf->link_work);
	/* Closing the interface frees the queue vector. */
	vfmgr_netdev_destroy(pf);
	pci_free_irq_vectors(pdev);
	/* Leave the port quiet and without our settings for the next driver. */
	pf->ops->reset(pf);
	vfmgr_pf_unmap(pf);
	mutex_destroy(&pf->lock);
	kfree(pf);
	pci_info(pdev, "released port\n");
}

struct pci_driver vfmgr_pf_driver = {
	.name = VFMGR_DRV_NAME,
	.id_table = vfmgr_pf_ids,
	.probe = vfmgr_pf_probe,
	.remove = vfmgr_pf_remove,
};
