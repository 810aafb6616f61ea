/* SPDX-License-Identifier: GPL-2.0-only */
/* The few x2APIC registers guest probes use (Intel SDM vol. 3, 11.12). */
#ifndef PVPROBE_GUEST_APIC_H
#define PVPROBE_GUEST_APIC_H

#include <stdint.h>

#define MSR_IA32_APICBASE		0x1b
#define APICBASE_EXTD			(1ull << 10)	/* x2APIC mode */
#define APICBASE_EN			(1ull << 11)
#define MSR_X2APIC_EOI			0x80b
#define MSR_X2APIC_SVR			0x80f
#define MSR_X2APIC_ISR0			0x810		/* ISR bits 0-31; +1 per 32 vectors */
#define MSR_X2APIC_IRR0			0x820		/* IRR, the same */
#define MSR_X2APIC_SELF_IPI		0x83f
#define APIC_SVR_ENABLE			0x100
#define APIC_SPURIOUS_VECTOR		0xff

/* x2APIC on, software-enabled: 0, or the fault of the access that failed. */
uint32_t x2apic_enable(void);

#endif /* PVPROBE_GUEST_APIC_H */
