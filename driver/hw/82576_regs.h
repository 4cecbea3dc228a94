/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Intel 82576 register offsets and bits used by vfmgr.  Offsets are
 * from BAR0 of the physical function.
 */
#ifndef _VFMGR_HW_82576_REGS_H
#define _VFMGR_HW_82576_REGS_H

#include <linux/bits.h>
#include <linux/types.h>

#define VFMGR_82576_DEV_ID_PF	0x10c9
#define VFMGR_82576_DEV_ID_VF	0x10ca

#define VFMGR_REG_STATUS	0x00008

/*
 * Receive address (station MAC) filters, 24 of them: the low 32 bits, then
 * the high 16 bits with the valid flag and pool select.  Entries 16 and up
 * sit in a second block.
 */
static inline u32 vfmgr_reg_ral(unsigned int i)
{
	return i < 16 ? 0x05400 + 8 * i : 0x054e0 + 8 * (i - 16);
}

static inline u32 vfmgr_reg_rah(unsigned int i)
{
	return vfmgr_reg_ral(i) + 4;
}

#define VFMGR_RAH_AV		BIT(31)

#endif /* _VFMGR_HW_82576_REGS_H */
