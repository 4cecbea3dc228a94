// SPDX-License-Identifier: GPL-2.0
/*
 * PF lifecycle: claiming a port (probe), giving it back (remove), and the
 * interrupt that carries the port's "other" causes (link, VF mailbox).
 */
#include <linux/dma-mapping.h>
#include <linux/etherdevice.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/iommu.h>
#include <linux/pci.h>
#include <net/netlink.h>

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

#define VFMGR_STATS_INTERVAL	(5 * HZ)

/* Link changes and VF mailbox events: all the work runs in process context. */
static irqreturn_t vfmgr_pf_other_irq(int irq, void *data)
{
	struct vfmgr_pf *pf = data;
	u32 icr = pf->ops->read_icr(pf);

	if (icr & VFMGR_ICR_LSC)
		queue_work(vfmgr_wq, &pf->link_work);
	if (icr & VFMGR_ICR_VMMB)
		queue_work(vfmgr_wq, &pf->mbx_work);
	return IRQ_HANDLED;
}

/**
 * vfmgr_pf_link_speed - the port's link speed
 * @pf: the port
 *
 * Return: Mbps, or 0 while the link is down.
 */
u32 vfmgr_pf_link_speed(struct vfmgr_pf *pf)
{
	bool fd;
	u32 speed;

	return pf->ops->link_up(pf, &speed, &fd) ? speed : 0;
}

static void vfmgr_pf_link_work(struct work_struct *work)
{
	struct vfmgr_pf *pf = container_of(work, struct vfmgr_pf, link_work);

	vfmgr_netdev_link_update(pf);
	/* VFs read the port's link themselves; tell them to look. */
	mutex_lock(&pf->lock);
	vfmgr_vf_link_changed(pf);
	mutex_unlock(&pf->lock);
}

static void vfmgr_pf_stats_work(struct work_struct *work)
{
	struct vfmgr_pf *pf = container_of(to_delayed_work(work), struct vfmgr_pf,
					   stats_work);
	unsigned int v;

	mutex_lock(&pf->lock);
	for (v = 0; v < pf->num_vfs; v++)
		vfmgr_vf_update_stats(pf, v);
	if (pf->num_vfs)
		schedule_delayed_work(&pf->stats_work, VFMGR_STATS_INTERVAL);
	mutex_unlock(&pf->lock);
}

static int vfmgr_pf_sriov_enable(struct vfmgr_pf *pf, int num_vfs)
{
	struct pci_dev *pdev = pf->pdev;
	unsigned int v;
	int err;

	if (pf->num_vfs) {
		pci_err(pdev, "%u VFs already enabled; set 0 first\n", pf->num_vfs);
		return -EBUSY;
	}
	if (num_vfs > VFMGR_MAX_VFS) {
		pci_err(pdev, "at most %d VFs per port\n", VFMGR_MAX_VFS);
		return -ERANGE;
	}

	/*
	 * Program each VF's configuration before the VFs exist, so a VF
	 * driver probing during pci_enable_sriov() finds it in place.  The
	 * PF's own pool is not touched: its traffic keeps flowing.
	 */
	mutex_lock(&pf->lock);
	pf->num_vfs = num_vfs;
	for (v = 0; v < num_vfs; v++)
		vfmgr_vf_start(pf, v);
	mutex_unlock(&pf->lock);

	err = pci_enable_sriov(pdev, num_vfs);
	if (err) {
		pci_err(pdev, "cannot enable %d VFs: %pe\n", num_vfs, ERR_PTR(err));
		goto err_stop_vfs;
	}
	schedule_delayed_work(&pf->stats_work, VFMGR_STATS_INTERVAL);
	vfmgr_nl_changed();
	pci_info(pdev, "%d VFs enabled\n", num_vfs);
	return num_vfs;

err_stop_vfs:
	mutex_lock(&pf->lock);
	for (v = 0; v < num_vfs; v++)
		vfmgr_vf_stop(pf, v);
	pf->num_vfs = 0;
	mutex_unlock(&pf->lock);
	return err;
}

static void vfmgr_pf_sriov_disable(struct vfmgr_pf *pf)
{
	unsigned int v;

	if (!pf->num_vfs)
		return;
	pci_disable_sriov(pf->pdev);
	cancel_delayed_work_sync(&pf->stats_work);
	mutex_lock(&pf->lock);
	for (v = 0; v < pf->num_vfs; v++)
		vfmgr_vf_stop(pf, v);
	pf->num_vfs = 0;
	vfmgr_vf_write_mta(pf);
	mutex_unlock(&pf->lock);
	vfmgr_nl_changed();
	vfmgr_bind_pf_rescan(pf);
	pci_info(pf->pdev, "VFs disabled\n");
}

/*
 * A VF is in use when a VFIO user (a VM) has claimed its IOMMU group: the
 * bound driver manages DMA ownership itself (vfio-pci and its variants)
 * and the group has an owner.  Removing such a VF would block until the
 * user lets go, so it is refused instead.  Returns the first busy VF's
 * index, or -1.
 */
static int vfmgr_pf_vf_in_use(struct vfmgr_pf *pf)
{
	struct pci_dev *vfdev;
	unsigned int v;
	int open;

	for (v = 0; v < pf->num_vfs; v++) {
		vfdev = vfmgr_pf_get_vf_dev(pf, v);
		if (!vfdev)
			continue;
		open = vfmgr_bind_vf_open(vfdev, true);
		pci_dev_put(vfdev);
		if (open > 0)
			return v;
	}
	return -1;
}

/*
 * Remove the VFs unless one is assigned to a guest or open through VFIO;
 * then nothing changes and the reason is logged and set in @extack.
 */
static int vfmgr_pf_sriov_remove(struct vfmgr_pf *pf, struct netlink_ext_ack *extack)
{
	int busy;

	if (pci_vfs_assigned(pf->pdev)) {
		pci_err(pf->pdev, "VFs are assigned to guests; not removing them\n");
		NL_SET_ERR_MSG(extack, "VFs are assigned to guests");
		return -EBUSY;
	}
	busy = vfmgr_pf_vf_in_use(pf);
	if (busy >= 0) {
		pci_err(pf->pdev, "VF %d is in use through VFIO; not removing VFs\n", busy);
		NL_SET_ERR_MSG_FMT(extack, "VF %d is in use through VFIO", busy);
		vfmgr_extack_vf(extack, busy);
		return -EBUSY;
	}
	vfmgr_pf_sriov_disable(pf);
	return 0;
}

/**
 * vfmgr_pf_sriov_configure - sysfs sriov_numvfs: create or remove VFs
 * @pdev: the PF
 * @num_vfs: VFs wanted, 0 to remove them all
 *
 * New VFs are bound to the port's VF-driver setting as they appear.
 *
 * Context: the PF's device lock held.
 * Return: @num_vfs on success, or a negative errno.
 */
int vfmgr_pf_sriov_configure(struct pci_dev *pdev, int num_vfs)
{
	struct vfmgr_pf *pf = pci_get_drvdata(pdev);

	device_lock_assert(&pdev->dev);
	if (!num_vfs)
		return vfmgr_pf_sriov_remove(pf, NULL);
	if (vfmgr_bind_load_driver(READ_ONCE(pf->vf_driver)))
		pci_warn(pdev, "cannot load %s; new VFs stay unbound\n",
			 vfmgr_bind_driver_name(pf->vf_driver));
	return vfmgr_pf_sriov_enable(pf, num_vfs);
}

/**
 * vfmgr_pf_set_num_vfs - change the number of VFs in one step
 * @pf: the port
 * @num_vfs: VFs wanted
 * @extack: where to say why not
 *
 * Unlike sysfs, going from one nonzero number to another is allowed: the
 * VFs are removed and the new number created.  If creating them fails,
 * the previous number is restored.
 *
 * Context: the PF's device lock held; the VF driver's module loaded.
 * Return: 0 or a negative errno.
 */
int vfmgr_pf_set_num_vfs(struct vfmgr_pf *pf, unsigned int num_vfs,
			 struct netlink_ext_ack *extack)
{
	unsigned int old = pf->num_vfs;
	int err;

	device_lock_assert(&pf->pdev->dev);
	if (num_vfs == old)
		return 0;
	if (num_vfs > pci_sriov_get_totalvfs(pf->pdev)) {
		NL_SET_ERR_MSG_FMT(extack, "at most %d VFs on this port",
				   pci_sriov_get_totalvfs(pf->pdev));
		return -ERANGE;
	}
	if (old) {
		err = vfmgr_pf_sriov_remove(pf, extack);
		if (err)
			return err;
	}
	if (!num_vfs)
		return 0;
	err = vfmgr_pf_sriov_enable(pf, num_vfs);
	if (err >= 0)
		return 0;
	NL_SET_ERR_MSG_FMT(extack, "cannot enable %u VFs (error %d)", num_vfs, err);
	if (old && vfmgr_pf_sriov_enable(pf, old) < 0)
		pci_err(pf->pdev, "cannot restore %u VFs\n", old);
	return err;
}

/**
 * vfmgr_pf_get_vf_dev - the PCI device of one of a port's VFs
 * @pf: the port
 * @v: VF index
 *
 * Return: the device with a reference held (pci_dev_put() it), or NULL.
 */
struct pci_dev *vfmgr_pf_get_vf_dev(struct vfmgr_pf *pf, unsigned int v)
{
	struct pci_dev *vfdev = NULL;

	while ((vfdev = pci_get_device(pf->pdev->vendor, PCI_ANY_ID, vfdev)))
		if (vfdev->is_virtfn && pci_physfn(vfdev) == pf->pdev &&
		    pci_iov_vf_id(vfdev) == v)
			return vfdev;
	return NULL;
}

/**
 * vfmgr_pf_reset - reset the whole port and restore everything configured
 * @pf: the port
 *
 * The PF interface keeps its address, multicast list, VLANs and rings;
 * every VF gets its admin configuration back and restarts its handshake.
 *
 * Context: rtnl_lock held.
 */
void vfmgr_pf_reset(struct vfmgr_pf *pf)
{
	unsigned int v;

	ASSERT_RTNL();
	pci_info(pf->pdev, "resetting port\n");
	vfmgr_netdev_reset_prepare(pf);
	pf->ops->irq_disable(pf);
	mutex_lock(&pf->lock);
	if (pf->ops->reset(pf))
		pci_err(pf->pdev, "port reset failed; restoring anyway\n");
	pf->ops->init(pf);
	pf->rar_used = 0;
	for (v = 0; v < pf->num_vfs; v++)
		vfmgr_vf_reset(pf, v);
	mutex_unlock(&pf->lock);
	vfmgr_netdev_reset_done(pf);
	pf->ops->irq_enable(pf);
	queue_work(vfmgr_wq, &pf->link_work);
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
	spin_lock_init(&pf->mta_lock);
	INIT_WORK(&pf->link_work, vfmgr_pf_link_work);
	INIT_WORK(&pf->mbx_work, vfmgr_mbx_work);
	INIT_DELAYED_WORK(&pf->stats_work, vfmgr_pf_stats_work);
	vfmgr_vf_init_all(pf);
	pci_set_drvdata(pdev, pf);

	/*
	 * VFs left enabled by the port's previous driver (vfmgr leaves them
	 * when released while a VM holds one) are removed first, unless one
	 * is still in use.
	 */
	if (pci_num_vf(pdev)) {
		int busy;

		pf->num_vfs = pci_num_vf(pdev);
		busy = vfmgr_pf_vf_in_use(pf);
		pf->num_vfs = 0;
		if (busy >= 0) {
			pci_err(pdev, "VF %d, left enabled before, is in use through VFIO; not claiming the port\n",
				busy);
			err = -EBUSY;
			goto err_free_pf;
		}
		pci_disable_sriov(pdev);
	}

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
	queue_work(vfmgr_wq, &pf->link_work);
	/* With the PF keeping pool 7, pools 0-6 are left for VFs. */
	pci_sriov_set_totalvfs(pdev, VFMGR_MAX_VFS);
	vfmgr_dbg_pf_add(pf);
	vfmgr_nl_pf_add(pf);
	vfmgr_bind_pf_start(pf);

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
	int busy;

	vfmgr_nl_pf_del(pf);
	vfmgr_dbg_pf_del(pf);
	/*
	 * VFs first, while their mailbox is still served.  Removing a VF a
	 * VM holds would wait for the VM to let go, and remove cannot fail:
	 * such VFs are left enabled (without a working port behind them)
	 * instead of hanging the caller.
	 */
	busy = vfmgr_pf_vf_in_use(pf);
	if (busy >= 0) {
		pci_err(pdev, "VF %d is in use through VFIO: leaving the VFs enabled, without service until the port is claimed again\n",
			busy);
		cancel_delayed_work_sync(&pf->stats_work);
	} else {
		vfmgr_pf_sriov_disable(pf);
	}
	vfmgr_bind_pf_stop(pf);
	pf->ops->irq_disable(pf);
	free_irq(pci_irq_vector(pdev, VFMGR_VEC_OTHER), pf);
	cancel_work_sync(&pf->link_work);
	cancel_work_sync(&pf->mbx_work);
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
	.sriov_configure = vfmgr_pf_sriov_configure,
};
