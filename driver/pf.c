// SPDX-License-Identifier: GPL-2.0
/*
 * Port operations: mapping the device, its interrupts, creating and
 * removing VFs, and resetting the port.  main.c calls these from probe,
 * remove and sriov_configure; the surfaces call them for requests.
 */
#include <linux/dma-mapping.h>
#include <linux/error-injection.h>
#include <linux/etherdevice.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/iommu.h>
#include <linux/pci.h>
#include <net/netlink.h>

#include "vfmgr.h"
#include "hw/82576_regs.h"

#define VFMGR_STATS_INTERVAL	(5 * HZ)

/*
 * Link changes and VF mailbox events.  The mailbox answers what it can
 * right here (see mbx.c); the rest, and the link, run in process context.
 */
static irqreturn_t vfmgr_pf_other_irq(int irq, void *data)
{
	struct vfmgr_pf *pf = data;
	u32 icr = pf->ops->read_icr(pf);

	if (icr & VFMGR_ICR_LSC)
		queue_work(vfmgr_wq, &pf->link_work);
	if ((icr & VFMGR_ICR_VMMB) && vfmgr_mbx_irq(pf))
		queue_work(vfmgr_wq, &pf->mbx_work);
	return IRQ_HANDLED;
}

/*
 * What the interrupt leaves is served from an unbound high-priority
 * worker, on any CPU.  Not the interrupt's thread: that runs on the CPU
 * the interrupt came to, and a VF driver on this host may be spinning
 * there with preemption off while it waits for the answer (igbvf holds
 * its mailbox spinlock), so the answer would come only after it gave up.
 */
static void vfmgr_pf_mbx_work(struct work_struct *work)
{
	vfmgr_mbx_service(container_of(work, struct vfmgr_pf, mbx_work));
}

static void vfmgr_pf_stats_work(struct work_struct *work)
{
	struct vfmgr_pf *pf = container_of(to_delayed_work(work), struct vfmgr_pf,
					   stats_work);
	unsigned int v;

	mutex_lock(&pf->lock);
	for (v = 0; v < pf->num_vfs; v++)
		vfmgr_vf_update_stats(pf, v);
	vfmgr_mbx_nudge(pf);
	if (pf->num_vfs)
		schedule_delayed_work(&pf->stats_work, VFMGR_STATS_INTERVAL);
	mutex_unlock(&pf->lock);
}

/**
 * vfmgr_pf_init - set up a port's software state
 * @pf: zeroed port structure
 * @pdev: the port's PCI device
 *
 * Nothing touches the device yet; the link work is the caller's to set.
 */
void vfmgr_pf_init(struct vfmgr_pf *pf, struct pci_dev *pdev)
{
	pf->pdev = pdev;
	pf->ops = &vfmgr_hw_82576_ops;
	pf->pf_pool = VFMGR_82576_PF_POOL;
	mutex_init(&pf->lock);
	spin_lock_init(&pf->stats_lock);
	spin_lock_init(&pf->mta_lock);
	spin_lock_init(&pf->mbx_lock);
	pf->mbx_nudged = -1;
	INIT_WORK(&pf->mbx_work, vfmgr_pf_mbx_work);
	INIT_DELAYED_WORK(&pf->stats_work, vfmgr_pf_stats_work);
	vfmgr_vf_init_all(pf);
	vfmgr_fam_port_init(pf);
}

/*
 * Create the VFs.  A point for the kernel's function error injection: on
 * a port with room for its VFs, the PCI core fails here only when out of
 * memory, and the callers' undo paths must hold then too.
 */
static noinline int vfmgr_pf_enable_vfs(struct pci_dev *pdev, int num_vfs)
{
	return pci_enable_sriov(pdev, num_vfs);
}
ALLOW_ERROR_INJECTION(vfmgr_pf_enable_vfs, ERRNO);

/**
 * vfmgr_pf_sriov_enable - create VFs
 * @pf: the port, with no VFs
 * @num_vfs: how many
 *
 * Context: the PF's device lock held.
 * Return: @num_vfs, or a negative errno with no VF created.
 */
int vfmgr_pf_sriov_enable(struct vfmgr_pf *pf, int num_vfs)
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
	vfmgr_mbx_forget(pf);
	pf->num_vfs = num_vfs;
	for (v = 0; v < num_vfs; v++)
		vfmgr_vf_start(pf, v);
	mutex_unlock(&pf->lock);

	err = vfmgr_pf_enable_vfs(pdev, num_vfs);
	if (err) {
		pci_err(pdev, "cannot enable %d VFs: %pe\n", num_vfs, ERR_PTR(err));
		goto err_stop_vfs;
	}
	schedule_delayed_work(&pf->stats_work, VFMGR_STATS_INTERVAL);
	vfmgr_fam_changed();
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
	/* After the count: a change from now on restarts no VF. */
	vfmgr_vf_cancel_restarts(pf);
	vfmgr_fam_changed();
	vfmgr_bind_pf_rescan(pf);
	pci_info(pf->pdev, "VFs disabled\n");
}

/*
 * A VF is in use when a VFIO user (a VM) has claimed its IOMMU group: the
 * bound driver manages DMA ownership itself (vfio-pci and its variants)
 * and the group has an owner.  Removing such a VF would block until the
 * user lets go, so it is refused instead; so is removing a VF whose device
 * lock someone else holds (an unbind waiting for its VFIO user).  Returns
 * the first such VF's index, or -1; @busy tells which of the two it is.
 */
static int vfmgr_pf_vf_in_use(struct vfmgr_pf *pf, unsigned int num_vfs, bool *busy)
{
	struct pci_dev *vfdev;
	unsigned int v;
	int open;

	for (v = 0; v < num_vfs; v++) {
		vfdev = vfmgr_bind_get_vf_dev(pf, v);
		if (!vfdev)
			continue;
		open = vfmgr_bind_vf_open(vfdev);
		pci_dev_put(vfdev);
		if (open) {
			*busy = open < 0;
			return v;
		}
	}
	return -1;
}

/**
 * vfmgr_pf_sriov_remove - remove the VFs unless one must not be removed
 * @pf: the port
 * @extack: where to say why not, or NULL
 *
 * Refused while a VF is assigned to a guest, open through VFIO, or busy
 * (its device lock held by an unbind waiting for its VFIO user); then
 * nothing changes and the reason is logged and set in @extack.
 *
 * Context: the PF's device lock held.
 * Return: 0 or -EBUSY.
 */
int vfmgr_pf_sriov_remove(struct vfmgr_pf *pf, struct netlink_ext_ack *extack)
{
	bool busy = false;
	int v;

	if (pci_vfs_assigned(pf->pdev)) {
		pci_err(pf->pdev, "VFs are assigned to guests; not removing them\n");
		NL_SET_ERR_MSG(extack, "VFs are assigned to guests");
		return -EBUSY;
	}
	v = vfmgr_pf_vf_in_use(pf, pf->num_vfs, &busy);
	if (v >= 0 && busy) {
		pci_err(pf->pdev, "VF %d is busy (its driver is being unbound); not removing VFs\n",
			v);
		NL_SET_ERR_MSG_FMT(extack, "VF %d is busy (its driver is being unbound)", v);
		vfmgr_extack_vf(extack, v);
		return -EBUSY;
	}
	if (v >= 0) {
		pci_err(pf->pdev, "VF %d is in use through VFIO; not removing VFs\n", v);
		NL_SET_ERR_MSG_FMT(extack, "VF %d is in use through VFIO", v);
		vfmgr_extack_vf(extack, v);
		return -EBUSY;
	}
	vfmgr_pf_sriov_disable(pf);
	return 0;
}

/**
 * vfmgr_pf_release_vfs - remove a released port's VFs, unless one is held
 * @pf: a port being released
 *
 * Removing a VF a VM holds would wait for the VM to let go, and release
 * cannot fail: such VFs are left enabled (without a working port behind
 * them) instead of hanging the caller.
 *
 * Context: the PF's device lock held.
 */
void vfmgr_pf_release_vfs(struct vfmgr_pf *pf)
{
	bool busy = false;
	int v;

	v = vfmgr_pf_vf_in_use(pf, pf->num_vfs, &busy);
	if (v < 0) {
		vfmgr_pf_sriov_disable(pf);
		return;
	}
	pci_err(pf->pdev, "VF %d is %s: leaving the VFs enabled, without service until the port is claimed again\n",
		v, busy ? "busy (its driver is being unbound)" : "in use through VFIO");
	cancel_delayed_work_sync(&pf->stats_work);
	vfmgr_vf_cancel_restarts(pf);
}

/**
 * vfmgr_pf_take_leftover_vfs - remove VFs a previous driver left enabled
 * @pf: a port being claimed, not yet mapped
 *
 * vfmgr leaves VFs enabled when released while a VM holds one; igb may
 * too.  They are removed first, unless one is still in use.
 *
 * Context: the PF's device lock held.
 * Return: 0, or -EBUSY with the reason logged.
 */
int vfmgr_pf_take_leftover_vfs(struct vfmgr_pf *pf)
{
	bool busy = false;
	int v;

	if (!pci_num_vf(pf->pdev))
		return 0;
	v = vfmgr_pf_vf_in_use(pf, pci_num_vf(pf->pdev), &busy);
	if (v >= 0) {
		pci_err(pf->pdev, "VF %d, left enabled before, is %s; not claiming the port\n",
			v, busy ? "busy (its driver is being unbound)" : "in use through VFIO");
		return -EBUSY;
	}
	pci_disable_sriov(pf->pdev);
	return 0;
}

/**
 * vfmgr_pf_set_num_vfs - change the number of VFs and their driver in one step
 * @pf: the port
 * @num_vfs: VFs wanted
 * @vf_driver: the driver the new VFs are bound to (enum vfmgr_vf_driver)
 * @extack: where to say why not
 *
 * Unlike sysfs, going from one nonzero number to another is allowed: the
 * VFs are removed and the new number created.  If creating them fails,
 * the previous number is restored with the previous driver, and the
 * port's VF driver is left as it was: nothing is half-applied.
 *
 * Context: the PF's device lock held; the VF driver's module loaded.
 * Return: 0 or a negative errno.
 */
int vfmgr_pf_set_num_vfs(struct vfmgr_pf *pf, unsigned int num_vfs, u32 vf_driver,
			 struct netlink_ext_ack *extack)
{
	u32 old_driver = pf->vf_driver;
	unsigned int old = pf->num_vfs;
	int err;

	device_lock_assert(&pf->pdev->dev);
	if (num_vfs == old) {
		WRITE_ONCE(pf->vf_driver, vf_driver);
		return 0;
	}
	if (READ_ONCE(pf->recovering)) {
		NL_SET_ERR_MSG(extack, VFMGR_MSG_RECOVERING);
		return -EBUSY;
	}
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
	WRITE_ONCE(pf->vf_driver, vf_driver);
	if (!num_vfs)
		return 0;
	err = vfmgr_pf_sriov_enable(pf, num_vfs);
	if (err >= 0)
		return 0;
	WRITE_ONCE(pf->vf_driver, old_driver);
	if (!old || vfmgr_pf_sriov_enable(pf, old) >= 0) {
		NL_SET_ERR_MSG_FMT(extack, "cannot enable %u VFs (error %d)%s", num_vfs, err,
				   old ? "; the previous VFs are back" : "");
		return err;
	}
	pci_err(pf->pdev, "cannot restore the %u VFs there were\n", old);
	NL_SET_ERR_MSG_FMT(extack, "cannot enable %u VFs (error %d), nor restore the %u there were",
			   num_vfs, err, old);
	return err;
}

/**
 * vfmgr_pf_reset - reset the whole port and restore the VFs
 * @pf: the port, its own interface quiesced by the caller
 *
 * Every VF gets its admin configuration back and restarts its handshake.
 * The PF's interrupts stay masked: the caller restores its interface,
 * then unmasks them.
 *
 * Context: rtnl_lock held.
 */
void vfmgr_pf_reset(struct vfmgr_pf *pf)
{
	unsigned int v;

	ASSERT_RTNL();
	pci_info(pf->pdev, "resetting port\n");
	pf->ops->irq_disable(pf);
	mutex_lock(&pf->lock);
	if (pf->ops->reset(pf))
		pci_err(pf->pdev, "port reset failed; restoring anyway\n");
	pf->ops->init(pf);
	pf->rar_used = 0;
	vfmgr_mbx_forget(pf);
	for (v = 0; v < pf->num_vfs; v++)
		vfmgr_vf_reset(pf, v);
	mutex_unlock(&pf->lock);
}

/*
 * Save or restore the config space of every VF that exists: a reset of
 * the PF resets its VFs' too (bus mastering, MSI-X), and the PCI core
 * restores only the PF's.
 */
static void vfmgr_pf_vfs_state(struct vfmgr_pf *pf, bool save)
{
	struct pci_dev *vfdev;
	unsigned int v;

	for (v = 0; v < pf->num_vfs; v++) {
		vfdev = vfmgr_bind_get_vf_dev(pf, v);
		if (!vfdev)
			continue;
		if (save)
			pci_save_state(vfdev);
		else
			pci_restore_state(vfdev);
		pci_dev_put(vfdev);
	}
}

/**
 * vfmgr_pf_quiesce - stop the port's interrupt and work before a reset
 * @pf: the port, its interface detached (vfmgr_netdev_detach())
 *
 * For a reset the PCI core or AER recovery does, not one of ours: the
 * VFs' config space is saved for vfmgr_pf_restart().
 *
 * Context: the PF's device lock held (the PCI core's), no VF change can
 * run.
 */
void vfmgr_pf_quiesce(struct vfmgr_pf *pf)
{
	device_lock_assert(&pf->pdev->dev);
	pf->ops->irq_disable(pf);
	synchronize_irq(pci_irq_vector(pf->pdev, VFMGR_VEC_OTHER));
	cancel_work_sync(&pf->link_work);
	cancel_work_sync(&pf->mbx_work);
	cancel_delayed_work_sync(&pf->stats_work);
	vfmgr_vf_cancel_restarts(pf);
	vfmgr_pf_vfs_state(pf, true);
}

/**
 * vfmgr_pf_restart - program the port again after a reset by the PCI core
 * @pf: the port, quiesced by vfmgr_pf_quiesce()
 *
 * The port is reset once more to a known state and programmed from the
 * desired state (vfmgr_pf_reset()); the VFs get their config space back
 * and are told of the PF reset through the mailbox, as after any port
 * reset.  The PF's interface is the caller's (vfmgr_netdev_attach()).
 *
 * Context: rtnl_lock and the PF's device lock held.
 */
void vfmgr_pf_restart(struct vfmgr_pf *pf)
{
	device_lock_assert(&pf->pdev->dev);
	vfmgr_pf_reset(pf);
	vfmgr_pf_vfs_state(pf, false);
	/* Now, not at the next link change: VF drivers recovering wait. */
	mutex_lock(&pf->lock);
	vfmgr_vf_notify_all(pf);
	mutex_unlock(&pf->lock);
	if (pf->num_vfs)
		schedule_delayed_work(&pf->stats_work, VFMGR_STATS_INTERVAL);
}

/**
 * vfmgr_pf_map - enable the device and map its registers
 * @pf: the port
 *
 * Return: 0 or a negative errno, with nothing left enabled.
 */
int vfmgr_pf_map(struct vfmgr_pf *pf)
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

/**
 * vfmgr_pf_unmap - undo vfmgr_pf_map()
 * @pf: the port
 */
void vfmgr_pf_unmap(struct vfmgr_pf *pf)
{
	pci_clear_master(pf->pdev);
	pci_iounmap(pf->pdev, pf->hw_addr);
	pci_release_mem_regions(pf->pdev);
	pci_disable_device(pf->pdev);
}

/**
 * vfmgr_pf_irq_setup - get the MSI-X vectors and serve the "other" one
 * @pf: the port
 *
 * Link and mailbox events are served from here on, even while the PF
 * interface is down; the interface requests the queue vector itself.
 *
 * Return: 0 or a negative errno.
 */
int vfmgr_pf_irq_setup(struct vfmgr_pf *pf)
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

/**
 * vfmgr_pf_irq_teardown - stop serving the port's link and mailbox events
 * @pf: the port
 *
 * The vectors stay allocated (the interface may still hold the queue
 * vector); pci_free_irq_vectors() once it is gone.
 */
void vfmgr_pf_irq_teardown(struct vfmgr_pf *pf)
{
	pf->ops->irq_disable(pf);
	free_irq(pci_irq_vector(pf->pdev, VFMGR_VEC_OTHER), pf);
	cancel_work_sync(&pf->link_work);
	cancel_work_sync(&pf->mbx_work);
}

