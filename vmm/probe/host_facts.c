// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/utsname.h>
#include <linux/kvm_para.h>

#include "cpu_vendor.h"
#include "cpuid_table.h"
#include "host_facts.h"

static void read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");

	buf[0] = '\0';
	if (!f)
		return;
	if (fgets(buf, (int)len, f))
		buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
}

void host_facts_read(const struct kvm_sys *kvm, struct host_facts *f)
{
	struct kvm_cpuid2 *c = kvm_get_supported_cpuid(kvm);
	struct kvm_cpuid_entry2 *e = c ? cpuid_find(c, 0, 0) : NULL;
	char buf[16];
	struct utsname u;
	int major, minor;

	memset(f, 0, sizeof(*f));
	kvm_backend(f->backend, sizeof(f->backend));
	if (e) {
		memcpy(f->vendor, &e->ebx, 4);
		memcpy(f->vendor + 4, &e->edx, 4);
		memcpy(f->vendor + 8, &e->ecx, 4);
	}
	free(c);
	f->vmcall = cpu_vendor_vmcall(cpu_vendor_of(f->vendor));

	read_line("/sys/devices/system/clocksource/clocksource0/current_clocksource",
		  f->clocksource, sizeof(f->clocksource));
	/* gtod_is_based_on_tsc(): VDSO_CLOCKMODE_TSC or HVCLOCK. */
	f->tsc_clocksource = !strcmp(f->clocksource, "tsc") ||
			     !strcmp(f->clocksource, "hyperv_clocksource_tsc_page");
	f->sched_info = access("/proc/self/schedstat", F_OK) == 0;
	if (!uname(&u) && sscanf(u.release, "%d.%d", &major, &minor) == 2 &&
	    major > 0 && major < 100 && minor >= 0 && minor < 100)
		f->host_kernel = major * 100 + minor;
	read_line("/sys/module/kvm/parameters/ignore_msrs", buf, sizeof(buf));
	f->ignore_msrs = buf[0] == 'Y' || buf[0] == 'y' || buf[0] == '1';
	/*
	 * With APIC virtualization the interrupt is delivered by the hardware
	 * and highest_isr_cache stays -1: apic_sync_pv_eoi_to_guest() never
	 * arms PV EOI (arch/x86/kvm/lapic.c).  Other backends have neither file.
	 */
	read_line("/sys/module/kvm_intel/parameters/enable_apicv", buf, sizeof(buf));
	f->apicv = buf[0] == 'Y' || buf[0] == 'y' || buf[0] == '1';
	read_line("/sys/module/kvm_amd/parameters/avic", buf, sizeof(buf));
	f->apicv |= buf[0] == 'Y' || buf[0] == 'y' || buf[0] == '1';

	f->exit_hypercall = !!(kvm_check_cap(kvm, KVM_CAP_EXIT_HYPERCALL) &
			       (1 << KVM_HC_MAP_GPA_RANGE));
	f->user_msr = kvm_check_cap(kvm, KVM_CAP_X86_USER_SPACE_MSR) &&
		      kvm_check_cap(kvm, KVM_CAP_X86_MSR_FILTER);
	f->quirk_off = !!(kvm_check_cap(kvm, KVM_CAP_DISABLE_QUIRKS2) &
			  KVM_X86_QUIRK_FIX_HYPERCALL_INSN);
}
