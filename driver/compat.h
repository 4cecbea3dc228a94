/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Force-included into every object of the module (see Kbuild).  Kernel
 * differences are handled here, by feature, so that the .c files are
 * written against one API.  Only the supported range builds at all.
 */
#ifndef _VFMGR_COMPAT_H
#define _VFMGR_COMPAT_H

#include <linux/version.h>

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 1, 0)
#error "vfmgr supports Linux 6.1 and newer"
#endif

#endif /* _VFMGR_COMPAT_H */
