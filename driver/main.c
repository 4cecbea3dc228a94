// SPDX-License-Identifier: GPL-2.0
/*
 * vfmgr module entry: registers the PF driver.  Ports are given to vfmgr
 * only on request (driver_override), so loading the module changes
 * nothing for ports that another driver owns.
 */
#include <linux/module.h>
#include <linux/pci.h>

#include "vfmgr.h"

/*
 * Mailbox and link work.  Unbound, so it runs on whichever CPU is free: a
 * VF driver waiting for our reply may be spinning on the CPU that took
 * the interrupt (always so when the VF driver runs on this same host).
 */
struct workqueue_struct *vfmgr_wq;

static int __init vfmgr_init(void)
{
	int err;

	vfmgr_wq = alloc_workqueue(VFMGR_DRV_NAME, WQ_UNBOUND | WQ_HIGHPRI, 0);
	if (!vfmgr_wq)
		return -ENOMEM;
	vfmgr_dbg_init();
	err = vfmgr_nl_init();
	if (err)
		goto err_dbg_exit;
	err = vfmgr_bind_init();
	if (err)
		goto err_nl_exit;
	err = pci_register_driver(&vfmgr_pf_driver);
	if (err)
		goto err_bind_exit;
	return 0;

err_bind_exit:
	vfmgr_bind_exit();
err_nl_exit:
	vfmgr_nl_exit();
err_dbg_exit:
	vfmgr_dbg_exit();
	destroy_workqueue(vfmgr_wq);
	return err;
}

static void __exit vfmgr_exit(void)
{
	pci_unregister_driver(&vfmgr_pf_driver);
	vfmgr_bind_exit();
	vfmgr_nl_exit();
	vfmgr_dbg_exit();
	destroy_workqueue(vfmgr_wq);
}

module_init(vfmgr_init);
module_exit(vfmgr_exit);

MODULE_DESCRIPTION("SR-IOV physical function manager for Intel 82576 ports");
MODULE_LICENSE("GPL");
MODULE_VERSION(VFMGR_VERSION);
