// SPDX-License-Identifier: GPL-2.0
/*
 * debugfs: /sys/kernel/debug/vfmgr/<PCI address>/, for tests and for
 * admins chasing a problem.  "regs" shows the switching state as the
 * hardware holds it; "vfs" shows, per VF, the desired configuration, what
 * the VF asked for, mailbox counters and the VF's pool registers, so the
 * hardware can be compared with what was configured.
 */
#include <linux/debugfs.h>

#include "vfmgr.h"

static struct dentry *vfmgr_dbg_root;

static int vfmgr_dbg_regs_show(struct seq_file *m, void *unused)
{
	struct vfmgr_pf *pf = m->private;

	mutex_lock(&pf->lock);
	pf->ops->dump(pf, m);
	mutex_unlock(&pf->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vfmgr_dbg_regs);

static int vfmgr_dbg_vfs_show(struct seq_file *m, void *unused)
{
	struct vfmgr_pf *pf = m->private;
	u64 runs, ns, fast;
	unsigned int v;

	mutex_lock(&pf->lock);
	seq_printf(m, "num_vfs %u\n", pf->num_vfs);
	spin_lock_irq(&pf->mbx_lock);
	runs = pf->mbx_runs;
	ns = pf->mbx_ns;
	fast = pf->mbx_fast;
	spin_unlock_irq(&pf->mbx_lock);
	seq_printf(m, "mbx service runs %llu ns %llu\n", runs, ns);
	seq_printf(m, "mbx answered in interrupt %llu\n", fast);
	for (v = 0; v < pf->num_vfs; v++)
		vfmgr_vf_dump(pf, v, m);
	mutex_unlock(&pf->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vfmgr_dbg_vfs);

/**
 * vfmgr_dbg_pf_add - create a port's debugfs directory
 * @pf: the port
 */
void vfmgr_dbg_pf_add(struct vfmgr_pf *pf)
{
	pf->dbg = debugfs_create_dir(pci_name(pf->pdev), vfmgr_dbg_root);
	debugfs_create_file("regs", 0400, pf->dbg, pf, &vfmgr_dbg_regs_fops);
	debugfs_create_file("vfs", 0400, pf->dbg, pf, &vfmgr_dbg_vfs_fops);
}

/**
 * vfmgr_dbg_pf_del - remove a port's debugfs directory
 * @pf: the port
 */
void vfmgr_dbg_pf_del(struct vfmgr_pf *pf)
{
	debugfs_remove_recursive(pf->dbg);
	pf->dbg = NULL;
}

/**
 * vfmgr_dbg_init - create the module's debugfs root
 */
void vfmgr_dbg_init(void)
{
	vfmgr_dbg_root = debugfs_create_dir(VFMGR_DRV_NAME, NULL);
}

/**
 * vfmgr_dbg_exit - remove the module's debugfs root
 */
void vfmgr_dbg_exit(void)
{
	debugfs_remove_recursive(vfmgr_dbg_root);
}
