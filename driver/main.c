// SPDX-License-Identifier: GPL-2.0
/*
 * vfmgr's PCI face: the device table, claiming a port (probe), giving it
 * back (remove), sysfs sriov_numvfs, and module init.  Ports are given to
 * vfmgr only on request (driver_override), so loading the module changes
 * nothing for ports that another driver owns.
 *
 * This is the top of the driver: it calls the port operations (pf.c),
 * the surfaces (netdev.c, devlink.c, debugfs.c) and the family's
 * registry, and nothing calls back into it.
 */
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/rtnetlink.h>

#include "vfmgr.h"
#include "hw/82576_regs.h"

/*
 * Every entry is override_only: the PCI core offers a port to vfmgr only
 * when the admin wrote "vfmgr" to its driver_override, and the module
 * declares no device table, so nothing autoloads it or binds it by itself.
 */
static const struct pci_device_id vfmgr_pci_ids[] = {
	{ PCI_DEVICE(PCI_VENDOR_ID_INTEL, VFMGR_82576_DEV_ID_PF),
	  .override_only = PCI_ID_F_VFIO_DRIVER_OVERRIDE },
	{ }
};

/*
 * Mailbox and link work.  Unbound, so it runs on whichever CPU is free: a
 * VF driver waiting for our reply may be spinning on the CPU that took
 * the interrupt (always so when the VF driver runs on this same host).
 */
struct workqueue_struct *vfmgr_wq;

static int vfmgr_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct vfmgr_pf *pf;
	int err;

	/*
	 * A driver_override naming vfmgr makes the PCI core offer any
	 * device, whatever the table says; refuse what we do not drive.
	 */
	if (!pci_match_id(vfmgr_pci_ids, pdev)) {
		pci_info(pdev, "device %04x:%04x is not an 82576 port, not claiming it\n",
			 pdev->vendor, pdev->device);
		return -ENODEV;
	}

	/* The port lives in its devlink instance: allocated first, freed last. */
	pf = vfmgr_dl_alloc(pdev);
	if (!pf)
		return -ENOMEM;
	vfmgr_pf_init(pf, pdev);
	INIT_WORK(&pf->link_work, vfmgr_netdev_link_work);
	pci_set_drvdata(pdev, pf);
	/* Its params and health reporter, before it is registered. */
	err = vfmgr_dl_init(pf);
	if (err)
		goto err_free_devlink;

	err = vfmgr_pf_take_leftover_vfs(pf);
	if (err)
		goto err_dl_fini;

	err = vfmgr_pf_map(pf);
	if (err)
		goto err_dl_fini;

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
	/* What AER recovery restores after a link reset. */
	pci_save_state(pdev);
	/* With the PF keeping pool 7, pools 0-6 are left for VFs. */
	pci_sriov_set_totalvfs(pdev, VFMGR_MAX_VFS);
	vfmgr_dbg_pf_add(pf);
	vfmgr_fam_port_add(pf);
	vfmgr_bind_pf_start(pf);

	pci_info(pdev, "claimed 82576 port, address %pM, interface %s\n",
		 pf->perm_addr, pf->netdev->name);
	/* Last: devlink users may reach the port from here on. */
	vfmgr_dl_register(pf);
	return 0;

err_irq_teardown:
	vfmgr_pf_irq_teardown(pf);
	pci_free_irq_vectors(pdev);
err_reset_device:
	pf->ops->reset(pf);
err_unmap:
	vfmgr_pf_unmap(pf);
err_dl_fini:
	vfmgr_dl_fini(pf);
err_free_devlink:
	vfmgr_fam_port_stop(pf);
	mutex_destroy(&pf->lock);
	vfmgr_dl_free(pf);
	return err;
}

static void vfmgr_remove(struct pci_dev *pdev)
{
	struct vfmgr_pf *pf = pci_get_drvdata(pdev);

	/* First: no devlink request reaches the port once this returns. */
	vfmgr_dl_unregister(pf);
	/* No family request reaches the port once this returns. */
	vfmgr_fam_port_del(pf);
	vfmgr_dbg_pf_del(pf);
	/* VFs first, while their mailbox is still served. */
	vfmgr_pf_release_vfs(pf);
	vfmgr_bind_pf_stop(pf);
	/*
	 * Then the interface lets go of the port: from here on nothing
	 * through it (ethtool --reset, an open, an MTU change) can touch the
	 * port or queue its work again, so the interrupt and the work can
	 * go before the interface does.
	 */
	rtnl_lock();
	vfmgr_netdev_detach(pf);
	rtnl_unlock();
	vfmgr_pf_irq_teardown(pf);
	/* Closing the interface frees the queue vector. */
	vfmgr_netdev_destroy(pf);
	/*
	 * No surface reaches the VFs' settings now: a restart that a change
	 * queued while VFs were left enabled goes before the port does.
	 */
	vfmgr_vf_cancel_restarts(pf);
	pci_free_irq_vectors(pdev);
	/* Leave the port quiet and without our settings for the next driver. */
	pf->ops->reset(pf);
	vfmgr_pf_unmap(pf);
	/* Params and reporter go after the instance is unregistered (6.1). */
	vfmgr_dl_fini(pf);
	vfmgr_fam_port_stop(pf);
	mutex_destroy(&pf->lock);
	/* Last: the port goes with its devlink instance. */
	vfmgr_dl_free(pf);
	pci_info(pdev, "released port\n");
}

/*
 * sysfs sriov_numvfs: create or remove VFs (the PCI core holds the PF's
 * device lock).  New VFs are bound to the port's VF-driver setting as
 * they appear.  Returns @num_vfs on success, or a negative errno.
 */
static int vfmgr_sriov_configure(struct pci_dev *pdev, int num_vfs)
{
	struct vfmgr_pf *pf = pci_get_drvdata(pdev);

	device_lock_assert(&pdev->dev);
	if (READ_ONCE(pf->recovering)) {
		pci_warn(pdev, VFMGR_MSG_RECOVERING "\n");
		return -EBUSY;
	}
	if (!num_vfs)
		return vfmgr_pf_sriov_remove(pf, NULL);
	if (vfmgr_bind_load_driver(READ_ONCE(pf->vf_driver)))
		pci_warn(pdev, "cannot load %s; new VFs stay unbound\n",
			 vfmgr_bind_driver_name(pf->vf_driver));
	return vfmgr_pf_sriov_enable(pf, num_vfs);
}

/*
 * Resets the PCI core does (a function reset through sysfs, hot reset,
 * AER recovery) and the port's errors.  Every one wipes the port's
 * registers: the interface is detached and the interrupt and work
 * stopped before, and afterwards the port is reset once more and
 * programmed from the desired state, VFs included, as after ethtool
 * --reset.  The PCI core holds the PF's device lock in each callback.
 */
static void vfmgr_stop_for_reset(struct vfmgr_pf *pf)
{
	rtnl_lock();
	vfmgr_netdev_detach(pf);
	rtnl_unlock();
	vfmgr_pf_quiesce(pf);
}

static void vfmgr_restart_after_reset(struct vfmgr_pf *pf)
{
	rtnl_lock();
	vfmgr_pf_restart(pf);
	vfmgr_netdev_attach(pf);
	rtnl_unlock();
	pci_info(pf->pdev, "port reset by the PCI core; configuration restored\n");
}

static void vfmgr_reset_prepare(struct pci_dev *pdev)
{
	struct vfmgr_pf *pf = pci_get_drvdata(pdev);

	pci_info(pdev, "port about to be reset by the PCI core\n");
	vfmgr_stop_for_reset(pf);
}

static void vfmgr_reset_done(struct pci_dev *pdev)
{
	vfmgr_restart_after_reset(pci_get_drvdata(pdev));
}

static pci_ers_result_t vfmgr_error_detected(struct pci_dev *pdev,
					     pci_channel_state_t state)
{
	struct vfmgr_pf *pf = pci_get_drvdata(pdev);

	pci_warn(pdev, "PCIe error (channel %s); stopping the port\n",
		 state == pci_channel_io_normal ? "normal" :
		 state == pci_channel_io_frozen ? "frozen" : "failed");
	vfmgr_stop_for_reset(pf);
	if (state == pci_channel_io_perm_failure)
		return PCI_ERS_RESULT_DISCONNECT;
	/* Whatever the error did to the port's registers, start afresh. */
	return PCI_ERS_RESULT_NEED_RESET;
}

/*
 * The link or slot was reset (fatal errors), or nothing was (non-fatal
 * ones): either way the port is reset and programmed again here, so that
 * the VF drivers' own recovery, which the PCI core runs after this, finds
 * the mailbox served.
 */
static pci_ers_result_t vfmgr_slot_reset(struct pci_dev *pdev)
{
	struct vfmgr_pf *pf = pci_get_drvdata(pdev);

	pci_restore_state(pdev);
	pci_save_state(pdev);
	if (!pci_device_is_present(pdev)) {
		pci_err(pdev, "port did not come back from the reset\n");
		return PCI_ERS_RESULT_DISCONNECT;
	}
	pci_set_master(pdev);
	vfmgr_restart_after_reset(pf);
	return PCI_ERS_RESULT_RECOVERED;
}

static void vfmgr_resume(struct pci_dev *pdev)
{
	pci_info(pdev, "PCIe error recovery complete\n");
}

static const struct pci_error_handlers vfmgr_err_handler = {
	.error_detected = vfmgr_error_detected,
	.slot_reset = vfmgr_slot_reset,
	.resume = vfmgr_resume,
	.reset_prepare = vfmgr_reset_prepare,
	.reset_done = vfmgr_reset_done,
};

struct pci_driver vfmgr_pf_driver = {
	.name = VFMGR_DRV_NAME,
	.id_table = vfmgr_pci_ids,
	.probe = vfmgr_probe,
	.remove = vfmgr_remove,
	.sriov_configure = vfmgr_sriov_configure,
	.err_handler = &vfmgr_err_handler,
};

static int __init vfmgr_init(void)
{
	int err;

	vfmgr_wq = alloc_workqueue(VFMGR_DRV_NAME, WQ_UNBOUND | WQ_HIGHPRI, 0);
	if (!vfmgr_wq)
		return -ENOMEM;
	vfmgr_dbg_init();
	err = vfmgr_fam_init();
	if (err)
		goto err_dbg_exit;
	err = vfmgr_bind_init();
	if (err)
		goto err_fam_exit;
	err = pci_register_driver(&vfmgr_pf_driver);
	if (err)
		goto err_bind_exit;
	return 0;

err_bind_exit:
	vfmgr_bind_exit();
err_fam_exit:
	vfmgr_fam_exit();
err_dbg_exit:
	vfmgr_dbg_exit();
	destroy_workqueue(vfmgr_wq);
	return err;
}

static void __exit vfmgr_exit(void)
{
	pci_unregister_driver(&vfmgr_pf_driver);
	vfmgr_bind_exit();
	vfmgr_fam_exit();
	vfmgr_dbg_exit();
	destroy_workqueue(vfmgr_wq);
}

module_init(vfmgr_init);
module_exit(vfmgr_exit);

MODULE_DESCRIPTION("SR-IOV physical function manager for Intel 82576 ports");
MODULE_LICENSE("GPL");
MODULE_VERSION(VFMGR_VERSION);
