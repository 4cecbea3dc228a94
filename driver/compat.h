/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Force-included into every object of the module (see Kbuild).  Kernel
 * differences are handled here, by feature probe, so that the .c files
 * are written against one API.  The supported range (6.1 and newer) is
 * stated in dkms.conf.
 */
#ifndef _VFMGR_COMPAT_H
#define _VFMGR_COMPAT_H

#endif /* _VFMGR_COMPAT_H */
